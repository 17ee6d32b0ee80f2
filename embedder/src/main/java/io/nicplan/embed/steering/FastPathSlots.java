package io.nicplan.embed.steering;

import java.util.List;
import java.util.Objects;

/**
 * FlexTCP's receive fast path: flows holding a slot (first match wins) are delivered to the slot's
 * queue; segments of any other flow take {@code fallback} (where the FlexTCP C-node's
 * {@code default} port leads).
 *
 * @param node id of the {@code flextcp} C-node
 * @param fallback {@link SteeringAction.ToRss} or {@link SteeringAction.ToQueue}
 */
public record FastPathSlots(String node, List<Slot> slots, SteeringAction fallback) {
    public FastPathSlots {
        Objects.requireNonNull(node, "node");
        slots = List.copyOf(slots);
        if (!(fallback instanceof SteeringAction.ToRss) && !(fallback instanceof SteeringAction.ToQueue)) {
            throw new IllegalArgumentException(node + ": fast-path fallback " + fallback + " is not RSS or a queue");
        }
    }

    /** One flow-state slot: the packets it holds and the queue it notifies. */
    public record Slot(FilterMatch match, int queue) {
        public Slot {
            Objects.requireNonNull(match, "match");
        }
    }
}
