package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.Predicate;

/** Decides whether some packet satisfies a predicate. */
@FunctionalInterface
public interface Solver {
    boolean satisfiable(Predicate p);

    /** Whether every packet satisfying {@code a} satisfies {@code b}. */
    default boolean implies(Predicate a, Predicate b) {
        return !satisfiable(Predicate.and(a, Predicate.not(b)));
    }
}
