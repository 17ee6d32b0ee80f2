package io.nicplan.flexnic.runtime;

import java.util.Arrays;

/**
 * The identity of an entry within its table, normalised: per key field the value (already
 * masked) and mask (full for exact fields, 0 for omitted wildcards, a prefix mask for LPM), plus
 * the priority for ternary tables (P4Runtime: the match and the priority identify an entry).
 * {@code rankWeight} orders matches: the priority for ternary tables, the prefix length for LPM.
 */
final class EntryKey {

    final long[] values;
    final long[] masks;
    final int priority;
    final int rankWeight;

    EntryKey(long[] values, long[] masks, int priority, int rankWeight) {
        this.values = values;
        this.masks = masks;
        this.priority = priority;
        this.rankWeight = rankWeight;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryKey k && k.priority == priority && Arrays.equals(k.values, values)
                && Arrays.equals(k.masks, masks);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(values) * 31 + Arrays.hashCode(masks)) * 31 + priority;
    }
}
