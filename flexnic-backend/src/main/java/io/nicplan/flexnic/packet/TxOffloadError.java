package io.nicplan.flexnic.packet;

import java.util.Locale;

/** Why a frame posted with transmit offloads was refused (counted by the emulator, never thrown on the packet path). */
public enum TxOffloadError {
    /** Neither IPv4 nor IPv6 (optionally behind one 802.1Q tag). */
    NOT_IP,
    /** The Ethernet, IP (IPv6 extension headers included) or L4 header does not fit the frame, or the IPv4 header length is below 5 words. */
    TRUNCATED_HEADERS,
    /** Checksum offload on a frame whose IPv4 total length, IPv6 payload length or UDP length disagrees with the frame. */
    BAD_LENGTH,
    /** An IPv4 fragment or an IPv6 frame with a fragment header: its L4 checksum covers other fragments, so the NIC cannot compute it. */
    FRAGMENT,
    /**
     * An IPv6 extension-header chain the offloads do not pass over: an authentication header (RFC 4302), or more
     * than {@link TransmitOffloads#MAX_IPV6_EXTENSION_HEADERS} headers.
     */
    IPV6_EXTENSIONS,
    /** An IPv6 routing header with segments left: the pseudo-header would need the final destination (RFC 8200 8.1). */
    IPV6_ROUTING,
    /** TSO asked for a protocol other than TCP. */
    TSO_NOT_TCP,
    /** TSO payload beyond {@link TransmitOffloads#MAX_TSO_PAYLOAD} bytes. */
    TSO_TOO_LARGE,
    /** A TSO segment (headers plus MSS) would not fit one transmit descriptor's buffer, or its IP length field (16 bits). */
    SEGMENT_TOO_LARGE,
    /** The transmit ring has no room for all the segments of the send. */
    RING_FULL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
