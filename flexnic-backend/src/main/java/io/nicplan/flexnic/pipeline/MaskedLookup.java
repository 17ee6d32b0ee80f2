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
 * per packet, independent of the number of entries. Immutable once built.
 */
final class MaskedLookup {

    /** One entry: key values already masked, the per-field masks, its rank and action. */
    record Entry(long[] values, long[] masks, int rank, CompiledAction action) {
    }

    private static final class Group {
        final long[] mask;
        final long[] keys;
        final CompiledAction[] actions;
        final int[] ranks;
        final int slotMask;
        final int minRank;

        Group(long[] mask, List<Entry> entries, int width) {
            this.mask = mask;
            int slots = KeyHash.slotsFor(entries.size());
            this.keys = new long[slots * width];
            this.actions = new CompiledAction[slots];
            this.ranks = new int[slots];
            this.slotMask = slots - 1;
            int best = Integer.MAX_VALUE;
            for (Entry e : entries) {
                best = Math.min(best, e.rank());
                long h = KeyHash.start();
                for (int i = 0; i < width; i++) {
                    h = KeyHash.add(h, e.values()[i]);
                }
                int s = KeyHash.finish(h) & slotMask;
                while (actions[s] != null && !Arrays.equals(keys, s * width, s * width + width, e.values(), 0, width)) {
                    s = (s + 1) & slotMask;
                }
                // Same masked key twice (ternary entries differing only in priority): the better rank shadows.
                if (actions[s] == null || e.rank() < ranks[s]) {
                    System.arraycopy(e.values(), 0, keys, s * width, width);
                    actions[s] = e.action();
                    ranks[s] = e.rank();
                }
            }
            this.minRank = best;
        }
    }

    private final int[] fieldIndex;
    private final int width;
    private final Group[] groups;

    MaskedLookup(int[] fieldIndex, List<Entry> entries) {
        this.fieldIndex = fieldIndex;
        this.width = fieldIndex.length;
        Map<MaskKey, List<Entry>> byMask = new LinkedHashMap<>();
        for (Entry e : entries) {
            byMask.computeIfAbsent(new MaskKey(e.masks()), k -> new ArrayList<>()).add(e);
        }
        List<Group> built = new ArrayList<>();
        for (Map.Entry<MaskKey, List<Entry>> g : byMask.entrySet()) {
            built.add(new Group(g.getKey().mask, g.getValue(), width));
        }
        built.sort(Comparator.comparingInt(g -> g.minRank));
        this.groups = built.toArray(new Group[0]);
    }

    /** Number of distinct masks (hash probes in the worst case). */
    int groupCount() {
        return groups.length;
    }

    /** The action of the best-ranked entry matching the packet's fields, or null. */
    CompiledAction find(long[] fields) {
        final int[] idx = fieldIndex;
        final int w = width;
        CompiledAction best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Group g : groups) {
            if (g.minRank >= bestRank) {
                break;
            }
            final long[] mask = g.mask;
            long h = KeyHash.start();
            for (int i = 0; i < w; i++) {
                h = KeyHash.add(h, fields[idx[i]] & mask[i]);
            }
            int s = KeyHash.finish(h) & g.slotMask;
            final long[] keys = g.keys;
            while (true) {
                CompiledAction a = g.actions[s];
                if (a == null) {
                    break;
                }
                int base = s * w;
                int i = 0;
                while (i < w && keys[base + i] == (fields[idx[i]] & mask[i])) {
                    i++;
                }
                if (i == w) {
                    if (g.ranks[s] < bestRank) {
                        best = a;
                        bestRank = g.ranks[s];
                    }
                    break;
                }
                s = (s + 1) & g.slotMask;
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
