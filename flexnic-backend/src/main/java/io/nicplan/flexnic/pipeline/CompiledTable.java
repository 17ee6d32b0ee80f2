package io.nicplan.flexnic.pipeline;

import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One match-action table as the packet path sees it: which fields form the key, the lookup
 * structure (exact hash, or tuple space search for ternary and LPM) and the default action
 * applied on a miss. Immutable; the control path builds a new one when the table changes.
 */
public final class CompiledTable {

    private final String name;
    private final ExactLookup exact;
    private final MaskedLookup masked;
    private final CompiledAction defaultAction;
    final boolean usesRssBucket;
    private final int entries;

    private CompiledTable(String name, List<HeaderField> key, ExactLookup exact, MaskedLookup masked,
            CompiledAction defaultAction, int entries) {
        this.name = name;
        this.exact = exact;
        this.masked = masked;
        this.defaultAction = Objects.requireNonNull(defaultAction, "defaultAction");
        this.usesRssBucket = key.contains(HeaderField.RSS_BUCKET);
        this.entries = entries;
    }

    /**
     * An exact-match table.
     *
     * @param values per entry, the key-field values in key order; no two equal
     */
    public static CompiledTable exact(String name, List<HeaderField> key, List<long[]> values,
            List<CompiledAction> actions, CompiledAction defaultAction) {
        check(key, values.size(), actions.size());
        return new CompiledTable(name, key, new ExactLookup(fieldIndex(key), values, actions), null, defaultAction,
                values.size());
    }

    /**
     * A ternary or LPM table.
     *
     * @param values per entry, the key-field values already masked, in key order
     * @param masks per entry, the per-field masks (0 = wildcard; an LPM field's prefix mask)
     * @param ranks per entry, its rank: 0 is the best match (highest priority or longest prefix)
     */
    public static CompiledTable masked(String name, List<HeaderField> key, List<long[]> values, List<long[]> masks,
            List<Integer> ranks, List<CompiledAction> actions, CompiledAction defaultAction) {
        check(key, values.size(), actions.size());
        if (masks.size() != values.size() || ranks.size() != values.size()) {
            throw new IllegalArgumentException("values, masks, ranks and actions differ in length");
        }
        List<MaskedLookup.Entry> entries = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            entries.add(new MaskedLookup.Entry(values.get(i), masks.get(i), ranks.get(i), actions.get(i)));
        }
        return new CompiledTable(name, key, null, new MaskedLookup(fieldIndex(key), entries), defaultAction,
                values.size());
    }

    public String name() {
        return name;
    }

    /** Entries installed. */
    public int size() {
        return entries;
    }

    public CompiledAction defaultAction() {
        return defaultAction;
    }

    /** Distinct masks of a ternary or LPM table (its worst-case probes); 1 for an exact table. */
    public int maskGroups() {
        return masked != null ? masked.groupCount() : 1;
    }

    /** The action for a packet with these field values: the matching entry's, else the default. */
    CompiledAction lookup(long[] fields) {
        CompiledAction a = exact != null ? exact.find(fields) : masked.find(fields);
        return a != null ? a : defaultAction;
    }

    private static int[] fieldIndex(List<HeaderField> key) {
        return key.stream().mapToInt(HeaderField::ordinal).toArray();
    }

    private static void check(List<HeaderField> key, int values, int actions) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a table key needs at least one field");
        }
        if (values != actions) {
            throw new IllegalArgumentException(values + " keys but " + actions + " actions");
        }
    }
}
