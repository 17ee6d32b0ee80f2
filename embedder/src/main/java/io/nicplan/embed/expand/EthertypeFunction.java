package io.nicplan.embed.expand;

import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigValue;

/** {@code ethertype}: EtherType filters (82599 ETQF, 8 entries), one queue per EtherType. */
public final class EthertypeFunction extends ChainFunction {
    @Override
    public String name() {
        return "ethertype";
    }

    @Override
    protected String resource() {
        return Resource.ETHERTYPE_FILTERS;
    }

    @Override
    public boolean hasPriorities() {
        return false;
    }

    @Override
    protected boolean rejectsDuplicates() {
        return true;
    }

    @Override
    protected Parsed parse(ConfigValue.TupleValue t) {
        return new Parsed(0, FilterMatch.etherType((int) t.intField("eth_type")), new ChainAction.ToQueue((int) t.intField("queue")));
    }
}
