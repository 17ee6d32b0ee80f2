package io.nicplan.net;

import java.util.Optional;

/**
 * An IP address of either family: {@link Ipv4Address} or {@link Ipv6Address}. Input readers parse
 * with {@link #tryParse} (dotted quad or RFC 4291 text) and print with {@link #toString()} (RFC 5952
 * for IPv6); {@link #toUriHost()} is the form used before {@code :port} (RFC 3986: {@code [addr]}).
 */
public sealed interface IpAddress permits Ipv4Address, Ipv6Address {

    /** 4 or 6. */
    int version();

    /** The address as the host part of {@code host:port}: IPv6 in brackets, as in URLs (RFC 3986 3.2.2). */
    default String toUriHost() {
        return version() == 6 ? "[" + this + "]" : toString();
    }

    /**
     * Parses either family: a dotted quad is IPv4, text with a colon IPv6.
     *
     * @throws IllegalArgumentException naming the text if it is neither
     */
    static IpAddress parse(String text) {
        return text.indexOf(':') >= 0 ? Ipv6Address.parse(text) : Ipv4Address.parse(text);
    }

    /** {@link #parse}, empty when the text is not an address (for readers that report their own error). */
    static Optional<IpAddress> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
