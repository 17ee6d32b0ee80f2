package io.nicplan.flexnic.runtime;

import io.nicplan.flexnic.pipeline.CompiledAction;
import io.nicplan.flexnic.pipeline.CompiledTable;
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
    final int index;
    final LinkedHashMap<EntryKey, InstalledEntry> entries;
    CompiledAction defaultAction;

    TableState(TableSpec spec, int index, CompiledAction defaultAction) {
        this(spec, index, new LinkedHashMap<>(), defaultAction);
    }

    private TableState(TableSpec spec, int index, LinkedHashMap<EntryKey, InstalledEntry> entries,
            CompiledAction defaultAction) {
        this.spec = spec;
        this.index = index;
        this.entries = entries;
        this.defaultAction = defaultAction;
    }

    TableState copy() {
        return new TableState(spec, index, new LinkedHashMap<>(entries), defaultAction);
    }

    /** Builds the packet path's structure for the current entries. */
    CompiledTable compile() {
        List<HeaderField> key = spec.key().stream().map(KeyField::field).toList();
        List<InstalledEntry> ordered = new ArrayList<>(entries.values());
        if (spec.kind() != TableKind.EXACT) {
            // Rank 0 is the best match: highest priority (or longest prefix), then earliest installed.
            ordered.sort(Comparator.comparingInt((InstalledEntry e) -> -e.key().rankWeight)
                    .thenComparingLong(InstalledEntry::id));
        }
        List<CompiledTable.Entry> compiled = new ArrayList<>(ordered.size());
        for (int rank = 0; rank < ordered.size(); rank++) {
            InstalledEntry e = ordered.get(rank);
            compiled.add(new CompiledTable.Entry(e.id(), e.key().values, e.key().masks, rank, e.action()));
        }
        return spec.kind() == TableKind.EXACT
                ? CompiledTable.exact(spec.name(), key, compiled, defaultAction)
                : CompiledTable.masked(spec.name(), key, compiled, defaultAction);
    }
}
