package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunction;
import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.QueuesFunction;
import io.nicplan.embed.steering.RxQueues;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigValue;
import java.util.SortedSet;
import java.util.TreeSet;

/** The receive queues the host enables; a packet steered to a disabled one is dropped. */
final class QueuesFeature implements NicFeature {
    private final QueuesFunction configuration = new QueuesFunction();

    @Override
    public QueuesFunction configuration() {
        return configuration;
    }

    @Override
    public ConfigFunctionRule convention() {
        return ConfigFunction.QUEUES;
    }

    @Override
    public OptimizerFacet facet(Node node, DataflowGraph prg) {
        return new OptimizerFacet.Queues();
    }

    @Override
    public void lowerSettings(Node node, SteeringBuilder steering) {
        steering.value(node.id()).ifPresent(v -> {
            SortedSet<Integer> enabled = new TreeSet<>();
            ((ConfigValue.ListValue) v).elements().forEach(q -> enabled.add((int) ((ConfigValue.IntValue) q).value()));
            steering.queues(new RxQueues(steering.queues().count(), enabled));
        });
    }

    @Override
    public void lowerTables(Node node, SteeringBuilder steering) {
        // Enabling queues is a setting, not a table.
    }
}
