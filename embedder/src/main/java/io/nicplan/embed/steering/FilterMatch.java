package io.nicplan.embed.steering;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Ipv6Field;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.net.Ipv6Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The packets one steering entry matches: a ternary match on EtherType, IPv4 protocol, addresses
 * and ports. Absent fields have a zero mask (wildcard). Every steering table of the shipped NICs
 * (5-tuple, flow director, EtherType, FlexNIC match-action, FlexTCP) is a match of this shape.
 *
 * <p>The protocol is matched on its <em>class</em>: {@code tcp}, {@code udp}, {@code sctp} match
 * their number; {@link #PROTO_OTHER} matches every other protocol (the 82599's "other" 5-tuple
 * protocol).
 *
 * <p>A FlexNIC match-action entry may also match fields beyond the 5-tuple ({@link #terms}): the
 * application header the programmable parser extracts ({@code kv.magic}, {@code kv.opcode}) and
 * the metadata earlier stages wrote ({@code meta.mark}, {@code meta.hash}); {@link #TERM_FIELDS}
 * lists them.
 *
 * <p>An IPv6 entry ({@link #isIpv6()}: EtherType 0x86DD) matches its addresses as terms on the
 * words of {@code ip6.src}/{@code ip6.dst} ({@link Ipv6Field}), its IPv4 address fields wildcards;
 * a table holds such entries only where its NIC's description says its filters take IPv6
 * (docs/nic-descriptions.md "IPv6"). Other terms are FlexNIC's alone.
 *
 * @param ethType EtherType to match, or -1 for any
 * @param proto protocol class to match ({@link #protoClass}), or -1 for any
 * @param terms ternary matches on {@link #TERM_FIELDS}, at most one per field, in field order
 */
public record FilterMatch(int ethType, int proto, long srcIp, long srcMask, long dstIp, long dstMask,
                          int srcPort, int srcPortMask, int dstPort, int dstPortMask, List<Term> terms) {
    /** Protocol class of every IPv4 protocol other than TCP, UDP and SCTP. */
    public static final int PROTO_OTHER = 0x100;
    public static final int ETH_IPV4 = 0x0800;
    /** EtherType of IPv6 (RFC 8200). */
    public static final int ETH_IPV6 = 0x86DD;
    private static final Set<Long> NAMED_PROTOS = Set.of(6L, 17L, 132L);

    /** The fields a {@link Term} may match: IPv6 address words, the key-value application header and the stages' metadata. */
    public static final Set<HeaderField> TERM_FIELDS = Set.of(HeaderField.KV_MAGIC, HeaderField.KV_OPCODE,
            HeaderField.META_MARK, HeaderField.META_HASH,
            HeaderField.IP6_SRC_W0, HeaderField.IP6_SRC_W1, HeaderField.IP6_SRC_W2, HeaderField.IP6_SRC_W3,
            HeaderField.IP6_DST_W0, HeaderField.IP6_DST_W1, HeaderField.IP6_DST_W2, HeaderField.IP6_DST_W3);

    /** {@code field & mask == value}, with a non-zero mask within the field's width. */
    public record Term(HeaderField field, long value, long mask) {
        public Term {
            Objects.requireNonNull(field, "field");
            if (!TERM_FIELDS.contains(field)) {
                throw new IllegalArgumentException(field + " is not a field a steering entry matches beyond the 5-tuple; those are " + TERM_FIELDS);
            }
            if (mask == 0 || (mask & ~field.fullMask()) != 0 || (value & ~mask) != 0) {
                throw new IllegalArgumentException("match on " + field + ": value 0x" + Long.toHexString(value) + " mask 0x"
                        + Long.toHexString(mask) + " (the mask must be non-zero within the field, the value within the mask)");
            }
        }

        boolean matches(long[] packet) {
            return (packet[field.ordinal()] & mask) == value;
        }

        @Override
        public String toString() {
            return field + "=" + value + (mask == field.fullMask() ? "" : "/0x" + Long.toHexString(mask));
        }
    }

    public FilterMatch {
        if ((srcIp & ~srcMask) != 0 || (dstIp & ~dstMask) != 0 || (srcPort & ~srcPortMask) != 0 || (dstPort & ~dstPortMask) != 0) {
            throw new IllegalArgumentException("match value has bits outside its mask");
        }
        List<Term> sorted = new ArrayList<>(terms);
        sorted.sort(Comparator.comparingInt(t -> t.field().ordinal()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).field() == sorted.get(i - 1).field()) {
                throw new IllegalArgumentException("two matches on " + sorted.get(i).field());
            }
        }
        terms = List.copyOf(sorted);
    }

    /** A match on the 5-tuple fields only. */
    public FilterMatch(int ethType, int proto, long srcIp, long srcMask, long dstIp, long dstMask,
                       int srcPort, int srcPortMask, int dstPort, int dstPortMask) {
        this(ethType, proto, srcIp, srcMask, dstIp, dstMask, srcPort, srcPortMask, dstPort, dstPortMask, List.of());
    }

    /** This match, also requiring {@code field & mask == value} (replacing any match on the field). */
    public FilterMatch withTerm(HeaderField field, long value, long mask) {
        List<Term> more = new ArrayList<>(terms);
        more.removeIf(t -> t.field() == field);
        more.add(new Term(field, value, mask));
        return new FilterMatch(ethType, proto, srcIp, srcMask, dstIp, dstMask, srcPort, srcPortMask, dstPort, dstPortMask, more);
    }

    /** True when the match has terms beyond the 5-tuple (IPv6 address words included). */
    public boolean hasTerms() {
        return !terms.isEmpty();
    }

    /** True when the match has terms beyond the 5-tuple other than IPv6 address words: FlexNIC's application and metadata matches. */
    public boolean hasNonAddressTerms() {
        return terms.stream().anyMatch(t -> !isIpv6Word(t.field()));
    }

    /** Whether this entry matches IPv6 packets (EtherType 0x86DD). */
    public boolean isIpv6() {
        return ethType == ETH_IPV6;
    }

    /** Every IPv6 packet. */
    public static FilterMatch anyIpv6() {
        return new FilterMatch(ETH_IPV6, -1, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** This IPv6 match, also requiring the source address {@code address} (all 128 bits). */
    public FilterMatch withSrc6(Ipv6Address address) {
        return withAddress6(Ipv6Field.SRC, address);
    }

    /** This IPv6 match, also requiring the destination address {@code address} (all 128 bits). */
    public FilterMatch withDst6(Ipv6Address address) {
        return withAddress6(Ipv6Field.DST, address);
    }

    private FilterMatch withAddress6(Ipv6Field side, Ipv6Address address) {
        if (!isIpv6()) {
            throw new IllegalStateException("an IPv6 address in an IPv4 match " + this);
        }
        FilterMatch m = this;
        for (int w = 0; w < 4; w++) {
            HeaderField field = side.word(w);
            m = m.withTerm(field, address.word(w), field.fullMask());
        }
        return m;
    }

    /** The source address of an IPv6 match, when all its 128 bits are given. */
    public java.util.Optional<Ipv6Address> src6() {
        return address6(Ipv6Field.SRC);
    }

    /** The destination address of an IPv6 match, when all its 128 bits are given. */
    public java.util.Optional<Ipv6Address> dst6() {
        return address6(Ipv6Field.DST);
    }

    /** Whether the match names some bits of the IPv6 source ({@code true}) or destination address. */
    public boolean matchesAddress6(boolean source) {
        Ipv6Field side = source ? Ipv6Field.SRC : Ipv6Field.DST;
        return terms.stream().anyMatch(t -> wordIndex(side, t.field()) >= 0);
    }

    private java.util.Optional<Ipv6Address> address6(Ipv6Field side) {
        long[] words = new long[4];
        int found = 0;
        for (Term t : terms) {
            int w = wordIndex(side, t.field());
            if (w >= 0) {
                if (t.mask() != t.field().fullMask()) {
                    return java.util.Optional.empty();
                }
                words[w] = t.value();
                found++;
            }
        }
        return found == 4 ? java.util.Optional.of(Ipv6Address.ofWords(words[0], words[1], words[2], words[3]))
                : java.util.Optional.empty();
    }

    private static int wordIndex(Ipv6Field side, HeaderField field) {
        for (int w = 0; w < 4; w++) {
            if (side.word(w) == field) {
                return w;
            }
        }
        return -1;
    }

    private static boolean isIpv6Word(HeaderField field) {
        return wordIndex(Ipv6Field.SRC, field) >= 0 || wordIndex(Ipv6Field.DST, field) >= 0;
    }

    /** The class a packet's protocol number falls in: the number itself for tcp/udp/sctp, else {@link #PROTO_OTHER}. */
    public static int protoClass(long ipProto) {
        return ipProto == 6 || ipProto == 17 || ipProto == 132 ? (int) ipProto : PROTO_OTHER;
    }

    /** Every IPv4 packet. */
    public static FilterMatch anyIpv4() {
        return new FilterMatch(ETH_IPV4, -1, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Every packet of this EtherType. */
    public static FilterMatch etherType(int ethType) {
        return new FilterMatch(ethType, -1, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public FilterMatch withProto(int protoClass) {
        return new FilterMatch(ethType, protoClass, srcIp, srcMask, dstIp, dstMask, srcPort, srcPortMask, dstPort, dstPortMask, terms);
    }

    /** Source address under a prefix of {@code prefix} bits (32: exact). */
    public FilterMatch withSrc(long ip, int prefix) {
        long m = prefixMask(prefix);
        return new FilterMatch(ethType, proto, ip & m, m, dstIp, dstMask, srcPort, srcPortMask, dstPort, dstPortMask, terms);
    }

    public FilterMatch withDst(long ip, int prefix) {
        long m = prefixMask(prefix);
        return new FilterMatch(ethType, proto, srcIp, srcMask, ip & m, m, srcPort, srcPortMask, dstPort, dstPortMask, terms);
    }

    public FilterMatch withSrcPort(int port) {
        return new FilterMatch(ethType, proto, srcIp, srcMask, dstIp, dstMask, port, 0xFFFF, dstPort, dstPortMask, terms);
    }

    public FilterMatch withDstPort(int port) {
        return new FilterMatch(ethType, proto, srcIp, srcMask, dstIp, dstMask, srcPort, srcPortMask, port, 0xFFFF, terms);
    }

    /** The mask of an IPv4 prefix of {@code bits} bits. */
    public static long prefixMask(int bits) {
        if (bits < 0 || bits > 32) {
            throw new IllegalArgumentException("prefix length " + bits + " not in 0..32");
        }
        return bits == 0 ? 0 : (0xFFFF_FFFFL << (32 - bits)) & 0xFFFF_FFFFL;
    }

    /** True when every field is given exactly (what a flow-director perfect filter needs). */
    public boolean isExactFiveTuple() {
        boolean ports = proto >= 0 && proto != PROTO_OTHER && srcPortMask == 0xFFFF && dstPortMask == 0xFFFF;
        if (isIpv6()) {
            return ports && srcMask == 0 && dstMask == 0 && terms.size() == 8 && src6().isPresent() && dst6().isPresent();
        }
        return terms.isEmpty() && ports && srcMask == 0xFFFF_FFFFL && dstMask == 0xFFFF_FFFFL;
    }

    /** Does the packet (header fields indexed by {@link HeaderField#ordinal()}) match? */
    public boolean matches(long[] packet) {
        return (ethType < 0 || packet[HeaderField.ETH_TYPE.ordinal()] == ethType)
                && (proto < 0 || protoClass(packet[HeaderField.IP_PROTO.ordinal()]) == proto)
                && (packet[HeaderField.IP_SRC.ordinal()] & srcMask) == srcIp
                && (packet[HeaderField.IP_DST.ordinal()] & dstMask) == dstIp
                && (packet[HeaderField.L4_SPORT.ordinal()] & srcPortMask) == srcPort
                && (packet[HeaderField.L4_DPORT.ordinal()] & dstPortMask) == dstPort
                && termsMatch(packet);
    }

    private boolean termsMatch(long[] packet) {
        for (int i = 0; i < terms.size(); i++) {
            if (!terms.get(i).matches(packet)) {
                return false;
            }
        }
        return true;
    }

    /** The same set of packets as a predicate, for the materialised filter node's {@code true} port. */
    public Predicate toPredicate() {
        List<Predicate> terms = new ArrayList<>();
        if (ethType >= 0) {
            terms.add(Predicate.eq(HeaderField.ETH_TYPE, ethType));
        }
        if (proto == PROTO_OTHER) {
            terms.add(Predicate.not(Predicate.in(HeaderField.IP_PROTO, NAMED_PROTOS)));
        } else if (proto >= 0) {
            terms.add(Predicate.eq(HeaderField.IP_PROTO, proto));
        }
        addMasked(terms, HeaderField.IP_SRC, srcIp, srcMask);
        addMasked(terms, HeaderField.IP_DST, dstIp, dstMask);
        addMasked(terms, HeaderField.L4_SPORT, srcPort, srcPortMask);
        addMasked(terms, HeaderField.L4_DPORT, dstPort, dstPortMask);
        for (Term t : this.terms) {
            addMasked(terms, t.field(), t.value(), t.mask());
        }
        return Predicate.and(terms);
    }

    private static void addMasked(List<Predicate> terms, HeaderField field, long value, long mask) {
        if (mask != 0) {
            terms.add(Predicate.masked(field, value, mask));
        }
    }

    /** True when some packet matches both. */
    public boolean intersects(FilterMatch o) {
        return (ethType < 0 || o.ethType < 0 || ethType == o.ethType)
                && (proto < 0 || o.proto < 0 || proto == o.proto)
                && ((srcIp ^ o.srcIp) & srcMask & o.srcMask) == 0
                && ((dstIp ^ o.dstIp) & dstMask & o.dstMask) == 0
                && ((srcPort ^ o.srcPort) & srcPortMask & o.srcPortMask) == 0
                && ((dstPort ^ o.dstPort) & dstPortMask & o.dstPortMask) == 0
                && termsIntersect(o);
    }

    private boolean termsIntersect(FilterMatch o) {
        for (Term a : terms) {
            for (Term b : o.terms) {
                if (a.field() == b.field() && ((a.value() ^ b.value()) & a.mask() & b.mask()) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (ethType >= 0 && ethType != ETH_IPV4 && ethType != ETH_IPV6) {
            sb.append("eth.type=0x").append(Integer.toHexString(ethType)).append(' ');
        }
        if (proto >= 0) {
            sb.append(proto == 6 ? "tcp" : proto == 17 ? "udp" : proto == 132 ? "sctp" : "other").append(' ');
        }
        boolean v6 = isIpv6();
        if (ethType == ETH_IPV4 || v6 || proto >= 0) {
            String src = v6 ? ip6(src6(), matchesAddress6(true)) : ip(srcIp, srcMask);
            String dst = v6 ? ip6(dst6(), matchesAddress6(false)) : ip(dstIp, dstMask);
            sb.append(src).append(':').append(srcPortMask == 0 ? "*" : Integer.toString(srcPort))
                    .append(" -> ").append(dst).append(':').append(dstPortMask == 0 ? "*" : Integer.toString(dstPort));
        }
        for (Term t : terms) {
            if (!v6 || !isIpv6Word(t.field()) || (t.field().ordinal() <= HeaderField.IP6_SRC_W3.ordinal() ? src6() : dst6()).isEmpty()) {
                sb.append(' ').append(t);
            }
        }
        return sb.toString().strip();
    }

    /** An IPv6 address as the protocol state writes it ({@code [addr]}); a partial match is written by its word terms. */
    private static String ip6(java.util.Optional<Ipv6Address> address, boolean matched) {
        return address.map(a -> "[" + a + "]").orElse(matched ? "[...]" : "[*]");
    }

    private static String ip(long value, long mask) {
        if (mask == 0) {
            return "*";
        }
        String text = ((value >>> 24) & 0xFF) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "." + (value & 0xFF);
        return mask == 0xFFFF_FFFFL ? text : text + "/" + Long.bitCount(mask);
    }
}
