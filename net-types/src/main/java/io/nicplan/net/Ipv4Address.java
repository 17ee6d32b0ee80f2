package io.nicplan.net;

import java.util.Optional;

/**
 * An IPv4 address as its 32 bits read big-endian (network order), e.g. 10.0.0.1 is
 * {@code 0x0a000001}. Header-field predicates and the packet path hold it as the unsigned
 * {@link #value()}.
 */
public record Ipv4Address(int bits) implements IpAddress, Comparable<Ipv4Address> {

    /** Always 4. */
    @Override
    public int version() {
        return 4;
    }

    /** The address as an unsigned value, as header-field predicates hold it. */
    public long value() {
        return Integer.toUnsignedLong(bits);
    }

    /**
     * The address with unsigned value {@code value}.
     *
     * @throws IllegalArgumentException if the value does not fit 32 unsigned bits
     */
    public static Ipv4Address of(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a 32-bit address: " + value);
        }
        return new Ipv4Address((int) value);
    }

    /**
     * Parses dotted-quad text, e.g. {@code 192.0.2.1}.
     *
     * @throws IllegalArgumentException naming the text if it is not an IPv4 address
     */
    public static Ipv4Address parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address (four dotted octets): '" + text + "'");
        }
        int v = 0;
        for (String part : parts) {
            int octet = decimalOctet(part);
            if (octet < 0) {
                throw new IllegalArgumentException("bad octet '" + part + "' in IPv4 address '" + text + "'");
            }
            v = (v << 8) | octet;
        }
        return new Ipv4Address(v);
    }

    /** Parses dotted-quad text; empty when the text is not one (for readers that report their own error). */
    public static Optional<Ipv4Address> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** 0..255 for one to three decimal digits, -1 for anything else (signs, spaces, empty). */
    private static int decimalOctet(String part) {
        if (part.isEmpty() || part.length() > 3) {
            return -1;
        }
        int octet = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            octet = octet * 10 + (c - '0');
        }
        return octet <= 255 ? octet : -1;
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
