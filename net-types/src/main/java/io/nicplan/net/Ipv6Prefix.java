package io.nicplan.net;

/**
 * An IPv6 prefix {@code address/length} (RFC 4291 2.3), e.g. {@code 2001:db8::/32}. The bits after the
 * prefix length must be zero: {@code 2001:db8::1/32} is rejected rather than silently truncated, as
 * P4Runtime rejects an LPM entry with trailing bits set.
 */
public record Ipv6Prefix(Ipv6Address address, int length) {

    public Ipv6Prefix {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("IPv6 prefix length " + length + " outside 0..128");
        }
        if ((address.high() & ~maskHigh(length)) != 0 || (address.low() & ~maskLow(length)) != 0) {
            throw new IllegalArgumentException("IPv6 prefix " + address + "/" + length + " has bits set after the first "
                    + length);
        }
    }

    /**
     * Parses {@code address/length}.
     *
     * @throws IllegalArgumentException naming the text if it is not a prefix
     */
    public static Ipv6Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an IPv6 prefix (address/length): '" + text + "'");
        }
        String lengthText = text.substring(slash + 1);
        if (lengthText.isEmpty() || lengthText.length() > 3 || !lengthText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad prefix length '" + lengthText + "' in '" + text + "'");
        }
        return new Ipv6Prefix(Ipv6Address.parse(text.substring(0, slash)), Integer.parseInt(lengthText));
    }

    /** The mask of the first {@code length} bits over bytes 0..7. */
    public static long maskHigh(int length) {
        return length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
    }

    /** The mask of the first {@code length} bits over bytes 8..15. */
    public static long maskLow(int length) {
        return length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    }

    /** Whether {@code a} lies in this prefix. */
    public boolean contains(Ipv6Address a) {
        return (a.high() & maskHigh(length)) == address.high() && (a.low() & maskLow(length)) == address.low();
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
