package io.nicplan.flexnic.program;

import java.util.Objects;

/** The action a table applies when no entry matches (written with MODIFY, as in P4Runtime). */
public record DefaultAction(String table, ActionSpec action) implements Entity {

    public DefaultAction {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(action, "action");
    }

    @Override
    public String target() {
        return table;
    }
}
