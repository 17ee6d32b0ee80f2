package io.nicplan.embed.steering;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The receive queues a program steers to: {@code count} queues, numbered from 0, of which
 * {@code enabled} accept packets (the {@code queues} C-node; a packet steered to a disabled queue
 * is dropped, as the queue's {@code Valid} node discards it).
 */
public record RxQueues(int count, SortedSet<Integer> enabled) {
    public RxQueues {
        if (count < 1) {
            throw new IllegalArgumentException("at least one receive queue, got " + count);
        }
        enabled = Collections.unmodifiableSortedSet(new TreeSet<>(enabled));
    }

    /** All {@code count} queues enabled. */
    public static RxQueues all(int count) {
        SortedSet<Integer> all = new TreeSet<>();
        for (int q = 0; q < count; q++) {
            all.add(q);
        }
        return new RxQueues(count, all);
    }

    public boolean isEnabled(int queue) {
        return enabled.contains(queue);
    }
}
