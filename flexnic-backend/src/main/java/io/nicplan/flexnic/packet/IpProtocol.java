package io.nicplan.flexnic.packet;

/** IPv4 protocol numbers and IPv6 next-header values the emulator parses (IANA registry). */
public final class IpProtocol {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    /** ICMPv6 (RFC 4443). */
    public static final int ICMP6 = 58;
    /** IPv6 extension headers (RFC 8200 4.1): hop-by-hop options, routing, fragment, destination options. */
    public static final int HOP_BY_HOP = 0;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int DESTINATION_OPTIONS = 60;
    /** The IPv6 authentication header (RFC 4302), an extension header whose length counts 32-bit words. */
    public static final int AUTHENTICATION = 51;

    private IpProtocol() {
    }
}
