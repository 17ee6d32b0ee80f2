package io.nicplan.flexnic.program;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A match-action table: its name, the ingress stage it sits in (stages run in increasing order;
 * tables of one stage in declaration order), its key, how many entries it holds and its
 * initial default action.
 */
public record TableSpec(String name, int stage, List<KeyField> key, int capacity, ActionSpec defaultAction) {

    public TableSpec {
        Objects.requireNonNull(name, "name");
        key = List.copyOf(key);
        Objects.requireNonNull(defaultAction, "defaultAction");
    }

    /** The lookup this key needs (see {@link TableKind}). */
    public TableKind kind() {
        if (key.stream().anyMatch(k -> k.kind() == MatchKind.TERNARY)) {
            return TableKind.TERNARY;
        }
        return key.stream().anyMatch(k -> k.kind() == MatchKind.LPM) ? TableKind.LPM : TableKind.EXACT;
    }

    /** True if entries must carry a priority (ternary tables, as P4Runtime requires). */
    public boolean needsPriority() {
        return kind() == TableKind.TERNARY;
    }

    @Override
    public String toString() {
        return "table " + name + " stage " + stage + " capacity " + capacity + " key "
                + key.stream().map(KeyField::toString).collect(Collectors.joining(" ")) + " default " + defaultAction;
    }
}
