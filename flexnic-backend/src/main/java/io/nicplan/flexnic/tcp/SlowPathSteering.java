package io.nicplan.flexnic.tcp;

import io.nicplan.flexnic.pipeline.PacketMetadata;

/**
 * Where the fast path delivers a segment it hands to the slow path: one queue (a
 * {@link FastPathConfig#slowPathQueue()}), or, on a NIC compiled from a description, where the
 * FlexTCP C-node's {@code default} port leads (RSS over the host's queues).
 */
@FunctionalInterface
public interface SlowPathSteering {

    /**
     * @param metadata the parsed segment; valid during the call only
     * @return the RX queue, or {@link io.nicplan.flexnic.pipeline.FastPathEngine#DROPPED}
     */
    int queueOf(PacketMetadata metadata);
}
