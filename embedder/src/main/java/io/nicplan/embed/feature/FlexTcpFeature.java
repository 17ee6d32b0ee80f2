package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunction;
import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.ChainAction;
import io.nicplan.embed.expand.ChainEntry;
import io.nicplan.embed.expand.FlexTcpFunction;
import io.nicplan.embed.steering.FastPathSlots;
import io.nicplan.embed.steering.UnsupportedSteeringException;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.Resource;
import java.util.ArrayList;
import java.util.List;

/** FlexTCP's fast-path slots: one exact connection each, handled by the NIC's TCP engine. */
final class FlexTcpFeature implements NicFeature {
    private final FlexTcpFunction configuration = new FlexTcpFunction();

    @Override
    public FlexTcpFunction configuration() {
        return configuration;
    }

    @Override
    public ConfigFunctionRule convention() {
        return ConfigFunction.FLEXTCP;
    }

    @Override
    public OptimizerFacet facet(Node node, DataflowGraph prg) {
        return new OptimizerFacet.FastPathSlots(Shapes.listCapacity(node, prg, Resource.FLOWSTATE_SLOTS));
    }

    @Override
    public void lowerSettings(Node node, SteeringBuilder steering) {
        // Slots, not a setting.
    }

    @Override
    public void lowerTables(Node node, SteeringBuilder steering) {
        List<FastPathSlots.Slot> slots = new ArrayList<>();
        for (ChainEntry e : steering.chain(node.id()).entries()) {
            int queue;
            if (e.action() instanceof ChainAction.FastPath f) {
                queue = f.queue();
            } else if (e.action() instanceof ChainAction.ToQueue q) {
                queue = q.queue();
            } else {
                throw new UnsupportedSteeringException(node.id() + ": fast-path entry action " + e.action()
                        + " is not delivery to a queue");
            }
            slots.add(new FastPathSlots.Slot(e.match(), queue));
        }
        // The FlexTCP C-node's default port leads to RSS in the FlexNIC description (RSS off: queue 0).
        steering.fastPath(new FastPathSlots(node.id(), slots, steering.fallback()));
    }
}
