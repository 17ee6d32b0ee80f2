package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.ConfigFunction;
import io.nicplan.embed.expand.QueueIfFunction;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.MatchKind;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * virtio-net's {@code unclassified_queue} (virtio v1.2, struct virtio_net_rss_config): the receive
 * queue for packets RSS cannot hash. nicplan's RSS hashes IPv4 only (every hash type is IPv4), so
 * those are the packets that are not IPv4. The C-node sits before the {@code rss} C-node: set to
 * queue {@code q}, it sends what is not IPv4 to {@code q} and IPv4 on through its {@code default}
 * port; unset, everything goes on. Defined once here, as docs/ARCHITECTURE.md "How to add a NIC
 * feature" describes.
 */
final class UnclassifiedQueueFeature implements NicFeature {
    public static final String FUNCTION = "unclassified_queue";
    private static final long ETH_IPV4 = FilterMatch.ETH_IPV4;

    private final ConfigFunction configuration = new Expand();

    @Override
    public ConfigFunction configuration() {
        return configuration;
    }

    @Override
    public ConfigFunctionRule convention() {
        return io.nicplan.descriptions.conventions.ConfigFunction.UNCLASSIFIED_QUEUE;
    }

    /** The optimizer plans IPv4 flows, which this queue never receives; it must know the queue exists. */
    @Override
    public OptimizerFacet facet(Node node, DataflowGraph prg) {
        return new OptimizerFacet.UnclassifiedQueue();
    }

    @Override
    public void lowerSettings(Node node, SteeringBuilder steering) {
        // A table of its own; no setting.
    }

    /**
     * One table: IPv4 to where unclaimed packets go (the default port leads to RSS), anything else
     * to the queue. The IPv4 entry has the higher priority, so it wins where both match.
     */
    @Override
    public void lowerTables(Node node, SteeringBuilder steering) {
        List<SteeringEntry> entries = new ArrayList<>();
        Optional<ConfigValue> value = steering.value(node.id());
        if (value.isPresent() && value.get() instanceof ConfigValue.IntValue queue) {
            entries.add(SteeringEntry.of(FilterMatch.etherType((int) ETH_IPV4), MatchKind.TERNARY, 1, steering.fallback()));
            entries.add(SteeringEntry.of(FilterMatch.etherType(-1), MatchKind.TERNARY, 0,
                    new SteeringAction.ToQueue((int) queue.value())));
        }
        steering.table(new SteeringTable(node.id(), SteeringTable.KeyFields.FIVE_TUPLE, MatchKind.TERNARY, 2, entries));
    }

    /** The value is an optional queue; the expansion is a boolean node "not IPv4". */
    private static final class Expand extends QueueIfFunction {
        @Override
        public String name() {
            return FUNCTION;
        }

        @Override
        protected Predicate matches() {
            return Predicate.not(Predicate.eq(HeaderField.ETH_TYPE, ETH_IPV4));
        }

        @Override
        protected String implementation() {
            return FUNCTION;
        }

        @Override
        public String unconfigured() {
            return "unset: packets RSS cannot hash take the RSS table's entry 0";
        }
    }
}
