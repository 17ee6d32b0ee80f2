package io.nicplan.optimizer.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.embedding.Embedding;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.plan.ConfigurationBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.domain.Workloads;
import io.nicplan.optimizer.examples.DemoWorkload;
import io.nicplan.optimizer.nic.NicModels;
import org.junit.jupiter.api.Test;

class EmbeddedCyclesTest {
    private static final DataflowGraph LPG = Descriptions.graph(Descriptions.LPG);
    private final ProtocolState state = DemoWorkload.state(11);
    private final Workload workload = Workloads.fromState(state);

    @Test
    void measuresEveryFlowOnTheUnfilteredPathAndEveryExactFlowInAFilter() {
        EmbeddedCycles c = EmbeddedCycles.derive(Descriptions.graph("intel-82599"), LPG, state,
                NicModels.builtin("intel-82599", 10), workload);
        assertThat(c.unfiltered()).hasSize(DemoWorkload.FLOWS).allSatisfy((id, cycles) -> assertThat(cycles).isPositive());
        assertThat(c.filtered()).hasSize(DemoWorkload.FLOWS);
        assertThat(c.fastPath()).isEmpty();
        for (Flow f : workload.flows()) {
            assertThat(c.cyclesPerPacket(f, 1, Mechanism.FDIR, false)).isEqualTo(c.filtered().get(f.id()))
                    .isLessThanOrEqualTo(c.cyclesPerPacket(f, 1, Mechanism.RSS, false));
        }
    }

    @Test
    void representativesCostWhatEveryFlowCostsInAFullEmbedding() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        NicModel nic = NicModels.builtin("intel-82599", 10);
        EmbeddedCycles c = EmbeddedCycles.derive(prg, LPG, state, nic, workload);
        CostModel model = CostModel.compile(nic, workload, CostSpecReader.read("{\"terms\": {\"balance\": 1}}"), EmbeddedCycles.NOMINAL);
        List<Placement> rss = IntStream.range(0, model.flowCount()).mapToObj(model::unfiltered).toList();
        Embedding full = Embedder.standard().embed(prg, LPG, state, new Configuration(ConfigurationBuilder.build(model, rss)));
        Map<String, Long> everyFlow = new HashMap<>();
        full.queues().forEach(q -> q.flows().forEach(f -> everyFlow.merge(f.flow(), f.totalCycles(), Math::max)));
        assertThat(c.unfiltered()).isEqualTo(everyFlow);
        // softwareCycles counts both directions: every flow's figure is its receive pipeline plus what it sends.
        full.queues().forEach(q -> q.flows().forEach(f -> {
            assertThat(f.transmitCycles()).as("transmit cycles of %s", f.flow()).isPositive();
            assertThat(c.unfiltered().get(f.flow())).isGreaterThanOrEqualTo(f.cycles() + f.transmitCycles());
        }));
    }

    @Test
    void measuresTheFastPathOnFlexNic() {
        EmbeddedCycles c = EmbeddedCycles.derive(Descriptions.graph("flexnic"), LPG, state, NicModels.builtin("flexnic", 16), workload);
        Flow tcp = workload.flows().stream().filter(Flow::isExactTcp).findFirst().orElseThrow();
        assertThat(c.fastPath()).isNotEmpty();
        assertThat(c.cyclesPerPacket(tcp, 1, Mechanism.MATCH_ACTION, true))
                .isLessThan(c.cyclesPerPacket(tcp, 1, Mechanism.RSS, false));
    }

    @Test
    void aKeptMeasurementIsTheOneAFreshEmbeddingGives() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        NicModel nic = NicModels.builtin("intel-82599", 10);
        EmbeddedCycles kept = EmbeddedCycles.derive(prg, LPG, state, nic, workload);
        ProtocolState sameState = DemoWorkload.state(11);   // equal, not the same object
        assertThat(EmbeddedCycles.derive(prg, LPG, sameState, nic, Workloads.fromState(sameState))).isSameAs(kept);
        // A graph parsed anew is another key (graphs are compared by identity): measured again, to the same figures.
        EmbeddedCycles fresh = EmbeddedCycles.derive(Descriptions.graph("intel-82599", Map.of()), LPG, sameState, nic,
                Workloads.fromState(sameState));
        assertThat(fresh).isNotSameAs(kept);
        assertThat(fresh.unfiltered()).isEqualTo(kept.unfiltered());
        assertThat(fresh.filtered()).isEqualTo(kept.filtered());
        assertThat(fresh.fastPath()).isEqualTo(kept.fastPath());
        // Another state is measured for itself.
        assertThat(EmbeddedCycles.derive(prg, LPG, DemoWorkload.state(12), nic, Workloads.fromState(DemoWorkload.state(12))))
                .isNotSameAs(kept);
    }
}
