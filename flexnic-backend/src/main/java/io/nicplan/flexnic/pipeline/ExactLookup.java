package io.nicplan.flexnic.pipeline;

import java.util.List;

/**
 * Exact-match lookup: an open-addressing hash table with linear probing over the key fields'
 * values, keys stored flat (one long per field per slot). Immutable once built.
 */
final class ExactLookup {

    private final int[] fieldIndex;
    private final int width;
    private final long[] keys;
    private final CompiledAction[] actions;
    private final int slotMask;

    /** @param values one array of key-field values per entry; no two equal */
    ExactLookup(int[] fieldIndex, List<long[]> values, List<CompiledAction> entryActions) {
        this.fieldIndex = fieldIndex;
        this.width = fieldIndex.length;
        int slots = KeyHash.slotsFor(values.size());
        this.keys = new long[slots * width];
        this.actions = new CompiledAction[slots];
        this.slotMask = slots - 1;
        for (int e = 0; e < values.size(); e++) {
            long[] v = values.get(e);
            long h = KeyHash.start();
            for (int i = 0; i < width; i++) {
                h = KeyHash.add(h, v[i]);
            }
            int s = KeyHash.finish(h) & slotMask;
            while (actions[s] != null) {
                s = (s + 1) & slotMask;
            }
            System.arraycopy(v, 0, keys, s * width, width);
            actions[s] = entryActions.get(e);
        }
    }

    /** The action of the entry matching the packet's fields, or null. */
    CompiledAction find(long[] fields) {
        final int[] idx = fieldIndex;
        final int w = width;
        long h = KeyHash.start();
        for (int i = 0; i < w; i++) {
            h = KeyHash.add(h, fields[idx[i]]);
        }
        int s = KeyHash.finish(h) & slotMask;
        while (true) {
            CompiledAction a = actions[s];
            if (a == null) {
                return null;
            }
            int base = s * w;
            int i = 0;
            while (i < w && keys[base + i] == fields[idx[i]]) {
                i++;
            }
            if (i == w) {
                return a;
            }
            s = (s + 1) & slotMask;
        }
    }
}
