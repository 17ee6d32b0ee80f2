package io.nicplan.flexnic.program;

/**
 * Which fields an RSS context hashes (the Unicorn {@code rss} configuration's {@code hash}):
 * IPv4 addresses always; the ports too for the protocols named. Fragments and other
 * protocols hash addresses only, since a non-first fragment carries no ports.
 */
public enum RssHashType {
    IPV4(false, false), IPV4_TCP(true, false), IPV4_UDP(false, true), IPV4_L4(true, true);

    private final boolean tcpPorts;
    private final boolean udpPorts;

    RssHashType(boolean tcpPorts, boolean udpPorts) {
        this.tcpPorts = tcpPorts;
        this.udpPorts = udpPorts;
    }

    public boolean hashesTcpPorts() {
        return tcpPorts;
    }

    public boolean hashesUdpPorts() {
        return udpPorts;
    }
}
