package io.nicplan.net;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The Toeplitz hash that RSS NICs compute over a flow's addresses and ports.
 *
 * <p>Definition (Microsoft, "RSS hashing functions"): for every set bit of the input, most
 * significant bit of the first byte first, XOR into the result the 32 bits of the key that
 * start at that bit's position. Because the hash is linear over XOR, the contribution of a
 * whole input byte at a given position depends only on that byte's value, so this class
 * precomputes one 256-entry table per input position and hashes with one lookup per byte.
 *
 * <p>Instances are immutable and thread-safe; the {@code int} methods allocate nothing and
 * are meant for the per-packet path. Addresses and ports are passed as the values they have
 * on the wire read big-endian (network order), e.g. {@code 10.0.0.1} is {@code 0x0a000001}.
 */
public final class Toeplitz {

    /**
     * The widely used default RSS key (Microsoft's verification key, also the default of many
     * drivers): 40 bytes, enough for IPv6 with ports (36 input bytes).
     */
    private static final byte[] STANDARD_KEY = HexFormat.of().parseHex(
            "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa");

    /** The shortest key that covers the IPv4 4-tuple: 12 input bytes plus one 32-bit window. */
    public static final int MIN_KEY_LENGTH = 16;

    /** Longest key accepted; real NICs use 40 (Intel 82599) or 52 (Intel X722) bytes. */
    public static final int MAX_KEY_LENGTH = 256;

    private static final Toeplitz STANDARD = new Toeplitz(STANDARD_KEY);

    private final byte[] key;
    /** {@code table[position * 256 + byteValue]}: contribution of that byte at that input position. */
    private final int[] table;
    private final int maxInputLength;

    private Toeplitz(byte[] key) {
        this.key = key.clone();
        this.maxInputLength = key.length - 4;
        this.table = new int[maxInputLength * 256];
        for (int position = 0; position < maxInputLength; position++) {
            // The 40 key bits starting at this byte cover the 32-bit windows of all 8 bit positions.
            long window40 = 0;
            for (int i = 0; i < 5; i++) {
                window40 = (window40 << 8) | (key[position + i] & 0xffL);
            }
            int[] bitWindows = new int[8];
            for (int bit = 0; bit < 8; bit++) {
                bitWindows[bit] = (int) (window40 >>> (8 - bit));
            }
            for (int value = 0; value < 256; value++) {
                int h = 0;
                for (int bit = 0; bit < 8; bit++) {
                    if ((value & (0x80 >>> bit)) != 0) {
                        h ^= bitWindows[bit];
                    }
                }
                table[position * 256 + value] = h;
            }
        }
    }

    /** The hash with the standard 40-byte key. */
    public static Toeplitz standard() {
        return STANDARD;
    }

    /** A copy of the standard 40-byte key. */
    public static byte[] standardKey() {
        return STANDARD_KEY.clone();
    }

    /**
     * The standard key for a NIC whose key register has {@code length} bytes (the Intel 700 series: 52): the
     * standard 40 bytes, then zeros (or its first {@code length} bytes when shorter). Toeplitz reads key bytes only
     * up to the input length plus 4, at most 40 for IPv6 with ports, so every hash this class computes is the
     * same as with the 40-byte key: a longer register changes where the key is written, not where flows go.
     *
     * @throws IllegalArgumentException if {@code length} is outside {@value #MIN_KEY_LENGTH}..{@value #MAX_KEY_LENGTH}
     */
    public static byte[] standardKey(int length) {
        if (length < MIN_KEY_LENGTH || length > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("RSS key must have " + MIN_KEY_LENGTH + ".." + MAX_KEY_LENGTH
                    + " bytes, got " + length);
        }
        return Arrays.copyOf(STANDARD_KEY, length);
    }

    /**
     * The hash with the given key.
     *
     * @throws IllegalArgumentException if the key is shorter than {@value #MIN_KEY_LENGTH} or
     *     longer than {@value #MAX_KEY_LENGTH} bytes
     */
    public static Toeplitz withKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_LENGTH || key.length > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("RSS key must have " + MIN_KEY_LENGTH + ".." + MAX_KEY_LENGTH
                    + " bytes, got " + key.length);
        }
        return Arrays.equals(key, STANDARD_KEY) ? STANDARD : new Toeplitz(key);
    }

    /** A copy of this hash's key. */
    public byte[] key() {
        return key.clone();
    }

    /** The longest input this key can hash (key length minus the 4 bytes of the last window). */
    public int maxInputLength() {
        return maxInputLength;
    }

    /** Hash of the IPv4 2-tuple: source address then destination address (RSS type IPv4). */
    public int hashIpv4(int srcIp, int dstIp) {
        final int[] t = table;
        return t[(srcIp >>> 24)]
                ^ t[256 + ((srcIp >>> 16) & 0xff)]
                ^ t[512 + ((srcIp >>> 8) & 0xff)]
                ^ t[768 + (srcIp & 0xff)]
                ^ t[1024 + (dstIp >>> 24)]
                ^ t[1280 + ((dstIp >>> 16) & 0xff)]
                ^ t[1536 + ((dstIp >>> 8) & 0xff)]
                ^ t[1792 + (dstIp & 0xff)];
    }

    /**
     * Hash of the IPv4 4-tuple: source address, destination address, source port, destination
     * port (RSS types TCP/IPv4 and UDP/IPv4). Ports use their low 16 bits.
     */
    public int hash(int srcIp, int dstIp, int srcPort, int dstPort) {
        final int[] t = table;
        return hashIpv4(srcIp, dstIp)
                ^ t[2048 + ((srcPort >>> 8) & 0xff)]
                ^ t[2304 + (srcPort & 0xff)]
                ^ t[2560 + ((dstPort >>> 8) & 0xff)]
                ^ t[2816 + (dstPort & 0xff)];
    }

    /**
     * Hash of the IPv6 2-tuple: source address then destination address (RSS type IPv6; 32 input
     * bytes), each address as its two big-endian halves ({@link Ipv6Address#high()}, {@code low()}).
     * Allocates nothing.
     *
     * @throws IllegalStateException if this key is shorter than the 36 bytes the input needs
     */
    public int hashIpv6(long srcHigh, long srcLow, long dstHigh, long dstLow) {
        requireInput(IPV6_INPUT);
        return longAt(0, srcHigh) ^ longAt(8, srcLow) ^ longAt(16, dstHigh) ^ longAt(24, dstLow);
    }

    /**
     * Hash of the IPv6 4-tuple: source address, destination address, source port, destination port
     * (RSS types TCP/IPv6 and UDP/IPv6; 36 input bytes). Ports use their low 16 bits. Allocates nothing.
     *
     * @throws IllegalStateException if this key is shorter than the 40 bytes the input needs
     */
    public int hashIpv6(long srcHigh, long srcLow, long dstHigh, long dstLow, int srcPort, int dstPort) {
        requireInput(IPV6_INPUT + 4);
        final int[] t = table;
        return hashIpv6(srcHigh, srcLow, dstHigh, dstLow)
                ^ t[(IPV6_INPUT) * 256 + ((srcPort >>> 8) & 0xff)]
                ^ t[(IPV6_INPUT + 1) * 256 + (srcPort & 0xff)]
                ^ t[(IPV6_INPUT + 2) * 256 + ((dstPort >>> 8) & 0xff)]
                ^ t[(IPV6_INPUT + 3) * 256 + (dstPort & 0xff)];
    }

    /** Bytes of the IPv6 address pair. */
    private static final int IPV6_INPUT = 32;

    /** The contribution of the 8 bytes of {@code v} at input position {@code position}. */
    private int longAt(int position, long v) {
        final int[] t = table;
        int h = 0;
        for (int i = 0; i < 8; i++) {
            h ^= t[(position + i) * 256 + (int) ((v >>> (56 - 8 * i)) & 0xff)];
        }
        return h;
    }

    private void requireInput(int length) {
        if (length > maxInputLength) {
            throw new IllegalStateException("input of " + length + " bytes exceeds the " + maxInputLength
                    + " bytes a " + key.length + "-byte key can hash");
        }
    }

    /**
     * Hash of an arbitrary input byte string (e.g. IPv6 addresses and ports).
     *
     * @throws IllegalArgumentException if the input is longer than {@link #maxInputLength()}
     * @throws IndexOutOfBoundsException if the range lies outside {@code input}
     */
    public int hash(byte[] input, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, input.length);
        if (length > maxInputLength) {
            throw new IllegalArgumentException("input of " + length + " bytes exceeds the " + maxInputLength
                    + " bytes a " + key.length + "-byte key can hash");
        }
        int h = 0;
        for (int i = 0; i < length; i++) {
            h ^= table[i * 256 + (input[offset + i] & 0xff)];
        }
        return h;
    }
}
