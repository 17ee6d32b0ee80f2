package io.nicplan.service.emulator;

import io.nicplan.flexnic.pipeline.FastPathEngine;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.graph.predicate.HeaderField;
import java.util.HashMap;
import java.util.Map;

/**
 * FlexTCP's flow-state table as the emulator's fast-path engine: a segment of a connection that
 * holds a slot is handled by the NIC and its application is notified on the slot's queue (the
 * emulator delivers the segment there); a segment of any other connection is dropped as
 * {@code fast_path_drop}, since only a plan that sends unknown connections to the fast path gets here.
 */
final class FlowStateSlots implements FastPathEngine {
    private final Map<Key, Integer> slots = new HashMap<>();
    private final int capacity;

    /** A connection by its 4-tuple, as the NIC sees it arrive (source = the peer). */
    record Key(long srcIp, long dstIp, int srcPort, int dstPort) {
    }

    FlowStateSlots(int capacity) {
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return slots.size();
    }

    /** Replaces every slot; false (and nothing changed) when they do not fit. */
    boolean replaceAll(Map<Key, Integer> next) {
        if (next.size() > capacity) {
            return false;
        }
        slots.clear();
        slots.putAll(next);
        return true;
    }

    @Override
    public int process(byte[] frame, int offset, int length, PacketMetadata m, long nowNanos) {
        Integer queue = slots.get(new Key(m.field(HeaderField.IP_SRC), m.field(HeaderField.IP_DST),
                (int) m.field(HeaderField.L4_SPORT), (int) m.field(HeaderField.L4_DPORT)));
        return queue == null ? DROPPED : queue;
    }
}
