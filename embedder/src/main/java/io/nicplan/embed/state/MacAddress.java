package io.nicplan.embed.state;

import java.util.Locale;
import java.util.Optional;

/** A 48-bit Ethernet address. */
public record MacAddress(long value) {
    public MacAddress {
        if (value < 0 || value > 0xFFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("not a 48-bit address: " + value);
        }
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (hex, either case); empty when the text is not one. */
    public static Optional<MacAddress> parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 6) {
            return Optional.empty();
        }
        long v = 0;
        for (String part : parts) {
            if (part.length() != 2 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return Optional.empty();
            }
            v = (v << 8) | Integer.parseInt(part, 16);
        }
        return Optional.of(new MacAddress(v));
    }

    /** True for group (multicast or broadcast) addresses: the I/G bit of the first octet. */
    public boolean isMulticast() {
        return ((value >>> 40) & 1) != 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", (value >>> shift) & 0xFF));
        }
        return sb.toString();
    }
}
