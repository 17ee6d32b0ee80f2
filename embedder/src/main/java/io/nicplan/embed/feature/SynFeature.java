package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunction;
import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.SynFunction;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.MatchKind;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The 82599's SYN filter: TCP SYNs (not SYN-ACKs) to one queue; a one-entry table on the TCP flags. */
final class SynFeature implements NicFeature {
    /** TCP SYN set, ACK clear (RFC 9293): what the 82599's SYN filter matches. */
    private static final SteeringEntry.TcpFlagsMatch SYN_NOT_ACK = new SteeringEntry.TcpFlagsMatch(0x02, 0x12);
    private static final int TCP = 6;
    private final SynFunction configuration = new SynFunction();

    @Override
    public SynFunction configuration() {
        return configuration;
    }

    @Override
    public ConfigFunctionRule convention() {
        return ConfigFunction.SYN;
    }

    @Override
    public OptimizerFacet facet(Node node, DataflowGraph prg) {
        // Connection set-up, not a flow's steady-state steering: nothing the optimizer places.
        return new OptimizerFacet.None();
    }

    @Override
    public void lowerSettings(Node node, SteeringBuilder steering) {
        // A table of its own; no setting.
    }

    @Override
    public void lowerTables(Node node, SteeringBuilder steering) {
        Optional<ConfigValue> value = steering.value(node.id());
        List<SteeringEntry> entries = new ArrayList<>();
        if (value.isPresent() && value.get() instanceof ConfigValue.IntValue queue) {
            entries.add(new SteeringEntry(FilterMatch.anyIpv4().withProto(TCP), SYN_NOT_ACK, MatchKind.TERNARY, 0,
                    new SteeringAction.ToQueue((int) queue.value())));
        }
        steering.table(new SteeringTable(node.id(), SteeringTable.KeyFields.TCP_FLAGS, MatchKind.TERNARY, 1, entries));
    }
}
