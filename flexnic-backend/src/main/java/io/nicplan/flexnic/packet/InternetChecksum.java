package io.nicplan.flexnic.packet;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
 * words. IPv4 uses it over its header; TCP, UDP and ICMP over their message, TCP and UDP with
 * the IPv4 pseudo-header (RFC 793, RFC 768) added in.
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /**
     * Adds the 16-bit big-endian words of {@code b[offset, offset+length)} to {@code sum}; an odd
     * last byte is padded with a zero byte. The result is unfolded; pass it to {@link #finish}.
     */
    public static long add(long sum, byte[] b, int offset, int length) {
        int end = offset + length;
        int i = offset;
        // 32-bit words: since 2^16 = 1 (mod 2^16 - 1), summing big-endian 32-bit words and
        // folding gives the same ones' complement sum as 16-bit words (RFC 1071, section 2).
        // Eight bytes are read at once and added as their two 32-bit halves. The loop is kept
        // small (the tail is another method) so the JIT inlines it into the parser.
        for (; i + 7 < end; i += 8) {
            long x = Bytes.u64(b, i);
            sum += (x >>> 32) + (x & 0xffffffffL);
        }
        return i == end ? sum : addTail(sum, b, i, end);
    }

    private static long addTail(long sum, byte[] b, int i, int end) {
        for (; i + 3 < end; i += 4) {
            sum += Bytes.u32(b, i) & 0xffffffffL;
        }
        for (; i + 1 < end; i += 2) {
            sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    /** The unfolded sum of an option-less IPv4 header, {@code b[offset, offset+20)}. */
    public static long addIpv4Header(byte[] b, int offset) {
        long x = Bytes.u64(b, offset);
        long y = Bytes.u64(b, offset + 8);
        return (x >>> 32) + (x & 0xffffffffL) + (y >>> 32) + (y & 0xffffffffL) + (Bytes.u32(b, offset + 16) & 0xffffffffL);
    }

    /** The IPv4 pseudo-header's contribution for TCP and UDP: addresses, protocol, L4 length. */
    public static long pseudoHeader(int srcIp, int dstIp, int protocol, int l4Length) {
        return (srcIp >>> 16) + (srcIp & 0xffff) + (dstIp >>> 16) + (dstIp & 0xffff) + protocol + l4Length;
    }

    /**
     * The IPv6 pseudo-header's contribution (RFC 8200 8.1): the source and destination addresses of the IPv6
     * header at {@code ipv6Header}, the upper-layer packet length and the next-header value.
     */
    public static long pseudoHeaderIpv6(byte[] b, int ipv6Header, int nextHeader, int upperLayerLength) {
        return add(0, b, ipv6Header + 8, 32) + nextHeader + upperLayerLength;
    }

    /** Folds a sum to 16 bits and complements it: the value to store in a checksum field. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xffff;
    }

    /**
     * Folds the carries of a sum (as {@link #add} returns it: below 2^62) into 16 bits. A fixed
     * number of steps instead of a loop: each at least halves the bits above 16, and the last
     * cannot carry.
     */
    public static int fold(long sum) {
        sum = (sum & 0xffffffffL) + (sum >>> 32);
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }

    /** The checksum of a byte range (e.g. an IPv4 header with its checksum field zeroed). */
    public static int of(byte[] b, int offset, int length) {
        return finish(add(0, b, offset, length));
    }

    /**
     * True if a range that includes its own checksum field sums to all ones, i.e. the stored
     * checksum is correct.
     */
    public static boolean verifies(long sumIncludingChecksumField) {
        return fold(sumIncludingChecksumField) == 0xffff;
    }
}
