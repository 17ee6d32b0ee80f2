package io.nicplan.flexnic.program;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One entry of a table: how it matches each key field, its priority (ternary tables only,
 * higher wins, must be at least 1; 0 means "unset" as in P4Runtime) and its action. For
 * DELETE the action is ignored.
 */
public record TableEntry(String table, List<FieldMatch> matches, int priority, ActionSpec action) implements Entity {

    public TableEntry {
        Objects.requireNonNull(table, "table");
        matches = List.copyOf(matches);
        Objects.requireNonNull(action, "action");
    }

    /** An entry without priority (exact or LPM tables). */
    public static TableEntry of(String table, List<FieldMatch> matches, ActionSpec action) {
        return new TableEntry(table, matches, 0, action);
    }

    @Override
    public String target() {
        return table;
    }

    @Override
    public String toString() {
        return table + " " + matches.stream().map(FieldMatch::toString).collect(Collectors.joining(" "))
                + (priority != 0 ? " priority " + priority : "") + " => " + action;
    }
}
