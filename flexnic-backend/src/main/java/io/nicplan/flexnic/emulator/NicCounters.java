package io.nicplan.flexnic.emulator;

import io.nicplan.flexnic.pipeline.DropReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Device counters at one moment. Every received frame ends in exactly one place, so
 * {@code rxFrames == toQueues + toDma + toFastPath + totalDrops()} always holds.
 *
 * @param toQueues frames written into an RX queue (by a table, RSS, the default, or punted by the fast path)
 * @param toDma frames whose DMA record was written into a DMA ring
 * @param toFastPath frames the fast-path engine consumed
 * @param perQueue frames written into each RX queue
 */
public record NicCounters(long rxFrames, long rxBytes, long toQueues, long toDma, long toFastPath,
        Map<DropReason, Long> drops, List<Long> perQueue, long txFrames, long txBytes) {

    public NicCounters {
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        copy.putAll(drops);
        drops = Collections.unmodifiableMap(copy);
        perQueue = List.copyOf(perQueue);
    }

    public long totalDrops() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }

    public long drops(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /** Frames that left the NIC towards the host (queues, DMA rings, fast path). */
    public long delivered() {
        return toQueues + toDma + toFastPath;
    }
}
