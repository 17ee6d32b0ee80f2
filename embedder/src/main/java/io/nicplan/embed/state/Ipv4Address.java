package io.nicplan.embed.state;

import java.util.Optional;

/** An IPv4 address as its 32 bits. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    /** The address as an unsigned value, as header-field predicates use it. */
    public long value() {
        return Integer.toUnsignedLong(bits);
    }

    public static Ipv4Address of(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a 32-bit address: " + value);
        }
        return new Ipv4Address((int) value);
    }

    /** Parses dotted-quad text ({@code 10.0.0.1}); empty when the text is not one. */
    public static Optional<Ipv4Address> parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        long v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            v = (v << 8) | octet;
        }
        return Optional.of(of(v));
    }

    @Override
    public int compareTo(Ipv4Address o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public String toString() {
        return ((bits >>> 24) & 0xFF) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
