package io.nicplan.flexnic.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ternary and LPM lookup by tuple space search (Srinivasan, Suri, Varghese, SIGCOMM 1999):
 * entries are grouped by their mask vector; each group is an exact hash table on the masked
 * key. Every entry has a rank (0 = best: highest priority, or longest prefix, ties to the
 * earlier installed) and groups are probed in order of their best rank, stopping as soon as no
 * remaining group can hold a better match. With a few distinct masks this is a few hash probes
 * per packet, independent of the number of entries.
 *
 * <p>Keys and masks are packed into 64-bit words ({@link KeyPacking}); the packet's key is packed
 * once per lookup and every group masks, hashes and compares whole words. Before hashing, a
 * group compares the packet with the bits all its entries share (an ACL's entries often share a
 * prefix or a port range) and, for keys of up to two words, with the range its entries' masked
 * keys span; either turns most packets that cannot match away without touching the group's
 * rows. Slots are rows of one {@code long[]} per group: masked key words, rank, tag (0 = empty).
 * Immutable once built.
 */
final class MaskedLookup {

    /** One entry: key values already masked, the per-field masks (key order), its rank and tag. */
    record Entry(long[] values, long[] masks, int rank, long tag) {
    }

    /** Per word of the key: the group's mask, the bits all its entries share and their values, the hash multiplier. */
    private static final int MASK = 0;
    private static final int COMMON_MASK = 1;
    private static final int COMMON_VALUE = 2;
    private static final int MULTIPLIER = 3;
    private static final int SPEC_STRIDE = 4;

    private static final class Group {
        final long[] spec;
        final long[] rows;
        final int stride;
        final int shift;
        final int slotMask;
        final int minRank;

        Group(KeyPacking packing, long[] packedMask, List<Entry> entries) {
            int words = packing.words();
            this.stride = words + 2;
            long[] multipliers = KeyHash.multipliers(words);
            long[] all = new long[words];
            long[] any = new long[words];
            Arrays.fill(all, -1L);
            List<long[]> keys = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                long[] key = packing.pack(e.values());
                keys.add(key);
                for (int w = 0; w < words; w++) {
                    all[w] &= key[w];
                    any[w] |= key[w];
                }
            }
            this.spec = new long[words * SPEC_STRIDE];
            for (int w = 0; w < words; w++) {
                long common = packedMask[w] & ~(all[w] ^ any[w]);
                spec[w * SPEC_STRIDE + MASK] = packedMask[w];
                spec[w * SPEC_STRIDE + COMMON_MASK] = common;
                spec[w * SPEC_STRIDE + COMMON_VALUE] = all[w] & common;
                spec[w * SPEC_STRIDE + MULTIPLIER] = multipliers[w];
            }
            int slots = KeyHash.slotsFor(entries.size());
            this.rows = new long[slots * stride];
            this.slotMask = slots - 1;
            this.shift = KeyHash.shiftFor(slots);
            int best = Integer.MAX_VALUE;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                long[] key = keys.get(i);
                best = Math.min(best, e.rank());
                long h = 0;
                for (int w = 0; w < words; w++) {
                    h += key[w] * multipliers[w];
                }
                int s = (int) (h >>> shift);
                while (rows[s * stride + words + 1] != 0
                        && !Arrays.equals(rows, s * stride, s * stride + words, key, 0, words)) {
                    s = (s + 1) & slotMask;
                }
                int base = s * stride;
                // Same masked key twice (ternary entries differing only in priority): the better rank shadows.
                if (rows[base + words + 1] == 0 || e.rank() < rows[base + words]) {
                    System.arraycopy(key, 0, rows, base, words);
                    rows[base + words] = e.rank();
                    rows[base + words + 1] = e.tag();
                }
            }
            this.minRank = best;
        }

        /** Index in {@link #rows} of the rank of the entry matching the packet, or -1; packs word by word. */
        int probe(KeyPacking packing, long[] packet) {
            final long[] sp = spec;
            final int words = stride - 2;
            long h = 0;
            for (int w = 0; w < words; w++) {
                long k = packing.word(packet, w);
                if ((k & sp[w * SPEC_STRIDE + COMMON_MASK]) != sp[w * SPEC_STRIDE + COMMON_VALUE]) {
                    return -1;
                }
                h += (k & sp[w * SPEC_STRIDE + MASK]) * sp[w * SPEC_STRIDE + MULTIPLIER];
            }
            int s = (int) (h >>> shift);
            final long[] r = rows;
            while (true) {
                int base = s * stride;
                if (r[base + words + 1] == 0) {
                    return -1;
                }
                int w = 0;
                while (w < words && r[base + w] == (packing.word(packet, w) & sp[w * SPEC_STRIDE + MASK])) {
                    w++;
                }
                if (w == words) {
                    return base + words;
                }
                s = (s + 1) & slotMask;
            }
        }
    }

    /**
     * Keys of at most two words (up to 128 bits, which covers a 5-tuple) use a flat copy of the
     * groups: per group {@value #FLAT} longs in {@link #flat} (best rank, shared-bit masks and
     * values, masks, multipliers, shift, slot mask, first row, and the least and greatest masked
     * key word of its entries, sign-flipped so that a signed comparison orders them unsigned) and
     * every group's rows, four longs
     * each (two key words, rank, tag), in {@link #flatRows}. A lookup then walks two arrays
     * instead of chasing a group object and its arrays per group.
     */
    private static final int FLAT = 16;

    private final KeyPacking packing;
    /** The groups, for keys wider than two words (null when the flat copy serves). */
    private final Group[] groups;
    private final int groupCount;
    private final long[] flat;
    private final long[] flatRows;

    MaskedLookup(int[] fieldIndex, int[] widths, List<Entry> entries) {
        this.packing = new KeyPacking(fieldIndex, widths);
        Map<MaskKey, List<Entry>> byMask = new LinkedHashMap<>();
        for (Entry e : entries) {
            byMask.computeIfAbsent(new MaskKey(packing.pack(e.masks())), k -> new ArrayList<>()).add(e);
        }
        List<Group> built = new ArrayList<>();
        for (Map.Entry<MaskKey, List<Entry>> g : byMask.entrySet()) {
            built.add(new Group(packing, g.getKey().mask, g.getValue()));
        }
        built.sort(Comparator.comparingInt(g -> g.minRank));
        Group[] all = built.toArray(new Group[0]);
        this.groupCount = all.length;
        int words = packing.words();
        if (words > 2) {
            this.groups = all;
            this.flat = null;
            this.flatRows = null;
            return;
        }
        // The flat copy replaces the group objects, which are not kept.
        this.groups = null;
        this.flat = new long[all.length * FLAT];
        int rowLongs = 0;
        for (Group g : all) {
            rowLongs += g.rows.length / g.stride * 4;
        }
        this.flatRows = new long[rowLongs];
        int firstRow = 0;
        for (int i = 0; i < all.length; i++) {
            Group g = all[i];
            int at = i * FLAT;
            flat[at] = g.minRank;
            for (int w = 0; w < words; w++) {
                flat[at + 1 + 2 * w] = g.spec[w * SPEC_STRIDE + COMMON_MASK];
                flat[at + 2 + 2 * w] = g.spec[w * SPEC_STRIDE + COMMON_VALUE];
                flat[at + 5 + w] = g.spec[w * SPEC_STRIDE + MASK];
                flat[at + 7 + w] = g.spec[w * SPEC_STRIDE + MULTIPLIER];
            }
            // A one-word key's second word is 0 under a 0 mask: it adds nothing to the hash, so slots stay put.
            flat[at + 9] = g.shift;
            flat[at + 10] = g.slotMask;
            flat[at + 11] = firstRow;
            long[] least = {Long.MAX_VALUE, Long.MAX_VALUE};
            long[] greatest = {Long.MIN_VALUE, Long.MIN_VALUE};
            int slots = g.rows.length / g.stride;
            for (int slot = 0; slot < slots; slot++) {
                int from = slot * g.stride;
                int to = firstRow + slot * 4;
                System.arraycopy(g.rows, from, flatRows, to, words);
                flatRows[to + 2] = g.rows[from + words];
                flatRows[to + 3] = g.rows[from + words + 1];
                if (flatRows[to + 3] != 0) {
                    for (int w = 0; w < 2; w++) {
                        least[w] = Math.min(least[w], flatRows[to + w] ^ Long.MIN_VALUE);
                        greatest[w] = Math.max(greatest[w], flatRows[to + w] ^ Long.MIN_VALUE);
                    }
                }
            }
            flat[at + 12] = least[0];
            flat[at + 13] = greatest[0];
            flat[at + 14] = least[1];
            flat[at + 15] = greatest[1];
            firstRow += slots * 4;
        }
    }

    /** Number of distinct masks (hash probes in the worst case). */
    int groupCount() {
        return groupCount;
    }

    /** The tag of the best-ranked entry matching the packet's fields, or 0. */
    long find(long[] fields) {
        return flat != null ? findFlat(packing.first(fields), packing.second(fields)) : findAnyWidth(fields);
    }

    private long findFlat(long k0, long k1) {
        final long[] g = flat;
        final long[] r = flatRows;
        long best = 0;
        long bestRank = Long.MAX_VALUE;
        for (int at = 0; at < g.length; at += FLAT) {
            if (g[at] >= bestRank) {
                break;
            }
            if ((k0 & g[at + 1]) != g[at + 2] || (k1 & g[at + 3]) != g[at + 4]) {
                continue; // a bit all the group's entries share differs
            }
            final long m0 = k0 & g[at + 5];
            final long m1 = k1 & g[at + 6];
            final long u0 = m0 ^ Long.MIN_VALUE;
            final long u1 = m1 ^ Long.MIN_VALUE;
            if (u0 < g[at + 12] || u0 > g[at + 13] || u1 < g[at + 14] || u1 > g[at + 15]) {
                continue; // outside the range of the group's keys (a port range, an address block)
            }
            final int slotMask = (int) g[at + 10];
            final int firstRow = (int) g[at + 11];
            int s = (int) ((m0 * g[at + 7] + m1 * g[at + 8]) >>> g[at + 9]);
            while (true) {
                int row = firstRow + s * 4;
                long tag = r[row + 3];
                if (tag == 0) {
                    break;
                }
                if (r[row] == m0 && r[row + 1] == m1) {
                    if (r[row + 2] < bestRank) {
                        bestRank = r[row + 2];
                        best = tag;
                    }
                    break;
                }
                s = (s + 1) & slotMask;
            }
        }
        return best;
    }

    private long findAnyWidth(long[] fields) {
        long best = 0;
        long bestRank = Long.MAX_VALUE;
        for (Group g : groups) {
            if (g.minRank >= bestRank) {
                break;
            }
            int at = g.probe(packing, fields);
            if (at >= 0 && g.rows[at] < bestRank) {
                bestRank = g.rows[at];
                best = g.rows[at + 1];
            }
        }
        return best;
    }

    private record MaskKey(long[] mask) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MaskKey k && Arrays.equals(k.mask, mask);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(mask);
        }

        @Override
        public String toString() {
            return Arrays.toString(mask);
        }
    }
}
