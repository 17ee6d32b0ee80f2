package io.nicplan.embed.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where a flow's packets go: the receive queues they can reach, ascending, and the one queue when
 * there is exactly one (always so for a concrete flow that is not dropped).
 */
public record Placement(String flow, List<Integer> queues) {
    public Placement {
        Objects.requireNonNull(flow, "flow");
        queues = List.copyOf(queues);
        for (int i = 1; i < queues.size(); i++) {
            if (queues.get(i - 1) >= queues.get(i)) {
                throw new IllegalArgumentException("queues must be distinct and ascending: " + queues);
            }
        }
    }

    /** A placement from queue numbers in any order. */
    public static Placement of(String flow, Collection<Integer> queues) {
        List<Integer> sorted = new ArrayList<>(new java.util.TreeSet<>(queues));
        return new Placement(flow, sorted);
    }

    /** A placement from the ascending array a classifier returns. */
    static Placement of(String flow, int[] ascending) {
        if (ascending.length == 1) {
            return new Placement(flow, List.of(ascending[0]));
        }
        List<Integer> l = new ArrayList<>(ascending.length);
        for (int q : ascending) {
            l.add(q);
        }
        return new Placement(flow, l);
    }

    /** The queue, when the flow reaches exactly one. */
    public OptionalInt queue() {
        return queues.size() == 1 ? OptionalInt.of(queues.get(0)) : OptionalInt.empty();
    }

    /** True when no packet of the flow reaches a queue. */
    public boolean dropped() {
        return queues.isEmpty();
    }
}
