package io.nicplan.flexnic.runtime;

import io.nicplan.flexnic.pipeline.CompiledAction;
import io.nicplan.flexnic.pipeline.CompiledTable;
import io.nicplan.flexnic.pipeline.DirectCounter;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.TableKind;
import io.nicplan.flexnic.program.TableSpec;
import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The control path's copy of one table: its entries by key and its default action. A write
 * batch works on copies ({@link #copy()}) so that a rolled-back or verify-only batch leaves the
 * committed state untouched; a committed copy is compiled into a {@link CompiledTable}.
 */
final class TableState {

    final TableSpec spec;
    final LinkedHashMap<EntryKey, InstalledEntry> entries;
    final DirectCounter defaultCounter;
    CompiledAction defaultAction;

    TableState(TableSpec spec, CompiledAction defaultAction, DirectCounter defaultCounter) {
        this(spec, new LinkedHashMap<>(), defaultAction, defaultCounter);
    }

    private TableState(TableSpec spec, LinkedHashMap<EntryKey, InstalledEntry> entries, CompiledAction defaultAction,
            DirectCounter defaultCounter) {
        this.spec = spec;
        this.entries = entries;
        this.defaultAction = defaultAction;
        this.defaultCounter = defaultCounter;
    }

    TableState copy() {
        return new TableState(spec, new LinkedHashMap<>(entries), defaultAction, defaultCounter);
    }

    /** Builds the packet path's structure for the current entries. */
    CompiledTable compile() {
        List<HeaderField> key = spec.key().stream().map(KeyField::field).toList();
        if (spec.kind() == TableKind.EXACT) {
            List<long[]> values = new ArrayList<>(entries.size());
            List<CompiledAction> actions = new ArrayList<>(entries.size());
            for (InstalledEntry e : entries.values()) {
                values.add(e.key().values);
                actions.add(e.action());
            }
            return CompiledTable.exact(spec.name(), key, values, actions, defaultAction);
        }
        // Rank 0 is the best match: highest priority (or longest prefix), then earliest installed.
        List<InstalledEntry> ordered = new ArrayList<>(entries.values());
        ordered.sort(Comparator.comparingInt((InstalledEntry e) -> -e.key().rankWeight)
                .thenComparingLong(InstalledEntry::sequence));
        List<long[]> values = new ArrayList<>(ordered.size());
        List<long[]> masks = new ArrayList<>(ordered.size());
        List<Integer> ranks = new ArrayList<>(ordered.size());
        List<CompiledAction> actions = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            InstalledEntry e = ordered.get(i);
            values.add(e.key().values);
            masks.add(e.key().masks);
            ranks.add(i);
            actions.add(e.action());
        }
        return CompiledTable.masked(spec.name(), key, values, masks, ranks, actions, defaultAction);
    }
}
