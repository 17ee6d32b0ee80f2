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
import io.nicplan.net.Ipv4Address;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Proto;
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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Plans from the optimizer, applied to the emulator, put every flow's frames where the plan and the embedder say. */
class BackendAgreementTest {
    private static final String COST = "{\"terms\": {\"balanceByRate\": 1, \"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 4}}}";

    static Stream<Arguments> plans() {
        List<Arguments> out = new ArrayList<>();
        for (String nic : Descriptions.nicNames()) {
            for (Strategy s : Strategy.values()) {
                out.add(Arguments.of(nic, s));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("plans")
    void observedQueuesAgreeWithPlanAndEmbedderForEveryFlow(String nic, Strategy strategy) throws Exception {
        agreeForEveryFlow(nic, strategy, COST);
    }

    /** A plan that chooses its RSS table (each bucket a flow hashes into pointed where the plan puts the flow). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rssNics")
    void observedQueuesAgreeWithAPlanThatChoosesItsRssTable(String nic) throws Exception {
        agreeForEveryFlow(nic, Strategy.OPTAPLANNER, COST.substring(0, COST.length() - 1) + ", \"rssTable\": \"chosen\"}");
    }

    /** A plan that chooses its RSS key as well: the configuration names the key, and the emulator hashes with it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rssNics")
    void observedQueuesAgreeWithAPlanThatChoosesItsRssKey(String nic) throws Exception {
        agreeForEveryFlow(nic, Strategy.OPTAPLANNER, COST.substring(0, COST.length() - 1) + ", \"rssTable\": \"chosen\", \"rssKey\": \"chosen\"}");
        agreeForEveryFlow(nic, Strategy.DEFAULT, COST.substring(0, COST.length() - 1) + ", \"rssKey\": \"chosen\"}");
    }

    static Stream<String> rssNics() {
        return Descriptions.nicNames().stream().filter(n -> NicModels.fromPrg(Descriptions.graph(n)).rss().isPresent());
    }

    private static void agreeForEveryFlow(String nic, Strategy strategy, String cost) throws Exception {
        DataflowGraph prg = Descriptions.graph(nic);
        boolean tiny = strategy == Strategy.EXHAUSTIVE;
        Workload workload = Workloads.generate(tiny ? 4 : 24, 7, 0.25, 0.5, tiny ? Workloads.Rates.EQUAL : Workloads.Rates.UNEQUAL);
        // Eight queues at most: the planner spreads RSS over every queue it uses, and the 82599 and X710 hash
        // into fewer queues (rss_queues) than they have.
        NicModel model = NicModels.fromPrg(prg);
        model = model.withQueues(Math.min(model.queues(), tiny ? 2 : 8));
        Plan plan = Planner.plan(Planner.Request.of(model, workload, CostSpecReader.read(cost)).withStrategy(strategy)
                .withTimeLimit(Duration.ofMillis(300)).withExplain(false));
        Configuration configuration = new Configuration(plan.configuration());
        ProtocolState memcached = ProtocolStateJson.read(Examples.memcachedState());
        List<Flow> flows = new ArrayList<>(toStateFlows(workload));
        flows.addAll(memcached.flows()); // wildcard and concrete flows the plan did not place
        ProtocolState state = memcached.withFlows(flows);

        ApplyReport byEmbedder = Backend.apply(Embedder.standard(), prg, state, configuration, Predictions.classify(prg, state, configuration), Optional.empty());
        assertThat(byEmbedder.install().committed()).as(byEmbedder.install().failures()).isTrue();
        assertThat(byEmbedder.disagree()).as(byEmbedder.toJson()).isEmpty();
        assertThat(byEmbedder.flows()).isEqualTo(flows.size());
        assertThat(byEmbedder.agree()).isEqualTo(flows.size());

        Map<String, Integer> placed = new LinkedHashMap<>();
        for (FlowPlacement p : plan.placements()) {
            placed.put(p.flow(), p.queue());
        }
        ApplyReport byPlan = Backend.apply(Embedder.standard(), prg, state, configuration, Predictions.ofQueues(placed), Optional.empty());
        assertThat(byPlan.disagree()).as(byPlan.toJson()).isEmpty();
        assertThat(byPlan.agree()).isEqualTo(workload.flows().size());
        long filtered = plan.placements().stream().filter(p -> p.mechanism().isFilter()).count();
        assertThat(byPlan.install().updates()).as("a table entry per filtered flow, plus the fallback")
                .isGreaterThanOrEqualTo((int) filtered + 1);
        if (strategy == Strategy.GREEDY && model.has(Mechanism.FDIR)) {
            assertThat(filtered).as("greedy places gold flows in filters").isPositive();
        }
        // Flows the plan puts on FlexTCP's fast path run as connections (every byte delivered, on the planned
        // queue's context); the others are replayed, FRAMES_PER_FLOW frames each.
        long replayed = (long) Backend.FRAMES_PER_FLOW * (flows.size() - byPlan.connections().size());
        long segments = byPlan.connections().stream().mapToLong(c -> c.fastPathSegments() + c.slowPathSegments()).sum();
        assertThat(byPlan.connections()).allSatisfy(c -> assertThat(c.matchesPlan()).as(c.toString()).isTrue());
        assertThat(byPlan.connections()).hasSize((int) plan.placements().stream().filter(FlowPlacement::fastPath).count());
        if (byPlan.connections().isEmpty()) {
            assertThat(byPlan.counters().get("rxFrames")).isEqualTo(replayed);
        } else {
            assertThat(byPlan.counters().get("rxFrames")).isGreaterThanOrEqualTo(replayed + segments);
        }
    }

    /** The optimizer's exact flows as protocol-state flows (client = source, server = destination). */
    static List<Flow> toStateFlows(Workload w) {
        List<Flow> out = new ArrayList<>();
        for (io.nicplan.optimizer.domain.Flow f : w.flows()) {
            FlowMatch m = f.match();
            Protocol proto = m.proto().orElseThrow() == Proto.TCP ? Protocol.TCP : Protocol.UDP;
            out.add(new Flow(f.id(), proto, AddressPattern.of(Ipv4Address.of(m.srcIp().orElseThrow()), m.srcPort().orElseThrow()),
                    AddressPattern.of(Ipv4Address.of(m.dstIp().orElseThrow()), m.dstPort().orElseThrow()),
                    f.trafficClass().name().toLowerCase(), f.pps(), Math.max(64, f.bytesPerPacket())));
        }
        return out;
    }
}
