package io.nicplan.flexnic.packet;

import java.util.Locale;

/** Why a frame posted with transmit offloads was refused (counted by the emulator, never thrown on the packet path). */
public enum TxOffloadError {
    /** Not IPv4 (optionally behind one 802.1Q tag): the offloads are IPv4 only. */
    NOT_IPV4,
    /** The Ethernet, IPv4 or L4 header does not fit the frame, or the IPv4 header length is below 5 words. */
    TRUNCATED_HEADERS,
    /** Checksum offload on a frame whose IPv4 total length or UDP length disagrees with the frame. */
    BAD_LENGTH,
    /** An IPv4 fragment: its L4 checksum covers other fragments, so the NIC cannot compute it. */
    FRAGMENT,
    /** TSO asked for a protocol other than TCP. */
    TSO_NOT_TCP,
    /** TSO payload beyond {@link TransmitOffloads#MAX_TSO_PAYLOAD} bytes. */
    TSO_TOO_LARGE,
    /** A TSO segment (headers plus MSS) would not fit one transmit descriptor's buffer. */
    SEGMENT_TOO_LARGE,
    /** The transmit ring has no room for all the segments of the send. */
    RING_FULL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
