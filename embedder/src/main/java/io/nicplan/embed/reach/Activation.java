package io.nicplan.embed.reach;

import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;

/**
 * How O-nodes combine their inputs (Unicorn semantics, after Dragonet).
 *
 * <p>An input edge of an O-node leaves a port of another node. When that port fires, the input is
 * activated: <em>false</em> if the port is named {@code false}, <em>true</em> otherwise. An input
 * whose port does not fire is not activated. The {@code true} output applies the operator to the
 * true activations, the {@code false} output the dual operator to the false activations
 * (De Morgan): {@code or} fires true when any input is true and false when all inputs are false;
 * {@code and} fires true when all are true and false when any is false; {@code nand} and
 * {@code nor} swap their outputs. An O-node may fire neither port (e.g. an {@code and} with an
 * input that was never activated).
 */
public final class Activation {
    private Activation() {
    }

    /** The value an edge leaving {@code port} carries into an O-node. */
    public static boolean carriesTrue(String port) {
        return !Port.FALSE.equals(port);
    }

    /** Whether the O-node's {@code true} port fires. */
    public static boolean firesTrue(NodeKind kind, int trueInputs, int falseInputs, int inputs) {
        switch (kind) {
            case OR:
                return trueInputs > 0;
            case AND:
                return inputs > 0 && trueInputs == inputs;
            case NAND:
                return falseInputs > 0;
            case NOR:
                return inputs > 0 && falseInputs == inputs;
            default:
                throw new IllegalArgumentException(kind + " is not an operator");
        }
    }

    /** Whether the O-node's {@code false} port fires. */
    public static boolean firesFalse(NodeKind kind, int trueInputs, int falseInputs, int inputs) {
        switch (kind) {
            case OR:
                return inputs > 0 && falseInputs == inputs;
            case AND:
                return falseInputs > 0;
            case NAND:
                return inputs > 0 && trueInputs == inputs;
            case NOR:
                return trueInputs > 0;
            default:
                throw new IllegalArgumentException(kind + " is not an operator");
        }
    }

    /** True when the {@code true} output needs every input (and its false output any). */
    public static boolean trueNeedsAll(NodeKind kind) {
        return kind == NodeKind.AND || kind == NodeKind.NOR;
    }

    /** The input value the {@code true} output counts: true activations for or/and, false ones for nand/nor. */
    public static boolean trueCounts(NodeKind kind) {
        return kind == NodeKind.OR || kind == NodeKind.AND;
    }
}
