package io.nicplan.embed.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.config.ConfigChange;
import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.reach.Solver;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.testing.Nics;
import io.nicplan.embed.testing.RandomConfigs;
import io.nicplan.embed.testing.States;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowPlacementsTest {
    /** Concrete flows never need a solver; this one proves it. */
    private static final Solver NO_SOLVER = p -> {
        throw new AssertionError("a concrete flow asked for a satisfiability check");
    };

    private final DataflowGraph nic = Nics.intel82599();

    private static ConfigValue fdir(Flow f, int queue) {
        return new ConfigValue.TupleValue(Map.of(
                "proto", new ConfigValue.SymbolValue(f.proto().symbol()),
                "src_ip", ConfigValue.of(f.src().ipv4().orElseThrow().value()),
                "dst_ip", ConfigValue.of(f.dst().ipv4().orElseThrow().value()),
                "src_port", ConfigValue.of(f.src().port().getAsInt()),
                "dst_port", ConfigValue.of(f.dst().port().getAsInt()),
                "queue", ConfigValue.of(queue)));
    }

    @Test
    void addingAFilterReclassifiesOnlyTheFlowsItMatches() {
        RandomConfigs r = new RandomConfigs(5);
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            flows.add(r.concreteFlow("f" + i));
        }
        ProtocolState state = States.host().withFlows(flows);
        ConfiguredGraph g = ConfiguredGraph.apply(nic, ConfigurationReader.read("""
                {"FiveTuple": [{"proto": "udp", "dst_port": 53, "priority": 3, "queue": 2}]}
                """, nic));
        FlowPlacements placements = FlowPlacements.of(FlowClassifier.of(g, state, NO_SOLVER), flows);

        Flow target = flows.stream().filter(f -> f.dst().port().getAsInt() == 11211).findFirst().orElseThrow();
        FlowPlacements.Update u = placements.apply(new ConfigChange.AddEntry("FlowDirector", fdir(target, 9)));
        long sameTuple = flows.stream().filter(f -> f.src().equals(target.src()) && f.dst().equals(target.dst())
                && f.proto() == target.proto()).count();
        assertThat(u.reclassified()).hasSize((int) sameTuple).contains(target.id());
        assertThat(u.changed()).extracting(Placement::flow).contains(target.id());
        assertThat(u.placements().placement(target.id()).orElseThrow().queue()).hasValue(9);

        FlowPlacements fresh = FlowPlacements.of(FlowClassifier.of(u.placements().classifier().graph(), state, NO_SOLVER), flows);
        assertThat(u.placements().all()).isEqualTo(fresh.all());
    }

    @Test
    void randomChangesKeepPlacementsEqualToAFullReclassification() {
        RandomConfigs r = new RandomConfigs(11);
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            flows.add(r.concreteFlow("f" + i));
        }
        ProtocolState state = States.host().withFlows(flows);
        ConfiguredGraph g = ConfiguredGraph.apply(nic, ConfigurationReader.read("{}", nic));
        FlowPlacements placements = FlowPlacements.of(FlowClassifier.of(g, state, NO_SOLVER), flows);
        for (int step = 0; step < 25; step++) {
            ConfigChange change;
            int five = placements.classifier().graph().configuration().list("FiveTuple").size();
            if (step % 4 == 3 && five > 0) {
                change = new ConfigChange.RemoveEntry("FiveTuple", r.random().nextInt(five));
            } else {
                Map<String, ConfigValue> t = new java.util.LinkedHashMap<>();
                t.put("proto", new ConfigValue.SymbolValue(r.proto()));
                t.put("dst_port", ConfigValue.of(r.port()));
                t.put("priority", ConfigValue.of(1 + r.random().nextInt(7)));
                t.put("queue", ConfigValue.of(r.random().nextInt(16)));
                change = new ConfigChange.AddEntry("FiveTuple", new ConfigValue.TupleValue(t));
            }
            FlowPlacements.Update u = placements.apply(change);
            placements = u.placements();
            FlowPlacements fresh = FlowPlacements.of(
                    FlowClassifier.of(ConfiguredGraph.apply(nic, placements.classifier().graph().configuration()), state, NO_SOLVER), flows);
            assertThat(placements.all()).as("after %s", change).isEqualTo(fresh.all());
            assertThat(u.reclassified().size()).isLessThan(flows.size());
        }
    }
}
