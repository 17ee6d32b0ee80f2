package io.nicplan.flexnic.pipeline;

import io.nicplan.graph.predicate.HeaderField;
import java.util.Arrays;

/**
 * What the parser learnt about one packet: header-field values (indexed by
 * {@link HeaderField#ordinal()}; fields of absent headers read 0), where each layer starts in the
 * buffer and which protocols are present. One instance is reused for every packet, so nothing
 * here is valid after the next packet is parsed.
 */
public final class PacketMetadata {

    public static final int L3_NONE = 0;
    public static final int L3_IPV4 = 1;
    public static final int L3_ARP = 2;
    public static final int L3_IPV6 = 3;

    public static final int L4_NONE = 0;
    public static final int L4_TCP = 1;
    public static final int L4_UDP = 2;
    public static final int L4_ICMP = 3;
    /** An IPv4 protocol the parser does not look into. */
    public static final int L4_OTHER = 4;
    /** ICMPv6 (RFC 4443), checksummed over the IPv6 pseudo-header. */
    public static final int L4_ICMP6 = 5;

    static final int FIELD_COUNT = HeaderField.values().length;
    /**
     * An index past the header fields whose value is always 0: a table key packing fewer fields
     * into a word than it has slots points the spare slots here ({@link KeyPacking}).
     */
    static final int ZERO_SLOT = FIELD_COUNT;

    final long[] fields = newFieldArray();
    int frameOffset;
    int frameLength;
    int l3Offset;
    int l4Offset;
    int payloadOffset;
    int payloadLength;
    int l3;
    int l4;
    boolean fragment;
    boolean vlanTagged;
    DropReason dropReason;
    /**
     * An IPv6 packet's addresses as the {@code _ex} RSS hash types read them (io.nicplan.net.RssHashType), each as its
     * big-endian halves: the Home Address option's address in place of the source and the type-2 routing header's
     * in place of the destination where the packet has them, else the header's. Set for every IPv6 packet.
     */
    long exSrcHigh;
    long exSrcLow;
    long exDstHigh;
    long exDstLow;

    /**
     * Starts a new packet. The header fields are not cleared here: the parser writes every one of
     * them on each path that accepts a frame (0 for headers the frame lacks) and clears them all
     * when it rejects one, which saves clearing the whole array for every packet.
     */
    void reset(int offset, int length) {
        frameOffset = offset;
        frameLength = length;
        l3Offset = -1;
        l4Offset = -1;
        payloadOffset = -1;
        payloadLength = 0;
        l3 = L3_NONE;
        l4 = L4_NONE;
        fragment = false;
        vlanTagged = false;
        dropReason = null;
    }

    /** An array for the header fields of one packet, and the zero slot. */
    static long[] newFieldArray() {
        return new long[FIELD_COUNT + 1];
    }

    /** Sets every header field to 0 (a rejected frame has none). */
    void clearFields() {
        Arrays.fill(fields, 0L);
    }

    /** A field's value (unsigned, at most 48 bits). */
    public long field(HeaderField field) {
        return fields[field.ordinal()];
    }

    /** Sets a field (stages use it for {@code meta.mark}; an engine may set others). */
    public void setField(HeaderField field, long value) {
        fields[field.ordinal()] = value;
    }

    public int frameOffset() {
        return frameOffset;
    }

    public int frameLength() {
        return frameLength;
    }

    /** Buffer offset of the IPv4 or ARP header, or -1. */
    public int l3Offset() {
        return l3Offset;
    }

    /** Buffer offset of the TCP/UDP/ICMP header, or -1 (none, or a fragment). */
    public int l4Offset() {
        return l4Offset;
    }

    /** Buffer offset of the L4 payload (after TCP options), or -1. */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** One of {@code L3_*}. */
    public int l3() {
        return l3;
    }

    /** One of {@code L4_*}. */
    public int l4() {
        return l4;
    }

    public boolean isTcp() {
        return l4 == L4_TCP;
    }

    public boolean isUdp() {
        return l4 == L4_UDP;
    }

    public boolean isFragment() {
        return fragment;
    }

    public boolean vlanTagged() {
        return vlanTagged;
    }

    /** Why the parser rejected the packet, or null while it is accepted. */
    public DropReason dropReason() {
        return dropReason;
    }
}
