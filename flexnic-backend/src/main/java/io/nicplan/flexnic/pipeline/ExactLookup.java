package io.nicplan.flexnic.pipeline;

import java.util.List;

/**
 * Exact-match lookup: an open-addressing hash table with linear probing whose slots are rows of
 * one flat {@code long[]}: the key fields' values, then the entry's tag (see
 * {@link CompiledTable}; never 0, so 0 marks an empty slot). A hit reads one row, usually one
 * cache line. Immutable once built.
 */
final class ExactLookup {

    private final int[] fieldIndex;
    private final int width;
    private final int stride;
    private final long[] rows;
    private final int slotMask;
    private final long[] multipliers;
    private final int shift;

    /** @param values one array of key-field values per entry, no two equal; {@code tags} parallel */
    ExactLookup(int[] fieldIndex, List<long[]> values, long[] tags) {
        this.fieldIndex = fieldIndex;
        this.width = fieldIndex.length;
        this.stride = width + 1;
        int slots = KeyHash.slotsFor(values.size());
        this.rows = new long[slots * stride];
        this.slotMask = slots - 1;
        this.multipliers = KeyHash.multipliers(width);
        this.shift = KeyHash.shiftFor(slots);
        for (int e = 0; e < values.size(); e++) {
            long[] v = values.get(e);
            long h = 0;
            for (int i = 0; i < width; i++) {
                h += v[i] * multipliers[i];
            }
            int s = (int) (h >>> shift);
            while (rows[s * stride + width] != 0) {
                s = (s + 1) & slotMask;
            }
            System.arraycopy(v, 0, rows, s * stride, width);
            rows[s * stride + width] = tags[e];
        }
    }

    /** The tag of the entry matching the packet's fields, or 0. */
    long find(long[] fields) {
        final int[] idx = fieldIndex;
        final int w = width;
        final long[] r = rows;
        final long[] m = multipliers;
        long h = 0;
        for (int i = 0; i < w; i++) {
            h += fields[idx[i]] * m[i];
        }
        int s = (int) (h >>> shift);
        while (true) {
            int base = s * stride;
            long tag = r[base + w];
            if (tag == 0) {
                return 0;
            }
            int i = 0;
            while (i < w && r[base + i] == fields[idx[i]]) {
                i++;
            }
            if (i == w) {
                return tag;
            }
            s = (s + 1) & slotMask;
        }
    }
}
