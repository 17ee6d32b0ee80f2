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

    public Placement {
        Objects.requireNonNull(mechanism, "mechanism");
        if (queue < SPREAD) {
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
        return mechanism.jsonName() + "->" + (isSpread() ? "spread" : "q" + queue) + (fastPath ? "+fastpath" : "");
    }
}
