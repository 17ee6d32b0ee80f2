package io.nicplan.graph;

import io.nicplan.graph.predicate.Predicate;
import java.util.Objects;

/**
 * A named output of a node with the condition under which it is active.
 *
 * <p>The edges leaving a port live in the {@link DataflowGraph}; a port only names itself and
 * carries its predicate ({@link Predicate#TRUE} when the description gives none).
 */
public record Port(String name, Predicate predicate) {
    public static final String TRUE = "true";
    public static final String FALSE = "false";

    public Port {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predicate, "predicate");
    }

    public static Port of(String name) {
        return new Port(name, Predicate.TRUE);
    }

    public boolean hasPredicate() {
        return !(predicate instanceof Predicate.True);
    }
}
