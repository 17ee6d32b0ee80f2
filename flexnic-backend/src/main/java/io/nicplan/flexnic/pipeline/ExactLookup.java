package io.nicplan.flexnic.pipeline;

import java.util.List;

/**
 * Exact-match lookup: an open-addressing hash table with linear probing whose slots are rows of
 * one flat {@code long[]}: the key packed into 64-bit words ({@link KeyPacking}), the entry's tag
 * (see {@link CompiledTable}; never 0, so 0 marks an empty slot), then the entry's direct
 * counter (packets, bytes). A large table does not fit the cache, so what a hit touches decides
 * its cost: keeping the counter in the row, and the key packed (a 5-tuple row is 40 bytes), makes
 * a hit one cache miss where a separate counter array would make it two. Immutable once built
 * except for the counters, which only the packet path writes.
 */
final class ExactLookup {

    private final KeyPacking packing;
    private final int words;
    private final int stride;
    /** Rows of {@code words} key words, tag, packets, bytes. */
    final long[] rows;
    /** Per entry ordinal (see {@link CompiledTable}), the index of its packet count in {@link #rows}. */
    private final int[] counterAt;
    private final int slotMask;
    private final long[] multipliers;
    private final int shift;

    /**
     * @param widths the key fields' widths in bits (each at most 48)
     * @param values one array of key-field values per entry, no two equal; {@code tags} parallel
     */
    ExactLookup(int[] fieldIndex, int[] widths, List<long[]> values, long[] tags) {
        this.packing = new KeyPacking(fieldIndex, widths);
        this.words = packing.words();
        this.stride = words + 3;
        this.counterAt = new int[values.size() + 1];
        int slots = KeyHash.slotsFor(values.size());
        this.rows = new long[slots * stride];
        this.slotMask = slots - 1;
        this.multipliers = KeyHash.multipliers(words);
        this.shift = KeyHash.shiftFor(slots);
        for (int e = 0; e < values.size(); e++) {
            long[] key = packing.pack(values.get(e));
            long h = 0;
            for (int w = 0; w < words; w++) {
                h += key[w] * multipliers[w];
            }
            int s = (int) (h >>> shift);
            while (rows[s * stride + words] != 0) {
                s = (s + 1) & slotMask;
            }
            System.arraycopy(key, 0, rows, s * stride, words);
            rows[s * stride + words] = tags[e];
            counterAt[(int) (tags[e] >>> 32)] = s * stride + words + 1;
        }
    }

    /** Index in {@link #rows} of the packet count of the entry with this ordinal (> 0). */
    int counterIndex(int ordinal) {
        return counterAt[ordinal];
    }

    /** Index in {@link #rows} of the tag of the entry matching the packet's fields, or -1. */
    int find(long[] fields) {
        return words == 1 ? find1(fields) : words == 2 ? find2(fields) : findN(fields);
    }

    private int find1(long[] fields) {
        final long k0 = packing.first(fields);
        final long[] r = rows;
        int s = (int) ((k0 * multipliers[0]) >>> shift);
        while (true) {
            int base = s * 4;
            if (r[base + 1] == 0) {
                return -1;
            }
            if (r[base] == k0) {
                return base + 1;
            }
            s = (s + 1) & slotMask;
        }
    }

    private int find2(long[] fields) {
        final long k0 = packing.first(fields);
        final long k1 = packing.second(fields);
        final long[] r = rows;
        int s = (int) ((k0 * multipliers[0] + k1 * multipliers[1]) >>> shift);
        while (true) {
            int base = s * 5;
            if (r[base + 2] == 0) {
                return -1;
            }
            if (r[base] == k0 && r[base + 1] == k1) {
                return base + 2;
            }
            s = (s + 1) & slotMask;
        }
    }

    /** Keys wider than two words (rare): repacks a word per comparison rather than allocate. */
    private int findN(long[] fields) {
        final int w = words;
        long h = 0;
        for (int i = 0; i < w; i++) {
            h += packing.word(fields, i) * multipliers[i];
        }
        final long[] r = rows;
        int s = (int) (h >>> shift);
        while (true) {
            int base = s * stride;
            if (r[base + w] == 0) {
                return -1;
            }
            int i = 0;
            while (i < w && r[base + i] == packing.word(fields, i)) {
                i++;
            }
            if (i == w) {
                return base + w;
            }
            s = (s + 1) & slotMask;
        }
    }
}
