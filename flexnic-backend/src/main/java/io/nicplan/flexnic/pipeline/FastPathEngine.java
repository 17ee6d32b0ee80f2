package io.nicplan.flexnic.pipeline;

/**
 * A protocol engine inside the NIC that packets with fate FAST_PATH are handed to (FlexTCP's
 * per-flow TCP processing). It runs on the packet path: it must not block, and should not
 * allocate per packet. The frame bytes are only valid during the call.
 */
public interface FastPathEngine {

    /** The engine took the packet (e.g. placed its payload in a flow buffer and sent an ACK). */
    int CONSUMED = -1;

    /** The engine discarded the packet (counted as {@code fast_path_drop}). */
    int DROPPED = -2;

    /**
     * Handles one packet.
     *
     * @param metadata what the parser found (offsets, fields); valid during the call only
     * @return {@link #CONSUMED}, {@link #DROPPED}, or an RX queue index to deliver the frame to
     *     (the slow path's queue, for segments the engine does not handle)
     */
    int process(byte[] frame, int offset, int length, PacketMetadata metadata, long nowNanos);
}
