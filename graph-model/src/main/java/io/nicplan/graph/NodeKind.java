package io.nicplan.graph;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The three Unicorn node families: F-nodes ({@code node}, {@code boolean}), O-nodes and C-nodes. */
public enum NodeKind {
    /** F-node: exactly one of its ports is active for a packet. */
    NODE,
    /** F-node with exactly the ports {@code true} and {@code false}. */
    BOOLEAN,
    /** O-node: true when all inputs are true; its false port when any input is false. */
    AND,
    /** O-node: true when any input is true; its false port when all inputs are false. */
    OR,
    /** O-node: negated AND (true port fires when AND's false port would). */
    NAND,
    /** O-node: negated OR. */
    NOR,
    /** C-node: a placeholder a configuration function expands into a subgraph. */
    CONFIG;

    /** The keyword that introduces this kind in Unicorn text. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFunction() {
        return this == NODE || this == BOOLEAN;
    }

    public boolean isOperator() {
        return this == AND || this == OR || this == NAND || this == NOR;
    }

    /** Kinds whose only ports are {@code true} and {@code false}. */
    public boolean hasBooleanPorts() {
        return this == BOOLEAN || isOperator();
    }

    public static Optional<NodeKind> byKeyword(String keyword) {
        return Arrays.stream(values()).filter(k -> k.keyword().equals(keyword)).findFirst();
    }
}
