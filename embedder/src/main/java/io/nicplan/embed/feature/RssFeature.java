package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunction;
import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.RssFunction;
import io.nicplan.embed.rss.RssSpec;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Receive-side scaling: Toeplitz hash into an indirection table of queues. */
final class RssFeature implements NicFeature {
    /** The indirection-table size commodity NICs use when a description declares none. */
    private static final long DEFAULT_TABLE_ENTRIES = 128;
    private final RssFunction configuration = new RssFunction();

    @Override
    public RssFunction configuration() {
        return configuration;
    }

    @Override
    public ConfigFunctionRule convention() {
        return ConfigFunction.RSS;
    }

    /** The table's size and the queues its entries may name, from the C-node's type, else the resources. */
    @Override
    public OptimizerFacet facet(Node node, DataflowGraph prg) {
        ConfigSpec spec = node.config().orElseThrow();
        int entries = (int) prg.resource(Resource.RSS_TABLE_ENTRIES).map(Resource::capacity).orElse(DEFAULT_TABLE_ENTRIES)
                .longValue();
        int maxQueues = (int) Math.min(Integer.MAX_VALUE,
                prg.resource(Resource.RSS_QUEUES).map(Resource::capacity).orElse((long) Integer.MAX_VALUE));
        if (spec.type() instanceof ConfigType.TupleType tuple) {
            Optional<ConfigType.Field> table = tuple.field("table");
            if (table.isPresent() && table.get().type() instanceof ConfigType.ListType list) {
                entries = list.max();
                if (list.element() instanceof ConfigType.IntType element) {
                    maxQueues = (int) (element.hi() + 1);
                }
            }
        }
        return new OptimizerFacet.Rss(entries, maxQueues);
    }

    @Override
    public void lowerSettings(Node node, SteeringBuilder steering) {
        steering.value(node.id()).ifPresent(v -> {
            ConfigValue.TupleValue t = (ConfigValue.TupleValue) v;
            RssSpec spec = RssFunction.spec(node, t);
            List<Integer> indirection = new ArrayList<>();
            ((ConfigValue.ListValue) t.field("table").orElseThrow()).elements()
                    .forEach(q -> indirection.add((int) ((ConfigValue.IntValue) q).value()));
            steering.rss(new RssTable(node.id(), spec.type(), spec.toeplitz(), indirection));
        });
    }

    @Override
    public void lowerTables(Node node, SteeringBuilder steering) {
        // RSS is the fallback's step, not a table.
    }
}
