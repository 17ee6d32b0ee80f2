package io.nicplan.embed.classify;

import java.util.Collections;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where a flow's packets go: the set of receive queues they can reach, and the one queue when
 * there is exactly one (always so for a concrete flow that is not dropped).
 */
public record Placement(String flow, SortedSet<Integer> queues) {
    public Placement {
        Objects.requireNonNull(flow, "flow");
        queues = Collections.unmodifiableSortedSet(new TreeSet<>(queues));
    }

    /** The queue, when the flow reaches exactly one. */
    public OptionalInt queue() {
        return queues.size() == 1 ? OptionalInt.of(queues.first()) : OptionalInt.empty();
    }

    /** True when no packet of the flow reaches a queue. */
    public boolean dropped() {
        return queues.isEmpty();
    }
}
