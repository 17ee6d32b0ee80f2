package io.nicplan.flexnic.program;

import io.nicplan.graph.predicate.HeaderField;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One primitive of an entry's action. Fate primitives ({@link Drop}, {@link FastPath},
 * {@link Dma}, {@link Queue}, {@link Rss}) say where the packet goes; at most one per action.
 * The others ({@link SetMark}, {@link SetHash}, {@link RateLimit}, {@link Count}) change metadata or state and let
 * the packet continue. When stages disagree on the fate, {@link Fate#precedence()} decides.
 */
public sealed interface Action
        permits Action.Queue, Action.Rss, Action.Drop, Action.FastPath, Action.Dma, Action.SetMark, Action.RateLimit,
                Action.Count, Action.SetHash {

    /** The fate this primitive sets, or {@link Fate#NONE}. */
    Fate fate();

    /** Steer to one RX queue. */
    record Queue(int queue) implements Action {
        @Override
        public Fate fate() {
            return Fate.QUEUE;
        }

        @Override
        public String toString() {
            return "queue(" + queue + ")";
        }
    }

    /** Steer by the Toeplitz hash of the flow through a named RSS context's indirection table. */
    record Rss(String context) implements Action {
        public Rss {
            Objects.requireNonNull(context, "context");
        }

        @Override
        public Fate fate() {
            return Fate.RSS;
        }

        @Override
        public String toString() {
            return "rss(" + context + ")";
        }
    }

    /** Drop the packet (counted as {@code table_drop}). */
    record Drop() implements Action {
        @Override
        public Fate fate() {
            return Fate.DROP;
        }

        @Override
        public String toString() {
            return "drop";
        }
    }

    /** Hand the packet to the NIC's fast-path engine (FlexTCP). */
    record FastPath() implements Action {
        @Override
        public Fate fate() {
            return Fate.FAST_PATH;
        }

        @Override
        public String toString() {
            return "fastpath";
        }
    }

    /**
     * Write the chosen header fields (each big-endian in its byte width, in this order) and, if
     * {@code payload}, the L4 payload into one slot of a named host DMA ring, instead of the
     * whole frame into an RX queue.
     */
    record Dma(String ring, List<HeaderField> fields, boolean payload) implements Action {
        public Dma {
            Objects.requireNonNull(ring, "ring");
            fields = List.copyOf(fields);
        }

        @Override
        public Fate fate() {
            return Fate.DMA;
        }

        @Override
        public String toString() {
            String args = fields.stream().map(HeaderField::fieldName).collect(Collectors.joining(", "));
            if (payload) {
                args = args.isEmpty() ? "payload" : args + ", payload";
            }
            return "dma(" + ring + (args.isEmpty() ? "" : ": " + args) + ")";
        }
    }

    /** {@code meta.mark = (meta.mark & ~mask) | (value & mask)}; later stages can match on it. */
    record SetMark(long value, long mask) implements Action {
        @Override
        public Fate fate() {
            return Fate.NONE;
        }

        @Override
        public String toString() {
            return mask == 0xffffffffL ? "mark(0x" + Long.toHexString(value) + ")"
                    : "mark(0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask) + ")";
        }
    }

    /** Police the packet with a named rate class's token bucket (over the rate: dropped). */
    record RateLimit(String rateClass) implements Action {
        public RateLimit {
            Objects.requireNonNull(rateClass, "rateClass");
        }

        @Override
        public Fate fate() {
            return Fate.NONE;
        }

        @Override
        public String toString() {
            return "rate(" + rateClass + ")";
        }
    }

    /** Count the packet and its bytes in a named counter (besides the entry's direct counter). */
    record Count(String counter) implements Action {
        public Count {
            Objects.requireNonNull(counter, "counter");
        }

        @Override
        public Fate fate() {
            return Fate.NONE;
        }

        @Override
        public String toString() {
            return "count(" + counter + ")";
        }
    }

    /**
     * {@code meta.hash = kv.key_hash mod buckets}: the key-value program's first stage (FlexNIC,
     * ASPLOS 2016: "compute a hash of the key into metadata"), so a later stage can map the
     * bucket to the core that owns it. A packet without a parsed key has {@code kv.key_hash} 0,
     * so it lands in bucket 0.
     */
    record SetHash(int buckets) implements Action {
        /** Most buckets a hash action may name (a later exact table holds one entry per bucket). */
        public static final int MAX_BUCKETS = 65_536;

        @Override
        public Fate fate() {
            return Fate.NONE;
        }

        @Override
        public String toString() {
            return "hash(" + buckets + ")";
        }
    }
}
