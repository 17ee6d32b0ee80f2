package io.nicplan.embed.steering;

import io.nicplan.graph.predicate.HeaderField;
import java.util.List;
import java.util.Objects;

/**
 * How a NIC delivers the packets an entry steers to a queue (FlexNIC, ASPLOS 2016 section 3): the
 * whole frame, or a record of chosen fields and the payload DMAed into the queue's ring; and the
 * queue manager's rate limit on the queue, if any.
 *
 * <p>What it does to host cycles: nothing in the embedding. The LPG charges a packet's software
 * nodes per packet and has no per-byte or copy cost, so a record of fields costs the host what a
 * frame does; the placement (the queue) is the same either way, which is all classification
 * predicts. A policed queue's drops depend on the arrival rate, which classification does not
 * model either: a plan's rates below the limit see no drop.
 *
 * @param dmaFields fields written into the ring, in order, each big-endian in its width; empty: the frame
 * @param dmaPayload whether the L4 payload follows the fields
 * @param rateBitsPerSecond the queue's rate limit; 0: none
 * @param rateBurstBytes the limit's bucket depth; 0 without a limit
 */
public record QueueDelivery(List<HeaderField> dmaFields, boolean dmaPayload, long rateBitsPerSecond, long rateBurstBytes) {
    /** The whole frame, no rate limit: what every NIC but FlexNIC does. */
    public static final QueueDelivery FRAME = new QueueDelivery(List.of(), false, 0, 0);

    public QueueDelivery {
        dmaFields = List.copyOf(Objects.requireNonNull(dmaFields, "dmaFields"));
        if (rateBitsPerSecond < 0 || rateBurstBytes < 0 || (rateBitsPerSecond == 0) != (rateBurstBytes == 0)) {
            throw new IllegalArgumentException("rate " + rateBitsPerSecond + " bit/s with burst " + rateBurstBytes + " bytes");
        }
    }

    /** Whether a record of fields (or the payload) goes into the ring instead of the frame. */
    public boolean dma() {
        return !dmaFields.isEmpty() || dmaPayload;
    }

    /** Whether the queue manager polices the queue. */
    public boolean rateLimited() {
        return rateBitsPerSecond > 0;
    }
}
