package io.nicplan.net;

import java.util.Locale;
import java.util.Optional;

/**
 * Which packets feed the RSS hash and with which header fields (the {@code hash} of an {@code rss}
 * C-node). As on Intel NICs (82599 datasheet 7.1.2.8.1, MRQC field-enable bits: IPv4, TCP/IPv4,
 * UDP/IPv4, IPv6, TCP/IPv6, UDP/IPv6), each type enables hashing for one or both address families; a
 * packet whose protocol has a 4-tuple type enabled is hashed over addresses and ports, any other
 * packet of an enabled family over its addresses only (a non-first fragment carries no ports), and a
 * packet of a family the type does not enable hashes to 0 (the NIC's "no hash": indirection entry 0).
 *
 * <p>Names: {@code ipv4*} for IPv4 only, {@code ipv6*} for IPv6 only, {@code ip*} for both (what
 * ixgbe enables by default is {@code ip_tcp}: IPv4, TCP/IPv4, IPv6, TCP/IPv6); the suffix says which
 * protocols' ports are hashed: {@code _tcp}, {@code _udp} or {@code _l4} (both).
 *
 * <p>A final {@code _ex} makes the IPv6 hash read the extension headers (Microsoft, "RSS hashing types",
 * NDIS_HASH_IPV6_EX, NDIS_HASH_TCP_IPV6_EX, NDIS_HASH_UDP_IPV6_EX; 82599 MRQC IPV6_EX, IPV6_EX_TCP, IPV6_EX_UDP;
 * virtio 1.2 5.1.6.4.3 IP_EX, TCP_EX, UDP_EX): the source address is the Home Address destination option's
 * address when the packet has one (RFC 6275 6.3), and the destination the type-2 routing header's address when it
 * has one (RFC 6275 6.4); otherwise the header's addresses, as without {@code _ex}. The caller finds those
 * addresses and passes them to {@link #hashIpv6}; {@link #hashesIpv6Extensions} says whether it must.
 */
public enum RssHashType {
    /** IPv4 addresses only. */
    IPV4(true, false, false, false),
    /** IPv4: addresses and ports for TCP; addresses for everything else. */
    IPV4_TCP(true, false, true, false),
    /** IPv4: addresses and ports for UDP; addresses for everything else. */
    IPV4_UDP(true, false, false, true),
    /** IPv4: addresses and ports for TCP and UDP. */
    IPV4_L4(true, false, true, true),
    /** IPv6 addresses only. */
    IPV6(false, true, false, false),
    /** IPv6: addresses and ports for TCP; addresses for everything else. */
    IPV6_TCP(false, true, true, false),
    /** IPv6: addresses and ports for UDP; addresses for everything else. */
    IPV6_UDP(false, true, false, true),
    /** IPv6: addresses and ports for TCP and UDP. */
    IPV6_L4(false, true, true, true),
    /** Both families, addresses only. */
    IP(true, true, false, false),
    /** Both families: addresses and ports for TCP. */
    IP_TCP(true, true, true, false),
    /** Both families: addresses and ports for UDP. */
    IP_UDP(true, true, false, true),
    /** Both families: addresses and ports for TCP and UDP. */
    IP_L4(true, true, true, true),
    /** {@link #IPV6} over the extension headers' addresses. */
    IPV6_EX(false, true, false, false, true),
    /** {@link #IPV6_TCP} over the extension headers' addresses. */
    IPV6_TCP_EX(false, true, true, false, true),
    /** {@link #IPV6_UDP} over the extension headers' addresses. */
    IPV6_UDP_EX(false, true, false, true, true),
    /** {@link #IPV6_L4} over the extension headers' addresses. */
    IPV6_L4_EX(false, true, true, true, true),
    /** {@link #IP}, IPv6 over the extension headers' addresses. */
    IP_EX(true, true, false, false, true),
    /** {@link #IP_TCP}, IPv6 over the extension headers' addresses. */
    IP_TCP_EX(true, true, true, false, true),
    /** {@link #IP_UDP}, IPv6 over the extension headers' addresses. */
    IP_UDP_EX(true, true, false, true, true),
    /** {@link #IP_L4}, IPv6 over the extension headers' addresses. */
    IP_L4_EX(true, true, true, true, true);

    /** IANA protocol numbers of TCP and UDP. */
    private static final long TCP = 6;
    private static final long UDP = 17;

    private final boolean ipv4;
    private final boolean ipv6;
    private final boolean tcpPorts;
    private final boolean udpPorts;
    private final boolean extensions;

    RssHashType(boolean ipv4, boolean ipv6, boolean tcpPorts, boolean udpPorts) {
        this(ipv4, ipv6, tcpPorts, udpPorts, false);
    }

    RssHashType(boolean ipv4, boolean ipv6, boolean tcpPorts, boolean udpPorts, boolean extensions) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.tcpPorts = tcpPorts;
        this.udpPorts = udpPorts;
        this.extensions = extensions;
    }

    /**
     * Whether an IPv6 packet is hashed over its Home Address option's address (as the source) and its type-2
     * routing header's address (as the destination) where it has them: the {@code _ex} types.
     */
    public boolean hashesIpv6Extensions() {
        return extensions;
    }

    /** Whether IPv4 packets are hashed. */
    public boolean hashesIpv4() {
        return ipv4;
    }

    /** Whether IPv6 packets are hashed. */
    public boolean hashesIpv6() {
        return ipv6;
    }

    /** Whether packets of IP protocol {@code ipProto} (IPv4 protocol or IPv6 upper-layer next header) are hashed with their ports. */
    public boolean hashesPorts(long ipProto) {
        return (ipProto == TCP && tcpPorts) || (ipProto == UDP && udpPorts);
    }

    /**
     * The hash of an IPv4 packet under this type: over addresses and ports when its protocol's
     * ports are enabled, else over addresses only; 0 when this type does not hash IPv4. Allocates
     * nothing (per-packet path).
     */
    public int hash(Toeplitz toeplitz, long ipProto, int srcIp, int dstIp, int srcPort, int dstPort) {
        if (!ipv4) {
            return 0;
        }
        return hashesPorts(ipProto) ? toeplitz.hash(srcIp, dstIp, srcPort, dstPort) : toeplitz.hashIpv4(srcIp, dstIp);
    }

    /**
     * The hash of an IPv6 packet (addresses as their big-endian halves) under this type; 0 when this
     * type does not hash IPv6. For an {@code _ex} type ({@link #hashesIpv6Extensions}) the caller passes the
     * extension headers' addresses where the packet has them. Allocates nothing (per-packet path).
     */
    public int hashIpv6(Toeplitz toeplitz, long ipProto, long srcHigh, long srcLow, long dstHigh, long dstLow,
            int srcPort, int dstPort) {
        if (!ipv6) {
            return 0;
        }
        return hashesPorts(ipProto)
                ? toeplitz.hashIpv6(srcHigh, srcLow, dstHigh, dstLow, srcPort, dstPort)
                : toeplitz.hashIpv6(srcHigh, srcLow, dstHigh, dstLow);
    }

    /** Whether TCP segments are hashed with their ports. */
    public boolean hashesTcpPorts() {
        return tcpPorts;
    }

    /** Whether UDP datagrams are hashed with their ports. */
    public boolean hashesUdpPorts() {
        return udpPorts;
    }

    /** The name used in configurations, e.g. {@code ipv4_udp}. */
    public String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a configuration names, e.g. {@code ipv4_udp}; empty for unknown names. */
    public static Optional<RssHashType> bySymbol(String symbol) {
        for (RssHashType t : values()) {
            if (t.symbol().equals(symbol)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
