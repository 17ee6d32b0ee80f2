package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.ConfigFunction;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;

/**
 * One NIC feature (five-tuple filters, RSS, FlexTCP slots, ...), defined once: everything nicplan
 * does with a C-node whose {@code function} is {@link #function()}. Register it with
 * {@link NicFeatures#with}; docs/ARCHITECTURE.md "How to add a NIC feature" walks through one.
 */
public interface NicFeature {
    /** The name C-nodes give after {@code function} in Unicorn, e.g. {@code fivetuple}. */
    default String function() {
        return configuration().name();
    }

    /** The configuration: value checks, resource consumption, JSON reading hint, and how a value expands the C-node. */
    ConfigFunction configuration();

    /** What a description must follow for such a C-node: value type, resources, ports. */
    ConfigFunctionRule convention();

    /** What the optimizer may place on the C-node {@code node} of {@code prg}. */
    OptimizerFacet facet(Node node, DataflowGraph prg);

    /**
     * First lowering pass over the C-nodes, in declaration order: settings the tables depend on
     * (RSS, enabled queues, checksum offload, where unclaimed packets go). Nothing to do is a
     * decision the feature states with an empty body.
     */
    void lowerSettings(Node node, SteeringBuilder steering);

    /** Second lowering pass, in declaration order: the feature's steering tables or fast-path slots, if any. */
    void lowerTables(Node node, SteeringBuilder steering);
}
