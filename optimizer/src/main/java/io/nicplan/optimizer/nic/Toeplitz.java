package io.nicplan.optimizer.nic;

/**
 * The Toeplitz hash RSS uses: for every set bit of the input, most significant first, XOR the 32-bit
 * window of the key that starts at that bit. Inputs are IPv4 source, destination (and for L4 hashing
 * source port, destination port), in network byte order.
 */
public final class Toeplitz {
    /** The widely used default 40-byte key (Microsoft's RSS specification). */
    private static final int[] DEFAULT_KEY = {
        0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
        0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
        0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
    };

    private Toeplitz() {
    }

    /** Hash of an IPv4 address pair (RSS type ipv4). */
    public static int ipv4(long srcIp, long dstIp) {
        byte[] in = new byte[8];
        put32(in, 0, srcIp);
        put32(in, 4, dstIp);
        return hash(in);
    }

    /** Hash of an IPv4 4-tuple (RSS types ipv4_tcp, ipv4_udp, ipv4_l4). */
    public static int ipv4L4(long srcIp, long dstIp, int srcPort, int dstPort) {
        byte[] in = new byte[12];
        put32(in, 0, srcIp);
        put32(in, 4, dstIp);
        in[8] = (byte) (srcPort >>> 8);
        in[9] = (byte) srcPort;
        in[10] = (byte) (dstPort >>> 8);
        in[11] = (byte) dstPort;
        return hash(in);
    }

    /** Toeplitz hash of {@code input} with the default key; the input may be at most 36 bytes. */
    public static int hash(byte[] input) {
        if (input.length > DEFAULT_KEY.length - 4) {
            throw new IllegalArgumentException("input of " + input.length + " bytes is longer than the key allows");
        }
        int result = 0;
        // window = the 32 key bits starting at the current input bit
        long window = ((long) DEFAULT_KEY[0] << 24) | (DEFAULT_KEY[1] << 16) | (DEFAULT_KEY[2] << 8) | DEFAULT_KEY[3];
        for (int i = 0; i < input.length; i++) {
            int next = DEFAULT_KEY[i + 4];
            for (int bit = 7; bit >= 0; bit--) {
                if ((input[i] & (1 << bit)) != 0) {
                    result ^= (int) window;
                }
                window = ((window << 1) | ((next >>> bit) & 1)) & 0xFFFF_FFFFL;
            }
        }
        return result;
    }

    private static void put32(byte[] out, int at, long v) {
        out[at] = (byte) (v >>> 24);
        out[at + 1] = (byte) (v >>> 16);
        out[at + 2] = (byte) (v >>> 8);
        out[at + 3] = (byte) v;
    }
}
