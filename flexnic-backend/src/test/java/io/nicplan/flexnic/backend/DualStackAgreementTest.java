package io.nicplan.flexnic.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.plan.FlowPlacement;
import io.nicplan.optimizer.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A mixed IPv4/IPv6 protocol state (examples/memcached-dual-stack-state.json plus a planned IPv4 workload),
 * planned by the optimizer and applied to the emulator on every shipped NIC: every flow's frames, IPv6 ones
 * included, land where the embedder's classification says, and every planned flow where the plan says.
 * The optimizer places the IPv4 flows; the IPv6 flows take the NIC's hashed or default path, which is all
 * the shipped filter features offer IPv6 (docs/nic-descriptions.md, "IPv6").
 */
class DualStackAgreementTest {
    private static final String COST = "{\"terms\": {\"balanceByRate\": 1, \"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 4}}}";

    static List<String> nics() {
        return Descriptions.nicNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nics")
    void everyIpv4AndIpv6FlowLandsWherePredicted(String nic) throws Exception {
        DataflowGraph prg = Descriptions.graph(nic);
        Workload workload = Workloads.generate(24, 11, 0.25, 0.5, Workloads.Rates.UNEQUAL);
        NicModel model = NicModels.fromPrg(prg);
        model = model.withQueues(Math.min(model.queues(), 8));
        Plan plan = Planner.plan(Planner.Request.of(model, workload, CostSpecReader.read(COST)).withStrategy(Strategy.OPTAPLANNER)
                .withTimeLimit(Duration.ofMillis(300)).withExplain(false));
        Configuration configuration = new Configuration(plan.configuration());
        ProtocolState dualStack = ProtocolStateJson.read(Examples.dualStackState());
        List<Flow> flows = new ArrayList<>(BackendAgreementTest.toStateFlows(workload));
        flows.addAll(dualStack.flows());
        ProtocolState state = dualStack.withFlows(flows);
        long ipv6Flows = flows.stream().filter(f -> f.dst().version() == 6).count();
        assertThat(ipv6Flows).isGreaterThanOrEqualTo(4);

        ApplyReport byEmbedder = Backend.apply(Embedder.standard(), prg, state, configuration,
                Predictions.classify(prg, state, configuration), Optional.empty());
        assertThat(byEmbedder.install().committed()).as(byEmbedder.install().failures()).isTrue();
        assertThat(byEmbedder.disagree()).as(byEmbedder.toJson()).isEmpty();
        assertThat(byEmbedder.agree()).isEqualTo(flows.size());
        assertThat(byEmbedder.counters().get("rxFrames")).isEqualTo((long) Backend.FRAMES_PER_FLOW * flows.size());

        Map<String, Integer> placed = new LinkedHashMap<>();
        for (FlowPlacement p : plan.placements()) {
            placed.put(p.flow(), p.queue());
        }
        ApplyReport byPlan = Backend.apply(Embedder.standard(), prg, state, configuration, Predictions.ofQueues(placed),
                Optional.empty());
        assertThat(byPlan.disagree()).as(byPlan.toJson()).isEmpty();
        assertThat(byPlan.agree()).isEqualTo(workload.flows().size());
    }
}
