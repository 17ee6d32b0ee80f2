package io.nicplan.embed.state;

import io.nicplan.net.IpAddress;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.Ipv6Address;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One side of a flow or endpoint: {@code ip:port}, where either part may be the wildcard {@code *}. An
 * IPv6 address is written in brackets, as in URLs (RFC 3986 3.2.2): {@code [2001:db8::1]:80}, {@code [*]:80}
 * is not a form (a wildcard address is {@code *}, for either family).
 */
public record AddressPattern(Optional<IpAddress> address, OptionalInt port) {
    public static final AddressPattern ANY = new AddressPattern(Optional.empty(), OptionalInt.empty());

    public AddressPattern {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(port, "port");
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 0xFFFF)) {
            throw new IllegalArgumentException("port " + port.getAsInt() + " out of range 0..65535");
        }
    }

    public static AddressPattern of(IpAddress ip, int port) {
        return new AddressPattern(Optional.of(ip), OptionalInt.of(port));
    }

    public static AddressPattern anyIp(int port) {
        return new AddressPattern(Optional.empty(), OptionalInt.of(port));
    }

    /** The IPv4 address; empty for a wildcard or an IPv6 address (see {@link #address()}). */
    public Optional<Ipv4Address> ipv4() {
        return address.filter(Ipv4Address.class::isInstance).map(Ipv4Address.class::cast);
    }

    /** The IPv6 address; empty for a wildcard or an IPv4 address. */
    public Optional<Ipv6Address> ipv6() {
        return address.filter(Ipv6Address.class::isInstance).map(Ipv6Address.class::cast);
    }

    /** 4 or 6 for a given address, 0 for the wildcard. */
    public int version() {
        return address.map(IpAddress::version).orElse(0);
    }

    /** True when neither the address nor the port is a wildcard. */
    public boolean isConcrete() {
        return address.isPresent() && port.isPresent();
    }

    /** Parses {@code ip:port} or {@code [ipv6]:port}; the outcome is the pattern or the reason the text is not one. */
    public static ParseResult parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return new ParseResult(Optional.empty(), "expected ip:port or [ipv6]:port (either part may be '*'), got \""
                    + text + "\"");
        }
        String ipText = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        Optional<IpAddress> ip = Optional.empty();
        if (ipText.startsWith("[")) {
            if (!ipText.endsWith("]")) {
                return new ParseResult(Optional.empty(), "expected [ipv6]:port, got \"" + text + "\"");
            }
            String inner = ipText.substring(1, ipText.length() - 1);
            try {
                ip = Optional.of(Ipv6Address.parse(inner));
            } catch (IllegalArgumentException e) {
                return new ParseResult(Optional.empty(), "\"" + inner + "\" is not an IPv6 address: " + e.getMessage());
            }
        } else if (ipText.indexOf(':') >= 0) {
            return new ParseResult(Optional.empty(), "an IPv6 address is written in brackets before its port, "
                    + "[2001:db8::1]:80; got \"" + text + "\"");
        } else if (!ipText.equals("*")) {
            ip = Ipv4Address.tryParse(ipText).map(IpAddress.class::cast);
            if (ip.isEmpty()) {
                return new ParseResult(Optional.empty(), "\"" + ipText + "\" is not an IPv4 address (a.b.c.d), "
                        + "[IPv6 address] or '*'");
            }
        }
        OptionalInt port = OptionalInt.empty();
        if (!portText.equals("*")) {
            if (portText.isEmpty() || portText.length() > 9 || !portText.chars().allMatch(Character::isDigit)) {
                return new ParseResult(Optional.empty(), "\"" + portText + "\" is not a port number or '*'");
            }
            int p = Integer.parseInt(portText);
            if (p > 0xFFFF) {
                return new ParseResult(Optional.empty(), "port " + p + " out of range 0..65535");
            }
            port = OptionalInt.of(p);
        }
        return new ParseResult(Optional.of(new AddressPattern(ip, port)), "");
    }

    /** The outcome of {@link #parse}: a pattern, or an error message. */
    public record ParseResult(Optional<AddressPattern> pattern, String error) {
    }

    @Override
    public String toString() {
        return address.map(IpAddress::toUriHost).orElse("*") + ":" + (port.isPresent() ? Integer.toString(port.getAsInt()) : "*");
    }
}
