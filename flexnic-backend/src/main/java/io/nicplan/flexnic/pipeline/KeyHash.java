package io.nicplan.flexnic.pipeline;

/**
 * Multiply-shift hashing of table keys (one long per key field): the slot of a key is the top
 * bits of {@code sum(value[i] * multiplier[i])} (Dietzfelbinger et al., "A reliable randomized
 * algorithm for the closest-pair problem", 1997). One multiply per field and no finaliser, which
 * matters because a ternary lookup hashes once per mask group.
 */
final class KeyHash {

    private KeyHash() {
    }

    /** Odd 64-bit multipliers for key positions 0..n-1 (SplitMix64 outputs, forced odd). */
    static long[] multipliers(int n) {
        long[] m = new long[n];
        long state = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < n; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            m[i] = (z ^ (z >>> 31)) | 1L;
        }
        return m;
    }

    /** Power-of-two slot count keeping the load factor at most one half. */
    static int slotsFor(int entries) {
        int slots = 4;
        while (slots * 3 < entries * 4) {
            slots <<= 1;
        }
        return slots;
    }

    /** The right shift that leaves {@code log2(slots)} top bits. */
    static int shiftFor(int slots) {
        return 64 - Integer.numberOfTrailingZeros(slots);
    }
}
