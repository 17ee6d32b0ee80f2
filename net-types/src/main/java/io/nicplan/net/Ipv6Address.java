package io.nicplan.net;

import java.util.Optional;

/**
 * An IPv6 address as its 128 bits read big-endian (network order) in two longs: {@code high} holds
 * bytes 0..7, {@code low} bytes 8..15. {@code 2001:db8::1} is high {@code 0x20010db800000000},
 * low {@code 1}.
 *
 * <p>Text: {@link #parse} reads every form of RFC 4291 section 2.2 (eight groups, {@code ::}
 * compression, a trailing dotted quad), no zone index; {@link #toString()} writes the one
 * canonical form of RFC 5952 section 4 (lower case, no leading zeros, the longest run of two or more
 * zero groups as {@code ::}, the first such run on a tie) and, as its section 5 recommends, an
 * IPv4-mapped address as {@code ::ffff:a.b.c.d}.
 */
public record Ipv6Address(long high, long low) implements IpAddress, Comparable<Ipv6Address> {

    /** The unspecified address {@code ::}. */
    public static final Ipv6Address UNSPECIFIED = new Ipv6Address(0, 0);

    /** Always 6. */
    @Override
    public int version() {
        return 6;
    }

    /** The address from its 16 bytes in network order starting at {@code offset}. */
    public static Ipv6Address fromBytes(byte[] bytes, int offset) {
        return new Ipv6Address(readLong(bytes, offset), readLong(bytes, offset + 8));
    }

    /** The 16 bytes in network order. */
    public byte[] toBytes() {
        byte[] b = new byte[16];
        writeLong(b, 0, high);
        writeLong(b, 8, low);
        return b;
    }

    /** Group {@code index} (0..7) of the eight 16-bit groups, as written in text. */
    public int group(int index) {
        long half = index < 4 ? high : low;
        return (int) (half >>> (48 - 16 * (index & 3))) & 0xffff;
    }

    /** 32-bit word {@code index} (0..3), most significant first, as an unsigned value. */
    public long word(int index) {
        long half = index < 2 ? high : low;
        return (index & 1) == 0 ? half >>> 32 : half & 0xffff_ffffL;
    }

    /** The address whose 32-bit words are {@code words} (most significant first). */
    public static Ipv6Address ofWords(long w0, long w1, long w2, long w3) {
        return new Ipv6Address((w0 << 32) | (w1 & 0xffff_ffffL), (w2 << 32) | (w3 & 0xffff_ffffL));
    }

    /** ff00::/8 (RFC 4291 2.7). */
    public boolean isMulticast() {
        return (high >>> 56) == 0xff;
    }

    /** fe80::/10 (RFC 4291 2.5.6). */
    public boolean isLinkLocal() {
        return (high >>> 54) == (0xfe80L >>> 6);
    }

    /**
     * The solicited-node multicast address of this address, {@code ff02::1:ffXX:XXXX} with its low 24
     * bits (RFC 4291 2.7.1): where neighbour solicitations for it are sent (RFC 4861 7.2.2).
     */
    public Ipv6Address solicitedNode() {
        return new Ipv6Address(0xff02_0000_0000_0000L, 0x0000_0001_ff00_0000L | (low & 0xff_ffffL));
    }

    /**
     * Parses RFC 4291 text, e.g. {@code 2001:db8::1} or {@code ::ffff:192.0.2.1}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Ipv6Address parse(String text) {
        String error = "";
        int[] groups = new int[8];
        String t = text;
        int doubleColon = t.indexOf("::");
        if (doubleColon >= 0 && t.indexOf("::", doubleColon + 1) >= 0) {
            throw bad(text, "'::' may appear only once");
        }
        String headText = doubleColon >= 0 ? t.substring(0, doubleColon) : t;
        String tailText = doubleColon >= 0 ? t.substring(doubleColon + 2) : "";
        int[] head = groups(headText, text, doubleColon < 0);
        int[] tail = doubleColon >= 0 ? groups(tailText, text, true) : new int[0];
        int count = head.length + tail.length;
        if (doubleColon < 0 && count != 8) {
            throw bad(text, "eight groups or '::' expected, found " + count + " groups");
        }
        if (doubleColon >= 0 && count > 7) {
            throw bad(text, "'::' stands for at least one zero group, but " + count + " groups are given");
        }
        System.arraycopy(head, 0, groups, 0, head.length);
        System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return new Ipv6Address(high, low);
    }

    /** {@link #parse}, empty when the text is not an IPv6 address. */
    public static Optional<Ipv6Address> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The 16-bit groups of a colon-separated run; a dotted quad is allowed last when {@code mayEndWithIpv4}. */
    private static int[] groups(String run, String text, boolean mayEndWithIpv4) {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        boolean ipv4Last = mayEndWithIpv4 && parts[parts.length - 1].indexOf('.') >= 0;
        int[] out = new int[parts.length + (ipv4Last ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && ipv4Last) {
                Ipv4Address v4 = Ipv4Address.tryParse(part)
                        .orElseThrow(() -> bad(text, "'" + part + "' is not a dotted-quad IPv4 address"));
                out[i] = v4.bits() >>> 16;
                out[i + 1] = v4.bits() & 0xffff;
                continue;
            }
            if (part.isEmpty()) {
                throw bad(text, "empty group");
            }
            int v = 0;
            for (int c = 0; c < part.length(); c++) {
                int d = Character.digit(part.charAt(c), 16);
                if (d < 0 || part.charAt(c) > 'f') {
                    throw bad(text, "group '" + part + "' is not hexadecimal");
                }
                v = (v << 4) | d;
            }
            if (part.length() > 4) {
                throw bad(text, "group '" + part + "' has more than four hex digits");
            }
            out[i] = v;
        }
        return out;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("not an IPv6 address: '" + text + "': " + why);
    }

    @Override
    public int compareTo(Ipv6Address other) {
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    /** RFC 5952 canonical text. */
    @Override
    public String toString() {
        if (high == 0 && (low >>> 32) == 0xffffL) {
            return "::ffff:" + new Ipv4Address((int) low);
        }
        // The longest run of at least two zero groups; the first one on a tie (RFC 5952 4.2.3).
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (group(i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && group(j) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(i)));
        }
        return sb.toString();
    }

    private static long readLong(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xffL);
        }
        return v;
    }

    private static void writeLong(byte[] b, int offset, long v) {
        for (int i = 7; i >= 0; i--) {
            b[offset + i] = (byte) v;
            v >>>= 8;
        }
    }
}
