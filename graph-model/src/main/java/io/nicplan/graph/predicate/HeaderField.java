package io.nicplan.graph.predicate;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The packet header fields (and a few per-packet facts the NIC computes) that predicates talk about.
 *
 * <p>Every field is an unsigned bit vector of at most 48 bits, so a value fits a {@code long}.
 * Fields marked {@link Format#FLAG} are 1-bit facts a parser or checksum unit establishes
 * (e.g. {@code ip.csum_ok}); modelling them as fields lets the embedder decide
 * "the hardware already checked this" by ordinary predicate implication.
 */
public enum HeaderField {
    ETH_DST("eth.dst", 48, Format.MAC),
    ETH_SRC("eth.src", 48, Format.MAC),
    ETH_TYPE("eth.type", 16, Format.HEX, Map.of("ipv4", 0x0800L, "arp", 0x0806L, "vlan", 0x8100L, "ipv6", 0x86DDL)),
    /** 1 if the destination MAC is a multicast or broadcast address (its I/G bit). */
    ETH_MCAST("eth.mcast", 1, Format.FLAG),
    VLAN_ID("vlan.id", 12, Format.DECIMAL),
    /** 4 or 6; {@code ip.proto}, {@code ip.ttl} (the hop limit), {@code l4.*} mean the same for both. */
    IP_VERSION("ip.version", 4, Format.DECIMAL),
    IP_IHL("ip.ihl", 4, Format.DECIMAL),
    IP_DSCP("ip.dscp", 6, Format.DECIMAL),
    IP_TTL("ip.ttl", 8, Format.DECIMAL),
    IP_PROTO("ip.proto", 8, Format.DECIMAL, Map.of("icmp", 1L, "tcp", 6L, "udp", 17L, "sctp", 132L, "icmp6", 58L)),
    IP_SRC("ip.src", 32, Format.IPV4),
    IP_DST("ip.dst", 32, Format.IPV4),
    /** 1 if the IPv4 header checksum is correct (established by software or a checksum unit). */
    IP_CSUM_OK("ip.csum_ok", 1, Format.FLAG),
    /** 1 if the IPv4 total length agrees with the frame (length check). */
    IP_LEN_OK("ip.len_ok", 1, Format.FLAG),
    /** 1 if the destination address is one of the host's local addresses. */
    IP_LOCAL("ip.local", 1, Format.FLAG),
    L4_SPORT("l4.sport", 16, Format.DECIMAL),
    L4_DPORT("l4.dport", 16, Format.DECIMAL),
    /** 1 if the TCP or UDP checksum (with the pseudo-header) is correct. */
    L4_CSUM_OK("l4.csum_ok", 1, Format.FLAG),
    /** TCP flags, low 8 bits of the 9-bit field (CWR ECE URG ACK PSH RST SYN FIN). */
    TCP_FLAGS("tcp.flags", 8, Format.HEX, Map.of("fin", 0x01L, "syn", 0x02L, "rst", 0x04L, "psh", 0x08L, "ack", 0x10L)),
    /** 1 if the Ethernet frame check sequence was correct on arrival. */
    ETH_FCS_OK("eth.fcs_ok", 1, Format.FLAG),
    /** Index into an RSS indirection table: the low bits of the Toeplitz hash of the flow. */
    RSS_BUCKET("rss.bucket", 16, Format.DECIMAL),
    /** Metadata a match-action stage may set for a later one (FlexNIC). */
    META_MARK("meta.mark", 32, Format.HEX),

    // The FlexNIC key-value program's application header (ASPLOS 2016, key-value store steering):
    // a memcached binary-protocol request, as the NIC's programmable parser extracts it. All 0 when
    // the packet carries none (docs/flexnic.md, "Application header").
    /** Magic byte of a memcached binary-protocol request (0x80), 0 when none was parsed. */
    KV_MAGIC("kv.magic", 8, Format.HEX, Map.of("request", 0x80L)),
    /** Opcode of the memcached request (0x00 get, 0x01 set, ...). */
    KV_OPCODE("kv.opcode", 8, Format.HEX, Map.of("get", 0x00L, "set", 0x01L, "delete", 0x04L, "getk", 0x0cL)),
    /** Length of the request's key in bytes. */
    KV_KEY_LEN("kv.key_len", 16, Format.DECIMAL),
    /** CRC32C of the request's key bytes: what the NIC's hash unit computes over the parsed key. */
    KV_KEY_HASH("kv.key_hash", 32, Format.HEX),
    /** Metadata a stage's {@code hash} action writes ({@code kv.key_hash} mod its bucket count) for a later stage to match. */
    META_HASH("meta.hash", 32, Format.DECIMAL),

    /*
     * IPv6 addresses are 128 bits; a field holds at most 48, so each address is four 32-bit words,
     * most significant first (ip6.src.w0 is the first four bytes on the wire). Predicates on a whole
     * address or prefix are conjunctions over the words (Ipv6Field builds them, and Unicorn's
     * "ip6.src == 2001:db8::1" and "ip6.src in 2001:db8::/32" expand to them), so the header-space
     * reasoning stays per-field bit vectors: a prefix is a masked value on each word.
     */
    /** IPv6 source address, bits 0..31. */
    IP6_SRC_W0("ip6.src.w0", 32, Format.HEX),
    /** IPv6 source address, bits 32..63. */
    IP6_SRC_W1("ip6.src.w1", 32, Format.HEX),
    /** IPv6 source address, bits 64..95. */
    IP6_SRC_W2("ip6.src.w2", 32, Format.HEX),
    /** IPv6 source address, bits 96..127. */
    IP6_SRC_W3("ip6.src.w3", 32, Format.HEX),
    /** IPv6 destination address, bits 0..31. */
    IP6_DST_W0("ip6.dst.w0", 32, Format.HEX),
    /** IPv6 destination address, bits 32..63. */
    IP6_DST_W1("ip6.dst.w1", 32, Format.HEX),
    /** IPv6 destination address, bits 64..95. */
    IP6_DST_W2("ip6.dst.w2", 32, Format.HEX),
    /** IPv6 destination address, bits 96..127. */
    IP6_DST_W3("ip6.dst.w3", 32, Format.HEX),
    /**
     * How many IPv6 extension headers (RFC 8200 4.1: hop-by-hop, routing, fragment, destination
     * options) precede the upper-layer header whose protocol is {@code ip.proto}; 15 means 15 or more.
     */
    IP6_EXT("ip6.ext", 4, Format.DECIMAL);

    /** How values of a field are written in text. */
    public enum Format { DECIMAL, HEX, IPV4, MAC, FLAG }

    private static final Map<String, HeaderField> BY_NAME;

    static {
        Map<String, HeaderField> byName = new LinkedHashMap<>();
        for (HeaderField f : values()) {
            byName.put(f.fieldName, f);
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private final String fieldName;
    private final int width;
    private final Format format;
    private final Map<String, Long> symbols;

    HeaderField(String fieldName, int width, Format format) {
        this(fieldName, width, format, Map.of());
    }

    HeaderField(String fieldName, int width, Format format, Map<String, Long> symbols) {
        this.fieldName = fieldName;
        this.width = width;
        this.format = format;
        this.symbols = symbols;
    }

    /** The dotted name used in text, e.g. {@code ip.proto}. */
    public String fieldName() {
        return fieldName;
    }

    /** Width in bits (1..48). */
    public int width() {
        return width;
    }

    public Format format() {
        return format;
    }

    /** All-ones mask of this field's width. */
    public long fullMask() {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /** Largest value the field can hold. */
    public long maxValue() {
        return fullMask();
    }

    /** Symbolic names for values, e.g. {@code udp} for {@code ip.proto}. */
    public Map<String, Long> symbols() {
        return symbols;
    }

    public Optional<Long> symbol(String name) {
        return Optional.ofNullable(symbols.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public static Optional<HeaderField> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The dotted names of all fields, in declaration order. */
    public static String[] names() {
        return Arrays.stream(values()).map(HeaderField::fieldName).toArray(String[]::new);
    }

    @Override
    public String toString() {
        return fieldName;
    }
}
