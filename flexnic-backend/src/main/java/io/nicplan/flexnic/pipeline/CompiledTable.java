package io.nicplan.flexnic.pipeline;

import io.nicplan.flexnic.program.CounterValue;
import io.nicplan.graph.predicate.HeaderField;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One match-action table as the packet path sees it: the lookup structure (exact hash; a prefix
 * trie when the key is one field matched by prefixes; otherwise tuple space search for ternary
 * and LPM), the distinct actions its entries use, and its direct
 * counters. Immutable except for the counters; the control path builds a new one when the table
 * changes.
 *
 * <p>Entries are identified by a control-path id that stays the same across rebuilds (and
 * MODIFY); id 0 is the default action. Ids sorted ascending give each entry an ordinal, its
 * index into {@link #counters} (two longs: packets, bytes; an exact table keeps its entries'
 * counters in its hash rows instead, see {@link ExactLookup}). A lookup yields a tag,
 * {@code ordinal << 32 | action index}. Only the packet path writes counters; when it adopts a
 * rebuilt table it carries the counts over by id ({@link #carryCountersFrom}), so counts survive
 * rebuilds without two writers.
 */
public final class CompiledTable {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /** An entry to compile: its id (> 0), key values (masked), masks, rank and action. */
    public record Entry(long id, long[] values, long[] masks, int rank, CompiledAction action) {
        public Entry {
            if (id <= 0) {
                throw new IllegalArgumentException("entry ids are > 0 (0 is the default action), got " + id);
            }
            Objects.requireNonNull(action, "action");
        }
    }

    private final String name;
    private final ExactLookup exact;
    private final MaskedLookup masked;
    private final PrefixLookup prefix;
    private final CompiledAction[] actions;
    private final long[] entryIds;
    private final long[] counters;
    final boolean usesRssBucket;

    private CompiledTable(String name, List<HeaderField> key, List<Entry> entries, CompiledAction defaultAction,
            boolean exactMatch) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a table key needs at least one field");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.usesRssBucket = key.contains(HeaderField.RSS_BUCKET);
        List<Entry> byId = new ArrayList<>(entries);
        byId.sort(Comparator.comparingLong(Entry::id));
        this.entryIds = new long[byId.size() + 1];
        // An exact table keeps its entries' counters in its rows; this array then holds the default's only.
        this.counters = new long[exactMatch ? 2 : 2 * (byId.size() + 1)];
        Map<CompiledAction, Integer> actionIndex = new IdentityHashMap<>();
        List<CompiledAction> distinct = new ArrayList<>();
        distinct.add(Objects.requireNonNull(defaultAction, "defaultAction"));
        actionIndex.put(defaultAction, 0);
        long[] tags = new long[byId.size()];
        for (int i = 0; i < byId.size(); i++) {
            Entry e = byId.get(i);
            if (i > 0 && e.id() == byId.get(i - 1).id()) {
                throw new IllegalArgumentException("table " + name + ": entry id " + e.id() + " used twice");
            }
            entryIds[i + 1] = e.id();
            int action = actionIndex.computeIfAbsent(e.action(), a -> {
                distinct.add(a);
                return distinct.size() - 1;
            });
            tags[i] = ((long) (i + 1) << 32) | action;
        }
        this.actions = distinct.toArray(new CompiledAction[0]);
        int[] fieldIndex = key.stream().mapToInt(HeaderField::ordinal).toArray();
        int[] widths = key.stream().mapToInt(HeaderField::width).toArray();
        List<long[]> values = new ArrayList<>(byId.size());
        List<long[]> masks = new ArrayList<>(byId.size());
        for (Entry e : byId) {
            values.add(e.values());
            masks.add(e.masks());
        }
        if (exactMatch) {
            this.exact = new ExactLookup(fieldIndex, widths, values, tags);
            this.masked = null;
            this.prefix = null;
        } else if (PrefixLookup.applies(widths, masks)) {
            int[] ranks = byId.stream().mapToInt(Entry::rank).toArray();
            this.exact = null;
            this.masked = null;
            this.prefix = new PrefixLookup(fieldIndex[0], widths[0], values, masks, ranks, tags);
        } else {
            List<MaskedLookup.Entry> list = new ArrayList<>(byId.size());
            for (int i = 0; i < byId.size(); i++) {
                Entry e = byId.get(i);
                list.add(new MaskedLookup.Entry(e.values(), e.masks(), e.rank(), tags[i]));
            }
            this.exact = null;
            this.masked = new MaskedLookup(fieldIndex, widths, list);
            this.prefix = null;
        }
    }

    /** An exact-match table; entries' key values are in key order, no two equal. */
    public static CompiledTable exact(String name, List<HeaderField> key, List<Entry> entries, CompiledAction defaultAction) {
        return new CompiledTable(name, key, entries, defaultAction, true);
    }

    /**
     * A ternary or LPM table: entries' values already masked, masks per field (0 = wildcard, an
     * LPM field's prefix mask), rank 0 the best match (highest priority or longest prefix).
     */
    public static CompiledTable masked(String name, List<HeaderField> key, List<Entry> entries, CompiledAction defaultAction) {
        return new CompiledTable(name, key, entries, defaultAction, false);
    }

    public String name() {
        return name;
    }

    /** Entries installed. */
    public int size() {
        return entryIds.length - 1;
    }

    public CompiledAction defaultAction() {
        return actions[0];
    }

    /**
     * Hash probes a lookup makes at worst: the distinct masks of a ternary or LPM table searched
     * by tuple space; 1 for an exact table; 0 for a prefix trie (array reads only).
     */
    public int maskGroups() {
        return masked != null ? masked.groupCount() : prefix != null ? 0 : 1;
    }

    /** Distinct actions among the entries and the default. */
    public int distinctActions() {
        return actions.length;
    }

    /** The action with this index ({@link #apply}'s result; 0 is the default action). */
    CompiledAction action(int index) {
        return actions[index];
    }

    /**
     * Looks the packet up, counts it on the matching entry (or the default) and returns the
     * index of its action ({@link #action}). Packet path only.
     */
    int apply(long[] fields, int length) {
        final long[] c;
        final int at;
        final int action;
        if (exact != null) {
            // An exact entry's counter sits in its row, next to the tag just read.
            int row = exact.find(fields);
            if (row < 0) {
                c = counters;
                at = 0;
                action = 0;
            } else {
                c = exact.rows;
                at = row + 1;
                action = (int) c[row];
            }
        } else {
            long tag = prefix != null ? prefix.find(fields) : masked.find(fields);
            c = counters;
            at = (int) (tag >>> 32) << 1;
            action = (int) tag;
        }
        count(c, at, length);
        return action;
    }

    private static void count(long[] c, int at, int length) {
        LONGS.setOpaque(c, at, (long) LONGS.getOpaque(c, at) + 1);
        LONGS.setOpaque(c, at + 1, (long) LONGS.getOpaque(c, at + 1) + length);
    }

    /** The array holding the counter of the entry with this ordinal (0 = the default action). */
    private long[] counterArray(int ordinal) {
        return exact != null && ordinal > 0 ? exact.rows : counters;
    }

    /** The index of that counter's packet count in {@link #counterArray}; the byte count follows. */
    private int counterIndex(int ordinal) {
        return exact != null && ordinal > 0 ? exact.counterIndex(ordinal) : 2 * ordinal;
    }

    /** The counts of an entry in this table, or zero if the entry is not in it. */
    public CounterValue counter(long entryId) {
        int ordinal = Arrays.binarySearch(entryIds, entryId);
        return ordinal < 0 ? CounterValue.ZERO : read(ordinal);
    }

    /** The counts of packets that missed every entry. */
    public CounterValue defaultCounter() {
        return read(0);
    }

    private CounterValue read(int ordinal) {
        long[] c = counterArray(ordinal);
        int at = counterIndex(ordinal);
        return new CounterValue((long) LONGS.getOpaque(c, at), (long) LONGS.getOpaque(c, at + 1));
    }

    /**
     * Copies the counts of every entry (and the default) that {@code old} also has into this
     * table. Packet path only, before this table sees its first packet; allocation-free.
     */
    void carryCountersFrom(CompiledTable old) {
        long[] oldIds = old.entryIds;
        int i = 0;
        int j = 0;
        while (i < entryIds.length && j < oldIds.length) {
            long a = entryIds[i];
            long b = oldIds[j];
            if (a == b) {
                long[] to = counterArray(i);
                int t = counterIndex(i);
                long[] from = old.counterArray(j);
                int f = old.counterIndex(j);
                LONGS.setOpaque(to, t, (long) LONGS.getOpaque(from, f));
                LONGS.setOpaque(to, t + 1, (long) LONGS.getOpaque(from, f + 1));
                i++;
                j++;
            } else if (a < b) {
                i++;
            } else {
                j++;
            }
        }
    }
}
