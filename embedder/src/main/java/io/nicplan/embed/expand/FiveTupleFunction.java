package io.nicplan.embed.expand;

import io.nicplan.graph.Resource;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.graph.config.ConfigValue;

/**
 * {@code fivetuple}: the 82599's 5-tuple filters (datasheet 7.1.2.5: 128 filters, each field
 * matched or masked out, priority 1..7). Higher priority first; equal priorities in list order.
 * A table whose type has no {@code priority} (the SFC9020's, docs/nic-descriptions.md) has the
 * precedence its hardware fixes: a full match (all five fields) before a wildcard one (sfc farch.c,
 * {@code efx_farch_filter_type_match_pri}: TCP/UDP_FULL 0, TCP/UDP_WILD 1), list order within each.
 */
public final class FiveTupleFunction extends ChainFunction {
    /** Where the type has no priority: a full match's, above a wildcard one's. */
    private static final int FULL_MATCH_PRIORITY = 2;
    private static final int WILDCARD_PRIORITY = 1;

    @Override
    public String name() {
        return "fivetuple";
    }

    @Override
    protected String resource() {
        return Resource.FIVETUPLE_FILTERS;
    }

    @Override
    public boolean hasPriorities() {
        return true;
    }

    @Override
    protected Parsed parse(ConfigValue.TupleValue t) {
        FilterMatch match = fiveTuple(t);
        int priority = t.field("priority").isPresent() ? (int) t.intField("priority")
                : match.isExactFiveTuple() ? FULL_MATCH_PRIORITY : WILDCARD_PRIORITY;
        return new Parsed(priority, match, new ChainAction.ToQueue((int) t.intField("queue")));
    }
}
