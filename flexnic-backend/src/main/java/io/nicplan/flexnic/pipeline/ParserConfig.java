package io.nicplan.flexnic.pipeline;

/**
 * Parser settings: the longest frame accepted (bytes without FCS, a VLAN tag included), whether frames with a
 * wrong IPv4 or L4 checksum are dropped (a NIC's RX checksum offload discarding them) or only
 * flagged in {@code ip.csum_ok} / {@code l4.csum_ok} and left to the tables, and the port on which the
 * parser reads a memcached binary-protocol request header into the {@code kv.*} fields (0: it reads none;
 * FlexNIC's programmable parser, as the paper's key-value steering program configures it).
 */
public record ParserConfig(int maxFrameLength, boolean dropBadChecksums, int kvPort) {

    /** 1514 bytes of untagged Ethernet plus a 4-byte 802.1Q tag. */
    public static final int STANDARD_MAX_FRAME = 1518;

    /** memcached's registered port (IANA "memcache", 11211), on UDP and TCP. */
    public static final int MEMCACHED_PORT = 11211;

    public static final ParserConfig DEFAULT = new ParserConfig(STANDARD_MAX_FRAME, true);

    public ParserConfig {
        if (maxFrameLength < 60 || maxFrameLength > 65535) {
            throw new IllegalArgumentException("max frame length must be 60..65535, got " + maxFrameLength);
        }
        if (kvPort < 0 || kvPort > 65535) {
            throw new IllegalArgumentException("kv port must be 0 (none) or 1..65535, got " + kvPort);
        }
    }

    /** Settings that parse no application header. */
    public ParserConfig(int maxFrameLength, boolean dropBadChecksums) {
        this(maxFrameLength, dropBadChecksums, 0);
    }

    /** The same settings, parsing memcached binary requests sent to {@code port} (0: none). */
    public ParserConfig withKvPort(int port) {
        return new ParserConfig(maxFrameLength, dropBadChecksums, port);
    }
}
