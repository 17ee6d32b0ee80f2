package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunction;
import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.CsumOffloadFunction;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigValue;

/**
 * Receive checksum offload: the NIC drops frames with bad checksums, or, where the description
 * says {@code attr "csum_errors=report"} (the 82599), flags them and passes them up.
 */
final class CsumOffloadFeature implements NicFeature {
    private final CsumOffloadFunction configuration = new CsumOffloadFunction();

    @Override
    public CsumOffloadFunction configuration() {
        return configuration;
    }

    @Override
    public ConfigFunctionRule convention() {
        return ConfigFunction.CSUM_OFFLOAD;
    }

    @Override
    public OptimizerFacet facet(Node node, DataflowGraph prg) {
        // Changes what software checks, not where a flow goes.
        return new OptimizerFacet.None();
    }

    @Override
    public void lowerSettings(Node node, SteeringBuilder steering) {
        steering.checksumOffload(steering.value(node.id()).map(v -> v instanceof ConfigValue.BoolValue b && b.value()).orElse(false));
        steering.checksumErrorsReported(CsumOffloadFunction.reportsErrors(node));
    }

    @Override
    public void lowerTables(Node node, SteeringBuilder steering) {
        // A parser setting, not a table.
    }
}
