package io.nicplan.embed.expand;

import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigValue;

/**
 * {@code flextcp}: connections whose common-case receive processing the FlexNIC does itself
 * (FlexTCP fast path). Matched segments pass a hardware node with implementation
 * {@code tcp_rx} before their queue, so the LPG's TCP receive node is redundant behind it.
 */
public final class FlexTcpFunction extends ChainFunction {
    @Override
    public String name() {
        return "flextcp";
    }

    @Override
    protected String resource() {
        return Resource.FLOWSTATE_SLOTS;
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
        FilterMatch m = FilterMatch.anyIpv4().withProto(6)
                .withSrc(t.intField("src_ip"), 32).withDst(t.intField("dst_ip"), 32)
                .withSrcPort((int) t.intField("src_port")).withDstPort((int) t.intField("dst_port"));
        return new Parsed(0, m, new ChainAction.FastPath((int) t.intField("queue")));
    }

    @Override
    public String valueHint() {
        return " (a FlexTCP fast-path slot holds one exact connection)";
    }
}
