package io.nicplan.flexnic.packet;

/** IPv4 protocol numbers the emulator parses (IANA registry). */
public final class IpProtocol {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;

    private IpProtocol() {
    }
}
