package io.nicplan.flexnic.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.Protocol;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.RssHashType;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.nic.RssNode;
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

    /**
     * Sixteen concrete IPv6 flows beside the dual-stack state's: a plan on a NIC whose RSS declares {@code ip_l4}
     * configures it, so the IPv6 flows hash over the table and reach more than one queue (under {@code ipv4_l4} every
     * one took entry 0); the NIC's own table (default strategy) and a searched plan both agree 100 % in the emulator.
     * virtio-net declares the IPv6 hashes too (virtio 1.2 5.1.6.4.3), its unclassified_queue taking only what the
     * configured hash does not hash, so it spreads them as well.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nicsAndSpreads")
    void ipv6FlowsSpreadOverTheTableWhereTheNicHashesIpv6(String nic, Strategy strategy) throws Exception {
        ProtocolState dualStack = ProtocolStateJson.read(Examples.dualStackState());
        List<Flow> flows = new ArrayList<>(dualStack.flows());
        for (int i = 0; i < 16; i++) {
            flows.add(new Flow("spread6-" + i, Protocol.UDP,
                    AddressPattern.of(Ipv6Address.parse("2001:db8:7::" + Integer.toHexString(i + 1)), 42000 + i),
                    AddressPattern.of(Ipv6Address.parse("2001:db8::1"), 11211), "besteffort", 1000 + 10 * i, 96));
        }
        ProtocolState state = dualStack.withFlows(flows);
        Plan plan = planApplyAndAgree(nic, state, strategy, 4);

        DataflowGraph prg = Descriptions.graph(nic);
        RssNode rss = NicModels.fromPrg(prg).rss().orElseThrow();
        ConfigValue.TupleValue rssValue = (ConfigValue.TupleValue) plan.configuration().get(rss.nodeId());
        String hash = ((ConfigValue.SymbolValue) rssValue.field("hash").orElseThrow()).symbol();
        boolean hashesIpv6 = rss.declares(RssHashType.IP_L4);
        if (nic.equals("virtio-net")) {
            assertThat(hashesIpv6).as("virtio-net declares ip_l4").isTrue();
        }
        assertThat(hash).isEqualTo(hashesIpv6 ? "ip_l4" : "ipv4_l4");
        Set<Integer> spreadQueues = plan.placements().stream().filter(p -> p.flow().startsWith("spread6-"))
                .map(FlowPlacement::queue).collect(Collectors.toSet());
        if (hashesIpv6) {
            assertThat(spreadQueues).as("queues of the IPv6 flows on %s", nic).hasSizeGreaterThan(1);
        } else {
            assertThat(spreadQueues).as("every IPv6 flow takes entry 0 on %s", nic).hasSize(1);
        }
    }

    static Stream<Arguments> nicsAndSpreads() {
        return Descriptions.nicNames().stream().filter(nic -> NicModels.fromPrg(Descriptions.graph(nic)).rss().isPresent())
                .flatMap(nic -> Stream.of(Strategy.DEFAULT, Strategy.OPTAPLANNER).map(s -> Arguments.of(nic, s)));
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
        int spread = 0;
        for (FlowPlacement p : plan.placements()) {
            if (p.queue() >= 0) {
                placed.put(p.flow(), p.queue());
            } else {
                spread++; // a wildcard flow RSS spreads (clients6 under ip_l4): no single queue, compared by classification
            }
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
        assertThat(placed.size() + spread).isEqualTo(flows.size());

        Configuration configuration = new Configuration(plan.configuration());
        ApplyReport byEmbedder = Backend.apply(Embedder.standard(), prg, state, configuration,
                Predictions.classify(prg, state, configuration), Optional.empty());
        assertThat(byEmbedder.install().committed()).as(byEmbedder.install().failures()).isTrue();
        assertThat(byEmbedder.disagree()).as(byEmbedder.toJson()).isEmpty();
        assertThat(byEmbedder.agree()).isEqualTo(flows.size());
        // Flows the plan gives a FlexTCP slot are driven as real connections (their segments, not FRAMES_PER_FLOW frames).
        int replayed = flows.size() - byEmbedder.connections().size();
        if (byEmbedder.connections().isEmpty()) {
            assertThat(byEmbedder.counters().get("rxFrames")).as("%s %s: %s", nic, strategy, byEmbedder.counters())
                    .isEqualTo((long) Backend.FRAMES_PER_FLOW * replayed);
        } else {
            assertThat(byEmbedder.connections()).allSatisfy(c -> assertThat(c.byteExact() && c.matchesPlan())
                    .as("%s on %s %s: %s", c.flow(), nic, strategy, c.problem()).isTrue());
            assertThat(byEmbedder.counters().get("rxFrames")).isGreaterThan((long) Backend.FRAMES_PER_FLOW * replayed);
        }

        ApplyReport byPlan = Backend.apply(Embedder.standard(), prg, state, configuration, Predictions.ofQueues(placed)
                .orElse(Predictions.classify(prg, state, configuration)), Optional.empty());
        assertThat(byPlan.disagree()).as(byPlan.toJson()).isEmpty();
        assertThat(byPlan.agree()).isEqualTo(flows.size());
        return plan;
    }

    private static Set<String> ipv6Flows(ProtocolState state) {
        return state.flows().stream().filter(f -> f.src().version() == 6 || f.dst().version() == 6).map(Flow::id)
                .collect(Collectors.toSet());
    }
}
