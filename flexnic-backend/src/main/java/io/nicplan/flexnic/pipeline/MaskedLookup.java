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
 * prefix or a port range), which turns most packets that cannot match away without touching the
 * group's rows. Slots are rows of one {@code long[]} per group: masked key words, rank, tag
 * (0 = empty). Immutable once built.
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

        /** Index in {@link #rows} of the rank of the entry matching a two-word key, or -1. */
        int probe2(long k0, long k1) {
            final long[] sp = spec;
            if ((k0 & sp[COMMON_MASK]) != sp[COMMON_VALUE]
                    || (k1 & sp[SPEC_STRIDE + COMMON_MASK]) != sp[SPEC_STRIDE + COMMON_VALUE]) {
                return -1;
            }
            final long m0 = k0 & sp[MASK];
            final long m1 = k1 & sp[SPEC_STRIDE + MASK];
            int s = (int) ((m0 * sp[MULTIPLIER] + m1 * sp[SPEC_STRIDE + MULTIPLIER]) >>> shift);
            final long[] r = rows;
            while (true) {
                int base = s * 4;
                if (r[base + 3] == 0) {
                    return -1;
                }
                if (r[base] == m0 && r[base + 1] == m1) {
                    return base + 2;
                }
                s = (s + 1) & slotMask;
            }
        }

        /** The same for a key of any width, packing word by word from the packet's fields. */
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

    private final KeyPacking packing;
    private final Group[] groups;

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
        this.groups = built.toArray(new Group[0]);
    }

    /** Number of distinct masks (hash probes in the worst case). */
    int groupCount() {
        return groups.length;
    }

    /** The tag of the best-ranked entry matching the packet's fields, or 0. */
    long find(long[] fields) {
        long best = 0;
        long bestRank = Long.MAX_VALUE;
        final Group[] gs = groups;
        if (packing.words() <= 2) {
            final long k0 = packing.word(fields, 0);
            final long k1 = packing.word(fields, 1);
            for (Group g : gs) {
                if (g.minRank >= bestRank) {
                    break;
                }
                int at = g.stride == 4 ? g.probe2(k0, k1) : g.probe(packing, fields);
                if (at >= 0 && g.rows[at] < bestRank) {
                    bestRank = g.rows[at];
                    best = g.rows[at + 1];
                }
            }
            return best;
        }
        for (Group g : gs) {
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
