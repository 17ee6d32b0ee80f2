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
 * per packet, independent of the number of entries. A group hashes and compares only the fields
 * its mask does not wildcard. Slots are rows of one {@code long[]} per group: masked key, rank,
 * tag (0 = empty). Immutable once built.
 */
final class MaskedLookup {

    /** One entry: key values already masked, the per-field masks, its rank and tag. */
    record Entry(long[] values, long[] masks, int rank, long tag) {
    }

    private static final class Group {
        /** Packet-field indexes, masks and multipliers of the fields this group looks at. */
        final int[] fields;
        final long[] mask;
        final long[] multipliers;
        final int width;
        final int stride;
        final long[] rows;
        final int shift;
        final int slotMask;
        final int minRank;

        Group(int[] fieldIndex, long[] fullMask, List<Entry> entries) {
            int active = 0;
            for (long m : fullMask) {
                if (m != 0) {
                    active++;
                }
            }
            this.width = active;
            this.fields = new int[active];
            this.mask = new long[active];
            int[] positions = new int[active];
            for (int i = 0, j = 0; i < fullMask.length; i++) {
                if (fullMask[i] != 0) {
                    fields[j] = fieldIndex[i];
                    mask[j] = fullMask[i];
                    positions[j++] = i;
                }
            }
            this.multipliers = KeyHash.multipliers(active);
            this.stride = active + 2;
            int slots = KeyHash.slotsFor(entries.size());
            this.rows = new long[slots * stride];
            this.slotMask = slots - 1;
            this.shift = KeyHash.shiftFor(slots);
            int best = Integer.MAX_VALUE;
            long[] key = new long[active];
            for (Entry e : entries) {
                best = Math.min(best, e.rank());
                long h = 0;
                for (int j = 0; j < active; j++) {
                    key[j] = e.values()[positions[j]];
                    h += key[j] * multipliers[j];
                }
                // A fully wildcarded group has one key (nothing to hash): slot 0.
                int s = active == 0 ? 0 : (int) (h >>> shift);
                while (rows[s * stride + active + 1] != 0
                        && !Arrays.equals(rows, s * stride, s * stride + active, key, 0, active)) {
                    s = (s + 1) & slotMask;
                }
                int base = s * stride;
                // Same masked key twice (ternary entries differing only in priority): the better rank shadows.
                if (rows[base + active + 1] == 0 || e.rank() < rows[base + active]) {
                    System.arraycopy(key, 0, rows, base, active);
                    rows[base + active] = e.rank();
                    rows[base + active + 1] = e.tag();
                }
            }
            this.minRank = best;
        }

        /** The tag and rank of the entry matching the packet, as {@code rows} index of its rank, or -1. */
        int probe(long[] packet) {
            final int w = width;
            final int[] f = fields;
            final long[] m = mask;
            final long[] mul = multipliers;
            long h = 0;
            for (int j = 0; j < w; j++) {
                h += (packet[f[j]] & m[j]) * mul[j];
            }
            int s = w == 0 ? 0 : (int) (h >>> shift);
            final long[] r = rows;
            while (true) {
                int base = s * stride;
                if (r[base + w + 1] == 0) {
                    return -1;
                }
                int j = 0;
                while (j < w && r[base + j] == (packet[f[j]] & m[j])) {
                    j++;
                }
                if (j == w) {
                    return base + w;
                }
                s = (s + 1) & slotMask;
            }
        }
    }

    private final Group[] groups;

    MaskedLookup(int[] fieldIndex, List<Entry> entries) {
        Map<MaskKey, List<Entry>> byMask = new LinkedHashMap<>();
        for (Entry e : entries) {
            byMask.computeIfAbsent(new MaskKey(e.masks()), k -> new ArrayList<>()).add(e);
        }
        List<Group> built = new ArrayList<>();
        for (Map.Entry<MaskKey, List<Entry>> g : byMask.entrySet()) {
            built.add(new Group(fieldIndex, g.getKey().mask, g.getValue()));
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
        for (Group g : groups) {
            if (g.minRank >= bestRank) {
                break;
            }
            int at = g.probe(fields);
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
