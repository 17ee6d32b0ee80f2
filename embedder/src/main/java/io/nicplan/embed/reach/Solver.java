package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.Predicate;
import java.util.Optional;

/** Decides whether some packet satisfies a predicate, and may name one. */
@FunctionalInterface
public interface Solver {
    boolean satisfiable(Predicate p);

    /** Whether every packet satisfying {@code a} satisfies {@code b}. */
    default boolean implies(Predicate a, Predicate b) {
        return !satisfiable(Predicate.and(a, Predicate.not(b)));
    }

    /** True when {@link #witness} answers (so callers may reuse packets it found). */
    default boolean providesWitnesses() {
        return false;
    }

    /**
     * A packet (header fields by {@link io.nicplan.graph.predicate.HeaderField#ordinal()}) that
     * satisfies {@code p}, empty when none does; meaningful only if {@link #providesWitnesses()}.
     */
    default Optional<long[]> witness(Predicate p) {
        return Optional.empty();
    }
}
