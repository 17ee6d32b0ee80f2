package io.nicplan.flexnic.runtime;

import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.DefaultAction;
import io.nicplan.flexnic.program.Entity;
import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.flexnic.program.RssIndirection;
import io.nicplan.flexnic.program.TableEntry;
import java.util.List;
import java.util.Objects;

/** One change in a write batch: an update type and the entity it applies to. */
public record Update(UpdateType type, Entity entity) {

    public Update {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(entity, "entity");
    }

    public static Update insert(TableEntry entry) {
        return new Update(UpdateType.INSERT, entry);
    }

    public static Update modify(TableEntry entry) {
        return new Update(UpdateType.MODIFY, entry);
    }

    public static Update delete(TableEntry entry) {
        return new Update(UpdateType.DELETE, entry);
    }

    /** Installs a flow's FlexTCP state (takes one of the {@code flowstate_slots}). */
    public static Update insert(FlowSpec flow) {
        return new Update(UpdateType.INSERT, flow);
    }

    /** Removes the flow state with this 4-tuple. */
    public static Update delete(FlowSpec flow) {
        return new Update(UpdateType.DELETE, flow);
    }

    /** Replaces a table's default action. */
    public static Update setDefault(String table, ActionSpec action) {
        return new Update(UpdateType.MODIFY, new DefaultAction(table, action));
    }

    /** Replaces an RSS context's indirection table. */
    public static Update setIndirection(String context, List<Integer> queues) {
        return new Update(UpdateType.MODIFY, new RssIndirection(context, queues));
    }

    @Override
    public String toString() {
        return type + " " + entity;
    }
}
