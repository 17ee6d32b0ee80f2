package io.nicplan.net;

import java.util.Locale;
import java.util.Optional;

/** A 48-bit Ethernet MAC address, held in the low bits of a long. */
public record MacAddress(long value) {

    /** ff:ff:ff:ff:ff:ff. */
    public static final MacAddress BROADCAST = new MacAddress(0xffffffffffffL);

    public MacAddress {
        if ((value & ~0xffffffffffffL) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits: 0x" + Long.toHexString(value));
        }
    }

    /**
     * Parses six colon- or dash-separated hex octets, e.g. {@code 02:00:00:00:00:01}.
     *
     * @throws IllegalArgumentException naming the text if it is not a MAC address
     */
    public static MacAddress parse(String text) {
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address (six hex octets): '" + text + "'");
        }
        long v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("bad octet '" + part + "' in MAC address '" + text + "'");
            }
            v = (v << 8) | Integer.parseInt(part, 16);
        }
        return new MacAddress(v);
    }

    /**
     * Parses the canonical form {@code aa:bb:cc:dd:ee:ff} (two hex digits per octet, either case);
     * empty when the text is not one. Input files use this form only.
     */
    public static Optional<MacAddress> tryParseCanonical(String text) {
        if (text.length() != 17 || text.indexOf('-') >= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True for multicast and broadcast addresses (the I/G bit of the first octet). */
    public boolean isMulticast() {
        return ((value >>> 40) & 1) != 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", (value >>> shift) & 0xff));
        }
        return sb.toString();
    }
}
