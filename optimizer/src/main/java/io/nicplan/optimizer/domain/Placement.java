package io.nicplan.optimizer.domain;

import java.util.Objects;

/**
 * Where one flow goes: the steering mechanism, the queue it lands on, and whether FlexTCP's fast path
 * holds its connection. A flow that RSS spreads over several queues (a wildcard flow without a filter)
 * has queue {@link #SPREAD}.
 */
public record Placement(Mechanism mechanism, int queue, boolean fastPath) {
    /** Queue value of a wildcard flow that RSS spreads over the whole indirection table. */
    public static final int SPREAD = -1;
    /** Queue value of {@link #UNFILTERED}: resolved per flow. */
    private static final int PER_FLOW = -2;
    /**
     * The solver's shared value for "no entry of its own": each flow resolves it to its RSS or default
     * placement. Sharing one value lets a swap move hand a filter from one flow to another.
     */
    public static final Placement UNFILTERED = new Placement(Mechanism.DEFAULT, PER_FLOW, false);

    public Placement {
        Objects.requireNonNull(mechanism, "mechanism");
        boolean sentinel = queue == PER_FLOW && mechanism == Mechanism.DEFAULT && !fastPath;
        if (queue < SPREAD && !sentinel) {
            throw new IllegalArgumentException("queue " + queue);
        }
        if (queue == SPREAD && mechanism != Mechanism.RSS) {
            throw new IllegalArgumentException("only RSS spreads a flow over several queues");
        }
    }

    public boolean isSpread() {
        return queue == SPREAD;
    }

    @Override
    public String toString() {
        if (queue == PER_FLOW) {
            return "unfiltered";
        }
        return mechanism.jsonName() + "->" + (isSpread() ? "spread" : "q" + queue) + (fastPath ? "+fastpath" : "");
    }
}
