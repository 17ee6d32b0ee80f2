package io.nicplan.net;

import java.util.Locale;
import java.util.Optional;

/**
 * Which header fields feed the RSS hash (the {@code hash} of an {@code rss} C-node). As on Intel
 * NICs (82599 MRQC field-enable bits), a packet whose protocol has a 4-tuple type enabled is
 * hashed over addresses and ports; any other IPv4 packet over its addresses only, since a
 * non-first fragment carries no ports.
 */
public enum RssHashType {
    /** Addresses only. */
    IPV4(false, false),
    /** Addresses and ports for TCP; addresses for everything else. */
    IPV4_TCP(true, false),
    /** Addresses and ports for UDP; addresses for everything else. */
    IPV4_UDP(false, true),
    /** Addresses and ports for TCP and UDP. */
    IPV4_L4(true, true);

    /** IANA protocol numbers of TCP and UDP. */
    private static final long TCP = 6;
    private static final long UDP = 17;

    private final boolean tcpPorts;
    private final boolean udpPorts;

    RssHashType(boolean tcpPorts, boolean udpPorts) {
        this.tcpPorts = tcpPorts;
        this.udpPorts = udpPorts;
    }

    /** Whether packets of IPv4 protocol {@code ipProto} are hashed with their ports. */
    public boolean hashesPorts(long ipProto) {
        return (ipProto == TCP && tcpPorts) || (ipProto == UDP && udpPorts);
    }

    /**
     * The hash of an IPv4 packet under this type: over addresses and ports when its protocol's
     * ports are enabled, else over addresses only. Allocates nothing (per-packet path).
     */
    public int hash(Toeplitz toeplitz, long ipProto, int srcIp, int dstIp, int srcPort, int dstPort) {
        return hashesPorts(ipProto) ? toeplitz.hash(srcIp, dstIp, srcPort, dstPort) : toeplitz.hashIpv4(srcIp, dstIp);
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
