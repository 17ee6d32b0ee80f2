package io.nicplan.embed.expand;

import io.nicplan.embed.json.Problems;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigValue;

/**
 * {@code fdir}: flow-director perfect-match filters. Every field is matched exactly (a wildcard
 * flow needs a 5-tuple filter); the table is a hash table, so the same flow twice is an error.
 * Capacity: the ixgbe driver's (1024 &lt;&lt; pballoc) - 2, 2046 at the default allocation. Where the
 * description's entry type has {@code src_ip6}/{@code dst_ip6} (the X710) an entry names both
 * addresses of one family.
 */
public final class FdirFunction extends ChainFunction {
    @Override
    public String name() {
        return "fdir";
    }

    @Override
    protected String resource() {
        return Resource.FDIR_FILTERS;
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
    protected void checkElement(ConfigSite site, ConfigValue.TupleValue element, String pointer, Problems problems) {
        if (mixesFamilies(element)) {
            problems.add(pointer, "a flow director filter matches IPv4 (src_ip, dst_ip) or IPv6 (src_ip6, dst_ip6) addresses, not both");
            return;
        }
        // A dual-stack flow director (the X710's, docs/nic-descriptions.md "IPv6") names both addresses of one family.
        boolean ipv6 = ipv6(element, "src_ip6").isPresent() || ipv6(element, "dst_ip6").isPresent();
        String[] fields = ipv6 ? new String[] {"proto", "src_ip6", "dst_ip6", "src_port", "dst_port"}
                : new String[] {"proto", "src_ip", "dst_ip", "src_port", "dst_port"};
        for (String field : fields) {
            if (element.field(field).isEmpty() || element.field(field).get() instanceof ConfigValue.NoneValue) {
                problems.add(io.nicplan.embed.json.JsonPointer.child(pointer, field), "flow director filters match exact flows only; '"
                        + field + "' cannot be a wildcard (use a fivetuple filter for wildcard flows)");
            }
        }
    }

    @Override
    protected Parsed parse(ConfigValue.TupleValue t) {
        return new Parsed(0, fiveTuple(t), new ChainAction.ToQueue((int) t.intField("queue")));
    }

    @Override
    public String valueHint() {
        return " (flow director filters match exact flows only; use a fivetuple filter for a wildcard flow)";
    }
}
