package io.nicplan.embed.steering;

/**
 * What a steering entry does with the packets it matches. Every action but {@link Mark},
 * {@link Hash} and {@link Continue} <em>claims</em> the packet: no later table sees it (the graph's "the first
 * C-node that matches decides").
 */
public sealed interface SteeringAction permits SteeringAction.ToQueue, SteeringAction.ToRss, SteeringAction.Drop,
        SteeringAction.FastPath, SteeringAction.Mark, SteeringAction.Hash, SteeringAction.Continue {

    /**
     * Deliver to receive queue {@code queue} (dropped there if the queue is disabled, as its {@code Valid} node does),
     * as {@code delivery} says (the frame, or FlexNIC's DMA of chosen fields; a rate limit).
     */
    record ToQueue(int queue, QueueDelivery delivery) implements SteeringAction {
        public ToQueue {
            if (queue < 0) {
                throw new IllegalArgumentException("queue " + queue + " < 0");
            }
            java.util.Objects.requireNonNull(delivery, "delivery");
        }

        /** The whole frame into the queue. */
        public ToQueue(int queue) {
            this(queue, QueueDelivery.FRAME);
        }
    }

    /** Spread over the queues by the program's {@link RssTable}. */
    record ToRss() implements SteeringAction {
    }

    /** Discard. */
    record Drop() implements SteeringAction {
    }

    /**
     * Hand to the NIC's TCP fast path (FlexTCP receive processing). With a queue: then deliver to
     * that queue (a FlexTCP slot's notify queue); without (-1): the fast path decides.
     */
    record FastPath(int queue) implements SteeringAction {
        /** The fast path decides the queue (a table entry sending packets to the {@code fastpath} port). */
        public static FastPath engine() {
            return new FastPath(-1);
        }

        public boolean hasQueue() {
            return queue >= 0;
        }
    }

    /** Set {@code meta.mark} to {@code value} and go on to the next table (not a claim). */
    record Mark(long value) implements SteeringAction {
    }

    /**
     * Set {@code meta.hash} to {@code kv.key_hash mod buckets} and go on to the next table (not a
     * claim): the first stage of FlexNIC's key-value steering program.
     */
    record Hash(int buckets) implements SteeringAction {
        public Hash {
            if (buckets < 1) {
                throw new IllegalArgumentException("hash buckets " + buckets + " < 1");
            }
        }
    }

    /** Go on to the next table unchanged: what a table does with packets no entry matches. */
    record Continue() implements SteeringAction {
    }

    /** Whether the action claims the packet (later tables do not see it). */
    default boolean claims() {
        return !(this instanceof Mark) && !(this instanceof Hash) && !(this instanceof Continue);
    }
}
