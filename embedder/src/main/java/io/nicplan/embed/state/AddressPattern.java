package io.nicplan.embed.state;

import io.nicplan.net.Ipv4Address;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One side of a flow or endpoint: {@code ip:port}, where either part may be the wildcard {@code *}.
 */
public record AddressPattern(Optional<Ipv4Address> ip, OptionalInt port) {
    public static final AddressPattern ANY = new AddressPattern(Optional.empty(), OptionalInt.empty());

    public AddressPattern {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(port, "port");
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 0xFFFF)) {
            throw new IllegalArgumentException("port " + port.getAsInt() + " out of range 0..65535");
        }
    }

    public static AddressPattern of(Ipv4Address ip, int port) {
        return new AddressPattern(Optional.of(ip), OptionalInt.of(port));
    }

    public static AddressPattern anyIp(int port) {
        return new AddressPattern(Optional.empty(), OptionalInt.of(port));
    }

    /** True when neither the address nor the port is a wildcard. */
    public boolean isConcrete() {
        return ip.isPresent() && port.isPresent();
    }

    /** Parses {@code ip:port}; the outcome is the pattern or the reason the text is not one. */
    public static ParseResult parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return new ParseResult(Optional.empty(), "expected ip:port (either part may be '*'), got \"" + text + "\"");
        }
        String ipText = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        Optional<Ipv4Address> ip = Optional.empty();
        if (!ipText.equals("*")) {
            ip = Ipv4Address.tryParse(ipText);
            if (ip.isEmpty()) {
                return new ParseResult(Optional.empty(), "\"" + ipText + "\" is not an IPv4 address (a.b.c.d) or '*'");
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
        return ip.map(Ipv4Address::toString).orElse("*") + ":" + (port.isPresent() ? Integer.toString(port.getAsInt()) : "*");
    }
}
