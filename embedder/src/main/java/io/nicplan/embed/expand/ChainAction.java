package io.nicplan.embed.expand;

/** What a steering entry does with the packets it matches. */
public sealed interface ChainAction
        permits ChainAction.ToQueue, ChainAction.ToPort, ChainAction.Drop, ChainAction.Mark, ChainAction.FastPath,
                ChainAction.Hash {

    /** Deliver to a receive queue. */
    record ToQueue(int queue, io.nicplan.embed.steering.QueueDelivery delivery) implements ChainAction {
        /** The whole frame into the queue. */
        public ToQueue(int queue) {
            this(queue, io.nicplan.embed.steering.QueueDelivery.FRAME);
        }

        @Override public String toString() { return "queue " + queue; }
    }

    /** Continue at the targets of one of the C-node's ports (e.g. {@code rss}). */
    record ToPort(String port) implements ChainAction {
        @Override public String toString() { return port; }
    }

    /** Discard. */
    record Drop() implements ChainAction {
        @Override public String toString() { return "drop"; }
    }

    /** Set {@code meta.mark} and continue at the C-node's {@code default} targets. */
    record Mark(long value) implements ChainAction {
        @Override public String toString() { return "mark 0x" + Long.toHexString(value); }
    }

    /**
     * Write {@code meta.hash = kv.key_hash mod buckets} (the key-value program's first stage) and
     * continue at the C-node's {@code default} targets, where a later stage matches the bucket.
     */
    record Hash(int buckets) implements ChainAction {
        @Override public String toString() { return "hash " + buckets; }
    }

    /** Hand to the FlexTCP fast path (receive processing in the NIC), then deliver to a queue. */
    record FastPath(int queue) implements ChainAction {
        @Override public String toString() { return "fastpath queue " + queue; }
    }
}
