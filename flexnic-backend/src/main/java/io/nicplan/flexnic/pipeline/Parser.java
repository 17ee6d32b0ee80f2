package io.nicplan.flexnic.pipeline;

import io.nicplan.flexnic.packet.ArpView;
import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.EtherType;
import io.nicplan.flexnic.packet.InternetChecksum;
import io.nicplan.flexnic.packet.IpProtocol;
import io.nicplan.graph.predicate.HeaderField;

/**
 * The FlexNIC parser: Ethernet, at most one 802.1Q tag, then ARP, IPv4 with TCP, UDP or ICMP, or IPv6
 * (extension headers walked and counted; a Home Address option and a type-2 routing header read, RFC 6275) with
 * TCP, UDP or ICMPv6.
 * It checks every length it relies on and the checksums, and never throws on frame content:
 * a frame it cannot accept gets a {@link DropReason}. IPv4 fragments are not parsed past the IP
 * header (a non-first fragment has no ports; RSS hashes fragments on addresses for the same
 * reason). Allocation-free; one instance per packet-path thread.
 */
public final class Parser {

    private static final int ETH_DST = HeaderField.ETH_DST.ordinal();
    private static final int ETH_SRC = HeaderField.ETH_SRC.ordinal();
    private static final int ETH_TYPE = HeaderField.ETH_TYPE.ordinal();
    private static final int ETH_MCAST = HeaderField.ETH_MCAST.ordinal();
    private static final int ETH_FCS_OK = HeaderField.ETH_FCS_OK.ordinal();
    private static final int VLAN_ID = HeaderField.VLAN_ID.ordinal();
    private static final int IP_VERSION = HeaderField.IP_VERSION.ordinal();
    private static final int IP_IHL = HeaderField.IP_IHL.ordinal();
    private static final int IP_DSCP = HeaderField.IP_DSCP.ordinal();
    private static final int IP_TTL = HeaderField.IP_TTL.ordinal();
    private static final int IP_PROTO = HeaderField.IP_PROTO.ordinal();
    private static final int IP_SRC = HeaderField.IP_SRC.ordinal();
    private static final int IP_DST = HeaderField.IP_DST.ordinal();
    private static final int IP_CSUM_OK = HeaderField.IP_CSUM_OK.ordinal();
    private static final int IP_LEN_OK = HeaderField.IP_LEN_OK.ordinal();
    private static final int L4_SPORT = HeaderField.L4_SPORT.ordinal();
    private static final int L4_DPORT = HeaderField.L4_DPORT.ordinal();
    private static final int L4_CSUM_OK = HeaderField.L4_CSUM_OK.ordinal();
    private static final int TCP_FLAGS = HeaderField.TCP_FLAGS.ordinal();
    private static final int IP_LOCAL = HeaderField.IP_LOCAL.ordinal();
    private static final int RSS_BUCKET = HeaderField.RSS_BUCKET.ordinal();
    private static final int META_MARK = HeaderField.META_MARK.ordinal();
    private static final int IP6_EXT = HeaderField.IP6_EXT.ordinal();
    /** The eight word fields of the IPv6 source and destination, in order (ip6.src.w0..w3, ip6.dst.w0..w3). */
    private static final int IP6_SRC_W0 = HeaderField.IP6_SRC_W0.ordinal();
    private static final int IP6_DST_W0 = HeaderField.IP6_DST_W0.ordinal();
    /** How many IPv6 extension headers the parser walks before it gives up on a packet. */
    public static final int MAX_IPV6_EXTENSION_HEADERS = 8;
    /** IPv6 next-header values of the extension headers the parser walks (RFC 8200 4.1). */
    private static final int HOP_BY_HOP = IpProtocol.HOP_BY_HOP;
    private static final int ROUTING = IpProtocol.ROUTING;
    private static final int FRAGMENT = IpProtocol.FRAGMENT;
    private static final int DESTINATION_OPTIONS = IpProtocol.DESTINATION_OPTIONS;
    private static final int ICMP6 = IpProtocol.ICMP6;

    private final int maxFrameLength;
    private final boolean dropBadChecksums;
    /** The application-header stage (memcached requests), or null when the parser reads none. */
    private final KvRequestParser kvRequests;

    public Parser(ParserConfig config) {
        this.maxFrameLength = config.maxFrameLength();
        this.dropBadChecksums = config.dropBadChecksums();
        this.kvRequests = config.kvPort() == 0 ? null : new KvRequestParser(config.kvPort());
    }

    /**
     * Parses {@code b[off, off+len)} into {@code m}.
     *
     * @return true if the frame is accepted; false with {@link PacketMetadata#dropReason()} set
     */
    public boolean parse(byte[] b, int off, int len, PacketMetadata m) {
        m.reset(off, len);
        if (len > maxFrameLength) {
            return drop(m, DropReason.OVERSIZE);
        }
        if (len < 14) {
            return drop(m, DropReason.TRUNCATED);
        }
        final long[] f = m.fields;
        // Every field is written on every accepting path (see PacketMetadata.reset); these are
        // metadata the pipeline fills in later, 0 when a packet arrives.
        f[IP_LOCAL] = 0;
        f[RSS_BUCKET] = 0;
        f[META_MARK] = 0;
        KvRequestParser.clear(f);
        // Two 8-byte reads for the two 6-byte addresses (the frame has at least 14 bytes).
        f[ETH_DST] = Bytes.u64(b, off) >>> 16;
        f[ETH_SRC] = Bytes.u64(b, off + 6) >>> 16;
        f[ETH_MCAST] = b[off] & 1;
        // The emulator's frames carry no FCS: a frame that arrived is one whose FCS was good.
        f[ETH_FCS_OK] = 1;
        int type = Bytes.u16(b, off + 12);
        int p = off + 14;
        f[VLAN_ID] = 0;
        final int end = off + len;
        if (type == EtherType.VLAN) {
            if (end - p < 4) {
                return drop(m, DropReason.TRUNCATED);
            }
            f[VLAN_ID] = Bytes.u16(b, p) & 0x0fff;
            type = Bytes.u16(b, p + 2);
            p += 4;
            m.vlanTagged = true;
            if (type == EtherType.VLAN || type == EtherType.QINQ) {
                return drop(m, DropReason.UNSUPPORTED_ETHERTYPE);
            }
        }
        f[ETH_TYPE] = type;
        if (type == EtherType.IPV4) {
            boolean accepted = parseIpv4(b, p, end, m, f);
            if (accepted && kvRequests != null) {
                kvRequests.read(b, m);
            }
            return accepted;
        }
        if (type == EtherType.ARP) {
            return parseArp(b, p, end, m, f);
        }
        if (type == EtherType.IPV6) {
            return parseIpv6(b, p, end, m, f);
        }
        return drop(m, DropReason.UNSUPPORTED_ETHERTYPE);
    }

    // One method per header keeps each small enough for the JIT to inline into its caller
    // (HotSpot inlines hot methods of up to 325 bytecodes), so a TCP frame runs as one body.

    private static boolean parseArp(byte[] b, int p, int end, PacketMetadata m, long[] f) {
        if (end - p < ArpView.HEADER_LENGTH) {
            return drop(m, DropReason.TRUNCATED);
        }
        if (Bytes.u16(b, p) != 1 || Bytes.u16(b, p + 2) != EtherType.IPV4 || b[p + 4] != 6 || b[p + 5] != 4) {
            return drop(m, DropReason.BAD_ARP);
        }
        zero(f, IPV4_AND_L4_FIELDS);
        zero(f, IPV6_FIELDS);
        m.l3 = PacketMetadata.L3_ARP;
        m.l3Offset = p;
        return true;
    }

    private boolean parseIpv4(byte[] b, int p, int end, PacketMetadata m, long[] f) {
        if (end - p < 20) {
            return drop(m, DropReason.TRUNCATED);
        }
        int vihl = b[p] & 0xff;
        if ((vihl >>> 4) != 4) {
            return drop(m, DropReason.BAD_VERSION);
        }
        int ihl = vihl & 0x0f;
        int hlen = ihl << 2;
        if (hlen < 20) {
            return drop(m, DropReason.BAD_LENGTH);
        }
        if (end - p < hlen) {
            return drop(m, DropReason.TRUNCATED);
        }
        int total = Bytes.u16(b, p + 2);
        if (total < hlen || total > end - p) {
            return drop(m, DropReason.BAD_LENGTH);
        }
        boolean ipOk = InternetChecksum.verifies(ipv4HeaderSum(b, p, hlen));
        if (!ipOk && dropBadChecksums) {
            return drop(m, DropReason.BAD_IP_CHECKSUM);
        }
        return acceptIpv4(b, p, ihl, total, ipOk, m, f);
    }

    /** A valid IPv4 header at {@code p}: its fields, then the L4 header. */
    private boolean acceptIpv4(byte[] b, int p, int ihl, int total, boolean ipOk, PacketMetadata m, long[] f) {
        int hlen = ihl << 2;
        int src = Bytes.u32(b, p + 12);
        int dst = Bytes.u32(b, p + 16);
        int proto = b[p + 9] & 0xff;
        f[IP_VERSION] = 4;
        f[IP_IHL] = ihl;
        f[IP_DSCP] = (b[p + 1] & 0xff) >>> 2;
        f[IP_TTL] = b[p + 8] & 0xff;
        f[IP_PROTO] = proto;
        f[IP_SRC] = src & 0xffffffffL;
        f[IP_DST] = dst & 0xffffffffL;
        f[IP_CSUM_OK] = ipOk ? 1 : 0;
        f[IP_LEN_OK] = 1;
        zero(f, IPV6_FIELDS);
        m.l3 = PacketMetadata.L3_IPV4;
        m.l3Offset = p;
        int l4 = p + hlen;
        int l4len = total - hlen;
        // MF set or a fragment offset: L4 is not parsed (see class comment).
        boolean fragment = (Bytes.u16(b, p + 6) & 0x3fff) != 0;
        if (proto == IpProtocol.TCP && !fragment) {
            return parseTcp(b, l4, l4len, src, dst, m, f);
        }
        if (proto == IpProtocol.UDP && !fragment) {
            return parseUdp(b, l4, l4len, src, dst, m, f);
        }
        if (proto == IpProtocol.ICMP && !fragment) {
            return parseIcmp(b, l4, l4len, m, f);
        }
        return opaqueIpv4Payload(l4, l4len, fragment, m, f);
    }

    /** A fragment, or a protocol the parser does not look into: no L4 fields, the payload is all after the IP header. */
    private static long ipv4HeaderSum(byte[] b, int p, int hlen) {
        return hlen == 20 ? InternetChecksum.addIpv4Header(b, p) : InternetChecksum.add(0, b, p, hlen);
    }

    private static boolean opaqueIpv4Payload(int l4, int l4len, boolean fragment, PacketMetadata m, long[] f) {
        zero(f, L4_FIELDS);
        m.fragment = fragment;
        m.l4 = PacketMetadata.L4_OTHER;
        m.payloadOffset = l4;
        m.payloadLength = l4len;
        return true;
    }

    private boolean parseTcp(byte[] b, int l4, int l4len, int src, int dst, PacketMetadata m, long[] f) {
        return parseTcp(b, l4, l4len, InternetChecksum.pseudoHeader(src, dst, 0, 0), m, f);
    }

    /** TCP with {@code addressSum}, the one's-complement sum of the pseudo-header's addresses (either family). */
    private boolean parseTcp(byte[] b, int l4, int l4len, long addressSum, PacketMetadata m, long[] f) {
        if (l4len < 20) {
            return drop(m, DropReason.TRUNCATED);
        }
        int doff = ((b[l4 + 12] & 0xff) >>> 4) << 2;
        if (doff < 20 || doff > l4len) {
            return drop(m, DropReason.BAD_LENGTH);
        }
        boolean ok = InternetChecksum.verifies(InternetChecksum.add(
                addressSum + IpProtocol.TCP + l4len, b, l4, l4len));
        if (!ok && dropBadChecksums) {
            return drop(m, DropReason.BAD_L4_CHECKSUM);
        }
        return acceptL4(m, f, PacketMetadata.L4_TCP, l4, Bytes.u16(b, l4), Bytes.u16(b, l4 + 2), b[l4 + 13] & 0xff, ok,
                l4 + doff, l4len - doff);
    }

    private boolean parseUdp(byte[] b, int l4, int l4len, int src, int dst, PacketMetadata m, long[] f) {
        return parseUdp(b, l4, l4len, InternetChecksum.pseudoHeader(src, dst, 0, 0), false, m, f);
    }

    /**
     * UDP with {@code addressSum} as for TCP; {@code checksumRequired} for IPv6, where a zero checksum is
     * not "none" but an error (RFC 8200 8.1).
     */
    private boolean parseUdp(byte[] b, int l4, int l4len, long addressSum, boolean checksumRequired, PacketMetadata m,
            long[] f) {
        if (l4len < 8) {
            return drop(m, DropReason.TRUNCATED);
        }
        int ulen = Bytes.u16(b, l4 + 4);
        if (ulen < 8 || ulen > l4len) {
            return drop(m, DropReason.BAD_LENGTH);
        }
        // RFC 768: a zero checksum means the sender computed none.
        int sent = Bytes.u16(b, l4 + 6);
        boolean ok = sent == 0 ? !checksumRequired : InternetChecksum.verifies(InternetChecksum.add(
                addressSum + IpProtocol.UDP + ulen, b, l4, ulen));
        if (!ok && dropBadChecksums) {
            return drop(m, DropReason.BAD_L4_CHECKSUM);
        }
        return acceptL4(m, f, PacketMetadata.L4_UDP, l4, Bytes.u16(b, l4), Bytes.u16(b, l4 + 2), 0, ok, l4 + 8, ulen - 8);
    }

    private boolean parseIcmp(byte[] b, int l4, int l4len, PacketMetadata m, long[] f) {
        if (l4len < 8) {
            return drop(m, DropReason.TRUNCATED);
        }
        boolean ok = InternetChecksum.verifies(InternetChecksum.add(0, b, l4, l4len));
        if (!ok && dropBadChecksums) {
            return drop(m, DropReason.BAD_L4_CHECKSUM);
        }
        return acceptL4(m, f, PacketMetadata.L4_ICMP, l4, 0, 0, 0, ok, l4 + 8, l4len - 8);
    }

    /** Records an accepted L4 header (kind one of {@code PacketMetadata.L4_*}): its fields and where its payload is. */
    private static boolean acceptL4(PacketMetadata m, long[] f, int kind, int l4, int sport, int dport, int tcpFlags,
            boolean checksumOk, int payloadOffset, int payloadLength) {
        f[L4_SPORT] = sport;
        f[L4_DPORT] = dport;
        f[TCP_FLAGS] = tcpFlags;
        f[L4_CSUM_OK] = checksumOk ? 1 : 0;
        m.l4 = kind;
        m.l4Offset = l4;
        m.payloadOffset = payloadOffset;
        m.payloadLength = payloadLength;
        return true;
    }

    // ------------------------------------------------------------------ IPv6 (RFC 8200)

    /**
     * An IPv6 header at {@code p}: the fixed 40 bytes, then the extension headers (hop-by-hop, routing,
     * fragment, destination options) walked and counted into {@code ip6.ext}, then TCP, UDP or ICMPv6.
     * A fragment other than an atomic one (offset 0, no more fragments; RFC 6946) is not parsed past its
     * fragment header, like an IPv4 fragment. IPv6 has no header checksum: {@code ip.csum_ok} is 1.
     */
    private boolean parseIpv6(byte[] b, int p, int end, PacketMetadata m, long[] f) {
        if (end - p < 40) {
            return drop(m, DropReason.TRUNCATED);
        }
        if (((b[p] & 0xff) >>> 4) != 6) {
            return drop(m, DropReason.BAD_VERSION);
        }
        int payload = Bytes.u16(b, p + 4);
        if (payload > end - p - 40) {
            return drop(m, DropReason.BAD_LENGTH);
        }
        int stop = p + 40 + payload;
        int next = b[p + 6] & 0xff;
        int q = p + 40;
        int count = 0;
        boolean fragment = false;
        // where the source and destination the upper layer sees are: the header's, unless a Home Address option or
        // a type-2 routing header carries another (RFC 6275 6.3, 6.4)
        int sourceAt = p + 8;
        int destinationAt = p + 24;
        while (next == HOP_BY_HOP || next == ROUTING || next == FRAGMENT || next == DESTINATION_OPTIONS) {
            if (count == MAX_IPV6_EXTENSION_HEADERS || stop - q < 8) {
                return drop(m, DropReason.BAD_IPV6_EXTENSIONS);
            }
            int length = next == FRAGMENT ? 8 : ((b[q + 1] & 0xff) + 1) << 3;
            if (stop - q < length) {
                return drop(m, DropReason.BAD_IPV6_EXTENSIONS);
            }
            if (next == FRAGMENT && (Bytes.u16(b, q + 2) & 0xfff9) != 0) {
                fragment = true;
            } else if (next == DESTINATION_OPTIONS) {
                int home = homeAddressAt(b, q, length);
                if (home == BAD_OPTIONS) {
                    return drop(m, DropReason.BAD_IPV6_EXTENSIONS);
                }
                sourceAt = home > 0 ? home : sourceAt;
            } else if (next == ROUTING && (b[q + 2] & 0xff) == MOBILE_IPV6_ROUTING_TYPE) {
                // RFC 6275 6.4: Hdr Ext Len 2 and Segments Left 1, the home address at offset 8
                if ((b[q + 1] & 0xff) != 2 || (b[q + 3] & 0xff) != 1) {
                    return drop(m, DropReason.BAD_IPV6_EXTENSIONS);
                }
                destinationAt = q + 8;
            }
            next = b[q] & 0xff;
            q += length;
            count++;
            if (fragment) {
                break;
            }
        }
        long addressSum = 0;
        for (int w = 0; w < 4; w++) {
            long s = Bytes.u32(b, p + 8 + 4 * w) & 0xffffffffL;
            long d = Bytes.u32(b, p + 24 + 4 * w) & 0xffffffffL;
            f[IP6_SRC_W0 + w] = s;
            f[IP6_DST_W0 + w] = d;
        }
        m.exSrcHigh = Bytes.u64(b, sourceAt);
        m.exSrcLow = Bytes.u64(b, sourceAt + 8);
        m.exDstHigh = Bytes.u64(b, destinationAt);
        m.exDstLow = Bytes.u64(b, destinationAt + 8);
        // RFC 8200 8.1: the pseudo-header's destination is the final one (the type-2 routing header's); RFC 6275
        // 9.3.1: the receiver puts the home address in place of the source before the upper layer checks its sum
        for (int w = 0; w < 4; w++) {
            long s = Bytes.u32(b, sourceAt + 4 * w) & 0xffffffffL;
            long d = Bytes.u32(b, destinationAt + 4 * w) & 0xffffffffL;
            addressSum += (s >>> 16) + (s & 0xffff) + (d >>> 16) + (d & 0xffff);
        }
        f[IP_VERSION] = 6;
        f[IP_IHL] = 0;
        f[IP_DSCP] = (Bytes.u16(b, p) >>> 6) & 0x3f;
        f[IP_TTL] = b[p + 7] & 0xff;
        f[IP_PROTO] = next;
        f[IP_SRC] = 0;
        f[IP_DST] = 0;
        f[IP_CSUM_OK] = 1;
        f[IP_LEN_OK] = 1;
        f[IP6_EXT] = count;
        m.l3 = PacketMetadata.L3_IPV6;
        m.l3Offset = p;
        int l4len = stop - q;
        if (fragment) {
            return opaqueIpv4Payload(q, l4len, true, m, f);
        }
        if (next == IpProtocol.TCP) {
            return parseTcp(b, q, l4len, addressSum, m, f);
        }
        if (next == IpProtocol.UDP) {
            return parseUdp(b, q, l4len, addressSum, true, m, f);
        }
        if (next == ICMP6) {
            if (l4len < 8) {
                return drop(m, DropReason.TRUNCATED);
            }
            // RFC 4443 2.3: the ICMPv6 checksum covers the pseudo-header.
            boolean ok = InternetChecksum.verifies(InternetChecksum.add(addressSum + ICMP6 + l4len, b, q, l4len));
            if (!ok && dropBadChecksums) {
                return drop(m, DropReason.BAD_L4_CHECKSUM);
            }
            return acceptL4(m, f, PacketMetadata.L4_ICMP6, q, 0, 0, 0, ok, q + 8, l4len - 8);
        }
        return opaqueIpv4Payload(q, l4len, false, m, f);
    }

    /** {@link #homeAddressAt}'s answer for an options area whose TLVs overrun it or whose Home Address option is malformed. */
    private static final int BAD_OPTIONS = -1;
    /** The Home Address option's type and the Mobile IPv6 routing header's type (RFC 6275 6.3, 6.4). */
    private static final int HOME_ADDRESS_OPTION = 0xC9;
    private static final int MOBILE_IPV6_ROUTING_TYPE = 2;

    /**
     * The offset of the home address in the destination options header at {@code q} ({@code length} bytes): 0 when
     * it carries no Home Address option, {@link #BAD_OPTIONS} when its options (RFC 8200 4.2 TLVs) overrun it or the
     * option's length is not 16 (RFC 6275 6.3).
     */
    private static int homeAddressAt(byte[] b, int q, int length) {
        int end = q + length;
        int at = q + 2;
        int home = 0;
        while (at < end) {
            int type = b[at] & 0xff;
            if (type == 0) {
                at++; // Pad1
                continue;
            }
            if (end - at < 2 || end - at - 2 < (b[at + 1] & 0xff)) {
                return BAD_OPTIONS;
            }
            int optionLength = b[at + 1] & 0xff;
            if (type == HOME_ADDRESS_OPTION) {
                if (optionLength != 16) {
                    return BAD_OPTIONS;
                }
                home = at + 2;
            }
            at += 2 + optionLength;
        }
        return home;
    }

    private static final int[] L4_FIELDS = {L4_SPORT, L4_DPORT, L4_CSUM_OK, TCP_FLAGS};
    private static final int[] IPV6_FIELDS = {IP6_SRC_W0, IP6_SRC_W0 + 1, IP6_SRC_W0 + 2, IP6_SRC_W0 + 3,
        IP6_DST_W0, IP6_DST_W0 + 1, IP6_DST_W0 + 2, IP6_DST_W0 + 3, IP6_EXT};
    private static final int[] IPV4_AND_L4_FIELDS = {IP_VERSION, IP_IHL, IP_DSCP, IP_TTL, IP_PROTO, IP_SRC, IP_DST,
        IP_CSUM_OK, IP_LEN_OK, L4_SPORT, L4_DPORT, L4_CSUM_OK, TCP_FLAGS};

    private static void zero(long[] f, int[] fields) {
        for (int i : fields) {
            f[i] = 0;
        }
    }

    private static boolean drop(PacketMetadata m, DropReason reason) {
        m.clearFields();
        m.dropReason = reason;
        return false;
    }
}
