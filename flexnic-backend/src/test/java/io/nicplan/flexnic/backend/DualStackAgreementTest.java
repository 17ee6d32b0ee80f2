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
import io.nicplan.optimizer.domain.Mechanism;
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
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A mixed IPv4/IPv6 protocol state (examples/memcached-dual-stack-state.json plus a generated IPv4 workload), the
 * whole of it planned by the optimizer and applied to the emulator on every shipped NIC: every flow's frames, IPv6
 * ones included, land where the embedder's classification says and where the plan says. The X710's flow director and
 * FlexNIC's match-action stages match IPv6 addresses (docs/nic-descriptions.md, "IPv6"), and the searches put IPv6
 * flows in them; on the other NICs, whose filters match IPv4 only, a plan places each IPv6 flow on its hashed or
 * default path and never in a filter.
 */
class DualStackAgreementTest {
    private static final String COST = "{\"terms\": {\"balanceByRate\": 1, \"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 4}}}";

    static Stream<Arguments> nicsAndSearches() {
        return Descriptions.nicNames().stream()
                .flatMap(nic -> Stream.of(Strategy.GREEDY, Strategy.OPTAPLANNER).map(s -> Arguments.of(nic, s)));
    }

    static Stream<Arguments> nicsAndBaselines() {
        return Descriptions.nicNames().stream()
                .flatMap(nic -> Stream.of(Strategy.EXHAUSTIVE, Strategy.GREEDY, Strategy.DRAGONET, Strategy.DEFAULT)
                        .map(s -> Arguments.of(nic, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nicsAndSearches")
    void theWholeDualStackStateIsPlannedAndEveryFlowLandsWherePlanned(String nic, Strategy strategy) throws Exception {
        Workload generated = Workloads.generate(24, 11, 0.25, 0.5, Workloads.Rates.UNEQUAL);
        ProtocolState dualStack = ProtocolStateJson.read(Examples.dualStackState());
        List<Flow> flows = new ArrayList<>(BackendAgreementTest.toStateFlows(generated));
        flows.addAll(dualStack.flows());
        ProtocolState state = dualStack.withFlows(flows);
        assertThat(ipv6Flows(state)).hasSizeGreaterThanOrEqualTo(4);

        Plan plan = planApplyAndAgree(nic, state, strategy, 8);
        long ipv6Filtered = plan.placements().stream()
                .filter(p -> ipv6Flows(state).contains(p.flow()) && p.mechanism().isFilter()).count();
        if (IPV6_FILTERS.contains(nic)) {
            assertThat(ipv6Filtered).as("IPv6 flows in filters on %s", nic).isPositive();
        } else {
            assertThat(ipv6Filtered).as("IPv6 flows in filters on %s", nic).isZero();
        }
    }

    /** The shipped NICs whose filters match IPv6 (docs/nic-descriptions.md "IPv6"). */
    private static final Set<String> IPV6_FILTERS = Set.of("intel-x710", "flexnic");

    /** The exact and baseline strategies over the dual-stack state by itself (few enough flows for exhaustive search). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nicsAndBaselines")
    void everyStrategyPlacesTheIpv6FlowsOnTheirHashedOrDefaultPath(String nic, Strategy strategy) throws Exception {
        ProtocolState state = ProtocolStateJson.read(Examples.dualStackState());
        planApplyAndAgree(nic, state, strategy, 4);
    }

    private static Plan planApplyAndAgree(String nic, ProtocolState state, Strategy strategy, int queues) throws Exception {
        DataflowGraph prg = Descriptions.graph(nic);
        NicModel model = NicModels.fromPrg(prg);
        model = model.withQueues(Math.min(model.queues(), queues));
        Workload workload = io.nicplan.optimizer.domain.Workloads.fromState(state, model.queues());
        Plan plan = Planner.plan(Planner.Request.of(model, workload, CostSpecReader.read(COST)).withStrategy(strategy)
                .withTimeLimit(Duration.ofMillis(300)).withExplain(false));

        Set<String> ipv6 = ipv6Flows(state);
        Map<String, Integer> placed = new LinkedHashMap<>();
        for (FlowPlacement p : plan.placements()) {
            placed.put(p.flow(), p.queue());
            if (ipv6.contains(p.flow())) {
                if (!IPV6_FILTERS.contains(nic)) {
                    assertThat(p.mechanism()).as("IPv6 flow %s on %s", p.flow(), nic).isIn(Mechanism.RSS, Mechanism.DEFAULT);
                } else {
                    assertThat(p.mechanism()).as("IPv6 flow %s on %s", p.flow(), nic).isNotEqualTo(Mechanism.FIVETUPLE);
                }
                assertThat(p.fastPath()).isFalse();
            }
        }
        List<Flow> flows = state.flows();
        assertThat(placed.keySet()).containsAll(ipv6).hasSize(flows.size());

        Configuration configuration = new Configuration(plan.configuration());
        ApplyReport byEmbedder = Backend.apply(Embedder.standard(), prg, state, configuration,
                Predictions.classify(prg, state, configuration), Optional.empty());
        assertThat(byEmbedder.install().committed()).as(byEmbedder.install().failures()).isTrue();
        assertThat(byEmbedder.disagree()).as(byEmbedder.toJson()).isEmpty();
        assertThat(byEmbedder.agree()).isEqualTo(flows.size());
        assertThat(byEmbedder.counters().get("rxFrames")).isEqualTo((long) Backend.FRAMES_PER_FLOW * flows.size());

        ApplyReport byPlan = Backend.apply(Embedder.standard(), prg, state, configuration, Predictions.ofQueues(placed),
                Optional.empty());
        assertThat(byPlan.disagree()).as(byPlan.toJson()).isEmpty();
        assertThat(byPlan.agree()).isEqualTo(flows.size());
        return plan;
    }

    private static Set<String> ipv6Flows(ProtocolState state) {
        return state.flows().stream().filter(f -> f.src().version() == 6 || f.dst().version() == 6).map(Flow::id)
                .collect(Collectors.toSet());
    }
}
