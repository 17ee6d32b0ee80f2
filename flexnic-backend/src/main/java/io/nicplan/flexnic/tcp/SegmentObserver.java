package io.nicplan.flexnic.tcp;

import io.nicplan.flexnic.pipeline.PacketMetadata;

/**
 * Sees each segment the fast path received and what became of it, after the fact: the backend
 * counts per connection how many segments the fast path handled and how many it handed to the slow
 * path. Called on the packet path; must not block.
 */
@FunctionalInterface
public interface SegmentObserver {

    /** Observes nothing (the default: no per-segment cost). */
    SegmentObserver NONE = (metadata, reason) -> { };

    /**
     * @param metadata the parsed segment (4-tuple and flags); valid during the call only
     * @param reason the one reason the segment was counted under
     */
    void segment(PacketMetadata metadata, SegmentReason reason);
}
