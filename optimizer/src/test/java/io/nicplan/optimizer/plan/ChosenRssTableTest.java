package io.nicplan.optimizer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.baseline.OptimalityTest;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.HardRule;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.Proto;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.examples.DemoWorkload;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Must show: with {@code "rssTable": "chosen"} the plan points each RSS bucket a flow hashes into at a queue of its
 * choosing; on NICs where RSS is the only steering (virtio-net) or filters are not worth their cost, a chosen table
 * beats the round-robin one, the search finds it, and the embedder's re-check agrees on every flow.
 */
class ChosenRssTableTest {
    private static final String ROUND_ROBIN = "{\"terms\": {\"balance\": 1}}";
    private static final String CHOSEN = "{\"terms\": {\"balance\": 1}, \"rssTable\": \"chosen\"}";

    @ParameterizedTest
    @ValueSource(longs = {2, 4, 5})
    void aChosenTableBeatsRoundRobinOnVirtioNetAndTheSearchFindsItsOptimum(long seed) {
        DataflowGraph virtio = Descriptions.graph("virtio-net");
        ProtocolState full = DemoWorkload.state(seed);
        ProtocolState small = full.withFlows(full.flows().subList(0, 9));
        Planner.Request roundRobin = Planner.Request.fromState(virtio, small, CostSpecReader.read(ROUND_ROBIN), 4).withExplain(false);
        Planner.Request chosen = roundRobin.withCost(CostSpecReader.read(CHOSEN));

        Plan rrOptimum = Planner.plan(roundRobin.withStrategy(Strategy.EXHAUSTIVE));
        Plan chosenOptimum = Planner.plan(chosen.withStrategy(Strategy.EXHAUSTIVE));
        Plan found = Planner.plan(chosen.withTimeLimit(Duration.ofMinutes(1)).withStepLimit(60));

        assertThat(chosenOptimum.total()).as("a chosen table's optimum").isLessThan(rrOptimum.total());
        assertThat(found.total()).as("the search's plan").isEqualTo(chosenOptimum.total());
        assertThat(found.placements()).allMatch(p -> p.mechanism() == Mechanism.RSS || p.queue() < 0);
        for (Plan plan : List.of(rrOptimum, chosenOptimum, found)) {
            assertThat(plan.verification()).hasValueSatisfying(v -> {
                assertThat(v.mismatches()).isEmpty();
                assertThat(v.checked()).isEqualTo(small.flows().size());
            });
        }
        assertThat(found.configuration()).isNotEqualTo(rrOptimum.configuration());
    }

    @Test
    void twoFlowsInOneBucketMustShareItsQueueAndTheTablePointsTheBucketThere() {
        NicModel nic = OptimalityTest.smallNic(4, 0, 0);
        Flow a = new Flow("a", FlowMatch.exact(Proto.UDP, 0x0A01_0002L, Workloads.SERVER, 5000, 11211), TrafficClass.BESTEFFORT, 1000, 64,
                Optional.empty());
        int bucket = CostModel.rssBucket(a.match(), 128);
        int port = 5001;
        while (CostModel.rssBucket(FlowMatch.exact(Proto.UDP, 0x0A01_0002L, Workloads.SERVER, port, 11211), 128) != bucket) {
            port++;
        }
        Flow b = new Flow("b", FlowMatch.exact(Proto.UDP, 0x0A01_0002L, Workloads.SERVER, port, 11211), TrafficClass.BESTEFFORT, 1000, 64,
                Optional.empty());
        CostModel model = CostModel.compile(nic, Workload.of(List.of(a, b)), CostSpecReader.read(CHOSEN), OptimalityTest.CYCLES);
        Placement q1 = new Placement(Mechanism.RSS, 1, false);
        Placement q2 = new Placement(Mechanism.RSS, 2, false);
        assertThat(model.options(0)).contains(q1, q2);
        assertThat(CostState.of(model, List.of(q1, q2)).rule(HardRule.OVERLAP)).isEqualTo(1);
        assertThat(CostState.of(model, List.of(q2, q2)).rule(HardRule.OVERLAP)).isZero();
        assertThat(model.rssTable(List.of(q2, q2))[bucket]).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"intel-82599", "flexnic"})
    void chosenTablesOfTwoHundredFlowsAgreeWithTheEmbedder(String nic) {
        DataflowGraph prg = Descriptions.graph(nic);
        Planner.Request request = Planner.Request.fromState(prg, DemoWorkload.state(4),
                CostSpecReader.read("{\"terms\": {\"balanceByRate\": 1, \"softwareCycles\": 1}, \"rssTable\": \"chosen\"}"), 8)
                .withExplain(false).withTimeLimit(Duration.ofMinutes(1)).withStepLimit(20);
        Plan plan = Planner.plan(request);
        assertThat(plan.verification()).hasValueSatisfying(v -> {
            assertThat(v.mismatches()).isEmpty();
            assertThat(v.checked()).isEqualTo(DemoWorkload.FLOWS);
        });
    }
}
