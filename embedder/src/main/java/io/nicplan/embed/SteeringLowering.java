package io.nicplan.embed;

import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.feature.NicFeature;
import io.nicplan.embed.feature.NicFeatures;
import io.nicplan.embed.feature.SteeringBuilder;
import io.nicplan.embed.steering.SteeringProgram;
import io.nicplan.embed.steering.UnsupportedSteeringException;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a configured PRG to its {@link SteeringProgram} (docs/steering.md): each C-node by the
 * {@link NicFeature} of its function, settings first, then tables, both in declaration order. The
 * filter chains, queue layout and values are read from the {@link ConfiguredGraph} the embedder
 * built with its own configuration functions, so functions plugged into the {@link Embedder} are
 * honoured.
 */
final class SteeringLowering {
    private SteeringLowering() {
    }

    static SteeringProgram lower(ConfiguredGraph cg, NicFeatures features) {
        DataflowGraph prg = cg.prg();
        Configuration configuration = cg.configuration();
        List<Node> cnodes = new ArrayList<>();
        List<NicFeature> byNode = new ArrayList<>();
        for (Node n : prg.nodes()) {
            if (n.config().isEmpty()) {
                continue;
            }
            String function = n.config().get().function();
            NicFeature feature = features.get(function).orElseThrow(() -> new UnsupportedSteeringException(n.id()
                    + ": C-node function '" + function + "' is no registered NIC feature (known: " + features.names() + ")"));
            cnodes.add(n);
            byNode.add(feature);
        }
        SteeringBuilder steering = new SteeringBuilder(prg, configuration::value, cg::chain, Math.max(1, cg.layout().queueCount()));
        for (int i = 0; i < cnodes.size(); i++) {
            byNode.get(i).lowerSettings(cnodes.get(i), steering);
        }
        for (int i = 0; i < cnodes.size(); i++) {
            byNode.get(i).lowerTables(cnodes.get(i), steering);
        }
        return steering.build();
    }
}
