package io.nicplan.embed.expand;

import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigValue;

/**
 * {@code fivetuple}: the 82599's 5-tuple filters (datasheet 7.1.2.5: 128 filters, each field
 * matched or masked out, priority 1..7). Higher priority first; equal priorities in list order.
 */
public final class FiveTupleFunction extends ChainFunction {
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
        return new Parsed((int) t.intField("priority"), fiveTuple(t), new ChainAction.ToQueue((int) t.intField("queue")));
    }
}
