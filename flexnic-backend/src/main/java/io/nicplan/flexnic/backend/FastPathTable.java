package io.nicplan.flexnic.backend;

import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.flexnic.pipeline.FastPathEngine;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.graph.predicate.HeaderField;
import java.util.List;
import java.util.Optional;

/**
 * A stand-in for FlexTCP's receive fast path until FlexTCP itself runs on the emulator: it
 * delivers a segment of a flow that holds a slot (the FlexTCP C-node's entries, first match wins)
 * to the slot's queue, the queue whose application the NIC would notify, and a segment of any
 * other flow where the C-node's {@code default} port leads (RSS or a fixed queue), which is what
 * the description says the NIC does with it. It keeps no connection state and sends no ACKs.
 */
public final class FastPathTable implements FastPathEngine {

    /** The fields a slot's match reads. */
    private static final HeaderField[] FIELDS = {HeaderField.ETH_TYPE, HeaderField.IP_PROTO, HeaderField.IP_SRC,
            HeaderField.IP_DST, HeaderField.L4_SPORT, HeaderField.L4_DPORT};

    private final List<Slot> slots;
    private final Fallback fallback;
    private final long[] packet = new long[HeaderField.values().length];

    /** One flow-state slot: the packets it holds and the queue they are delivered to (-1: dropped). */
    public record Slot(FilterMatch match, int queue) {
    }

    /** Where a segment no slot holds goes: RSS over an indirection table, or one queue (-1: dropped). */
    public record Fallback(Optional<RssTable> rss, int queue) {
        public static Fallback queue(int queue) {
            return new Fallback(Optional.empty(), queue);
        }

        public static Fallback rss(RssTable rss) {
            return new Fallback(Optional.of(rss), -1);
        }

        int queueOf(long[] packet) {
            return rss.isPresent() ? rss.get().queueOf(packet) : queue;
        }
    }

    public FastPathTable(List<Slot> slots, Fallback fallback) {
        this.slots = List.copyOf(slots);
        this.fallback = fallback;
    }

    /** No fast path: every segment goes to queue 0 (no NIC without a FlexTCP C-node sends packets here). */
    public static FastPathTable none() {
        return new FastPathTable(List.of(), Fallback.queue(0));
    }

    public List<Slot> slots() {
        return slots;
    }

    public Fallback fallback() {
        return fallback;
    }

    /** The queue a packet (header fields by {@link HeaderField#ordinal()}) is delivered to, or -1 when dropped. */
    public int queueOf(long[] fields) {
        for (Slot s : slots) {
            if (s.match().matches(fields)) {
                return s.queue();
            }
        }
        return fallback.queueOf(fields);
    }

    @Override
    public int process(byte[] frame, int offset, int length, PacketMetadata metadata, long nowNanos) {
        for (HeaderField f : FIELDS) {
            packet[f.ordinal()] = metadata.field(f);
        }
        int q = queueOf(packet);
        return q < 0 ? DROPPED : q;
    }
}
