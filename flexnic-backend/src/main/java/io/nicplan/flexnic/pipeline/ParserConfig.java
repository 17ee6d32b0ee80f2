package io.nicplan.flexnic.pipeline;

/**
 * Parser settings: the longest frame accepted (bytes without FCS, a VLAN tag included) and whether frames with a
 * wrong IPv4 or L4 checksum are dropped (a NIC's RX checksum offload discarding them) or only
 * flagged in {@code ip.csum_ok} / {@code l4.csum_ok} and left to the tables.
 */
public record ParserConfig(int maxFrameLength, boolean dropBadChecksums) {

    /** 1514 bytes of untagged Ethernet plus a 4-byte 802.1Q tag. */
    public static final int STANDARD_MAX_FRAME = 1518;

    public static final ParserConfig DEFAULT = new ParserConfig(STANDARD_MAX_FRAME, true);

    public ParserConfig {
        if (maxFrameLength < 60 || maxFrameLength > 65535) {
            throw new IllegalArgumentException("max frame length must be 60..65535, got " + maxFrameLength);
        }
    }
}
