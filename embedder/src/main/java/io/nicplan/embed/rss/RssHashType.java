package io.nicplan.embed.rss;

import java.util.Locale;
import java.util.Optional;

/**
 * Which header fields the RSS hash covers (the {@code hash} of an {@code rss} C-node). As on Intel
 * NICs (82599 MRQC field-enable bits), a packet whose protocol has a 4-tuple type enabled is
 * hashed over addresses and ports; any other IPv4 packet over its addresses only.
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

    private final boolean tcpPorts;
    private final boolean udpPorts;

    RssHashType(boolean tcpPorts, boolean udpPorts) {
        this.tcpPorts = tcpPorts;
        this.udpPorts = udpPorts;
    }

    /** Whether packets of IPv4 protocol {@code ipProto} are hashed with their ports. */
    public boolean hashesPorts(long ipProto) {
        return (ipProto == 6 && tcpPorts) || (ipProto == 17 && udpPorts);
    }

    /** The name used in configurations, e.g. {@code ipv4_udp}. */
    public String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RssHashType> bySymbol(String symbol) {
        for (RssHashType t : values()) {
            if (t.symbol().equals(symbol)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
