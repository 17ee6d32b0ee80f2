package io.nicplan.flexnic.pipeline;

import java.util.Arrays;
import java.util.List;

/**
 * Lookup for a table keyed on one field whose every entry is a prefix (an LPM route, or a
 * ternary entry whose mask is a run of leading ones): a multibit trie with controlled prefix
 * expansion (Srinivasan and Varghese, "Fast address lookups using controlled prefix expansion",
 * ACM TOCS 1999), leaf-pushed so a lookup is one array read per level and no comparison. The
 * first level takes the top 16 bits (or the whole field if narrower), every further level 8, so
 * an IPv4 address needs at most three reads, and a table whose prefixes are all /16 or shorter
 * one; a tuple space search needs one hash probe per distinct prefix length instead.
 *
 * <p>Cells hold {@code entry + 1} (0 = no entry covers the cell) or, negative, {@code -(chunk + 1)}
 * for a pointer to the next level's chunk. Entries are painted from the worst rank to the best,
 * so a cell ends up with the best-ranked entry covering it whatever the ranks are (a ternary
 * table's priorities need not follow prefix length). Immutable once built.
 */
final class PrefixLookup {

    private static final int STRIDE = 8;

    private final int field;
    private final int width;
    private final int rootBits;
    /** Chunk 0 is the root (2^rootBits cells); the others 2^STRIDE cells each, laid end to end. */
    private int[] cells;
    private int chunks;
    private final long[] tags;
    /** Per level below the root: the right shift and mask that give a value's index in a chunk. */
    private final int[] levelShift;
    private final int[] levelMask;

    /**
     * True if a table over {@code keyWidths} with these per-entry masks can use a prefix trie:
     * one key field, at least one entry (an empty table needs no 256 KB root), and every mask a
     * prefix of the field (leading ones, or 0 for a wildcard).
     */
    static boolean applies(int[] keyWidths, List<long[]> masks) {
        if (keyWidths.length != 1 || masks.isEmpty()) {
            return false;
        }
        int w = keyWidths[0];
        for (long[] m : masks) {
            if (prefixLength(m[0], w) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The prefix length a mask of a {@code width}-bit field encodes, or -1 if it is no prefix. */
    static int prefixLength(long mask, int width) {
        int length = Long.bitCount(mask);
        long full = width == 64 ? -1L : (1L << width) - 1;
        long expected = length == 0 ? 0 : full & ~((1L << (width - length)) - 1);
        return mask == expected ? length : -1;
    }

    /**
     * @param field packet-field index of the key field
     * @param width its width in bits (at most 48)
     * @param values the entries' masked values, {@code masks} their prefix masks, {@code ranks}
     *     their ranks (0 best) and {@code tags} their tags, all parallel
     */
    PrefixLookup(int field, int width, List<long[]> values, List<long[]> masks, int[] ranks, long[] tags) {
        this.field = field;
        this.width = width;
        this.rootBits = Math.min(16, width);
        this.tags = tags;
        this.cells = new int[(1 << rootBits) + 16 * (1 << STRIDE)];
        this.chunks = 1;
        int levels = (width - rootBits + STRIDE - 1) / STRIDE;
        this.levelShift = new int[levels];
        this.levelMask = new int[levels];
        for (int level = 0, consumed = rootBits; level < levels; level++) {
            int bits = Math.min(STRIDE, width - consumed);
            consumed += bits;
            levelShift[level] = width - consumed;
            levelMask[level] = (1 << bits) - 1;
        }
        Integer[] worstFirst = new Integer[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            worstFirst[i] = i;
        }
        Arrays.sort(worstFirst, (a, b) -> Integer.compare(ranks[b], ranks[a]));
        for (int e : worstFirst) {
            insert(values.get(e)[0], prefixLength(masks.get(e)[0], width), e + 1);
        }
    }

    private void insert(long value, int length, int leaf) {
        int base = 0;
        int consumed = 0;
        int bits = rootBits;
        while (true) {
            int index = (int) ((value >>> (width - consumed - bits)) & ((1 << bits) - 1));
            if (length <= consumed + bits) {
                int span = 1 << (consumed + bits - length);
                int first = index & ~(span - 1);
                for (int c = first; c < first + span; c++) {
                    paint(base + c, leaf);
                }
                return;
            }
            int cell = cells[base + index];
            int child;
            if (cell < 0) {
                child = -cell - 1;
            } else {
                child = newChunk(cell);
                cells[base + index] = -child - 1;
            }
            base = chunkBase(child);
            consumed += bits;
            bits = Math.min(STRIDE, width - consumed);
        }
    }

    /** Sets a cell, and every cell below it, to {@code leaf}: a better entry covers them all. */
    private void paint(int at, int leaf) {
        int cell = cells[at];
        if (cell < 0) {
            int base = chunkBase(-cell - 1);
            for (int c = 0; c < 1 << STRIDE; c++) {
                paint(base + c, leaf);
            }
        } else {
            cells[at] = leaf;
        }
    }

    private int chunkBase(int chunk) {
        return (1 << rootBits) + (chunk - 1) * (1 << STRIDE);
    }

    private int newChunk(int inherited) {
        int chunk = chunks++;
        int base = chunkBase(chunk);
        if (base + (1 << STRIDE) > cells.length) {
            cells = Arrays.copyOf(cells, Math.max(cells.length * 2, base + (1 << STRIDE)));
        }
        Arrays.fill(cells, base, base + (1 << STRIDE), inherited);
        return chunk;
    }

    /** The tag of the best-ranked entry whose prefix covers the packet's field, or 0. */
    long find(long[] packet) {
        final long v = packet[field];
        final int[] c = cells;
        int cell = c[(int) (v >>> (width - rootBits)) & ((1 << rootBits) - 1)];
        for (int level = 0; cell < 0; level++) {
            cell = c[(1 << rootBits) + (-cell - 2) * (1 << STRIDE) + ((int) (v >>> levelShift[level]) & levelMask[level])];
        }
        return cell == 0 ? 0 : tags[cell - 1];
    }
}
