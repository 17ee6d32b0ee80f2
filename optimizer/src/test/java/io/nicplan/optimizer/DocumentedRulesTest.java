package io.nicplan.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.net.Ipv4Address;
import io.nicplan.embed.state.Protocol;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.HardRule;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.cost.Term;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.Proto;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.plan.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each subsection of docs/formats.md "Rules the planner applies" against the program: one test per subsection, named
 * by its display name after the heading, which the test also finds in the document.
 */
class DocumentedRulesTest {
    private static final String SECTION = "## Rules the planner applies";

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: Gold queues")
    void goldQueuesAreTheHighestNonDefaultQueuesAndAtMostNMinusTwo() {
        documented("Gold queues");
        NicModel nic = NicModels.builtin("intel-82599", 6);
        // 10 gold flows, one per queue, would need 10 gold queues; 6 queues allow 6 - 2 = 4 while best-effort flows exist
        CostModel model = model(nic, flows(10, 5), "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 1}}}");
        assertThat(goldQueues(model)).containsExactly(2, 3, 4, 5);
        assertThat(model.structuralReasons()).singleElement().asString()
                .contains("10 gold flows need ceil(10/1) = 10 exclusive queues, but at most 4 of the 6 queues can be gold");
        // enough room: ceil(3 / 2) = 2 gold queues, the highest ones
        CostModel fits = model(nic, flows(3, 5), "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}}}");
        assertThat(goldQueues(fits)).containsExactly(4, 5);
        assertThat(fits.structuralReasons()).isEmpty();
        assertThat(fits.goldCap(5)).isEqualTo(2);
        // no best-effort flows: n - 1 queues may be gold
        CostModel allGold = model(nic, flows(10, 0), "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 1}}}");
        assertThat(goldQueues(allGold)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: Reserved queues")
    void reservedQueuesTakeNoFlowAreNotBalancedAndAreNotInTheRssTable() {
        documented("Reserved queues");
        NicModel nic = NicModels.builtin("intel-82599", 6);
        for (String terms : List.of("\"balance\": 1", "\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}")) {
            CostModel model = model(nic, flows(2, 6), "{\"terms\": {" + terms + "}, \"rules\": {\"reservedQueues\": [3]}}");
            for (int i = 0; i < model.flowCount(); i++) {
                assertThat(model.options(i)).as(terms).noneMatch(p -> p.queue() == 3);
            }
            assertThat(model.scopes()).as(terms).noneMatch(s -> s.balances(3));
            assertThat(model.rssQueues()).as(terms).doesNotContain(3);
            assertThat(model.allows(TrafficClass.GOLD, 3) || model.allows(TrafficClass.BESTEFFORT, 3)).as(terms).isFalse();
            assertThat(model.violates(HardRule.RESERVED_QUEUE, 0, new Placement(Mechanism.FIVETUPLE, 3, false))).isTrue();
        }
    }

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: Queue 0 and gold flows (classQueues)")
    void defaultQueueIsClosedToGoldFlowsUnlessASpecificationListsIt() {
        documented("Queue 0 and gold flows (`classQueues`)");
        NicModel nic = NicModels.builtin("intel-82599", 6);
        CostModel model = model(nic, flows(2, 6), "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 1}}}");
        int gold = 0;
        assertThat(model.flow(gold).isGold()).isTrue();
        assertThat(model.allows(TrafficClass.GOLD, 0)).isFalse();
        assertThat(model.violates(HardRule.CLASS_QUEUES, gold, new Placement(Mechanism.FIVETUPLE, 0, false))).isTrue();
        // left to RSS, a gold flow lands on a best-effort queue
        assertThat(model.violates(HardRule.CLASS_QUEUES, gold, model.unfiltered(gold))).isTrue();
        assertThat(model.options(gold).subList(1, model.options(gold).size())).allMatch(p -> model.isGoldQueue(p.queue()));
        // listed explicitly, queue 0 can be gold
        CostModel listed = model(nic, flows(2, 6), "{\"terms\": {\"static\": {\"gold\": [0], \"besteffort\": [1, 2, 3, 4, 5]}}}");
        assertThat(listed.allows(TrafficClass.GOLD, 0)).isTrue();
    }

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: The default queue in the balance")
    void defaultQueueIsOutsideTheBalancedSetUnlessIncludedButParkedLoadStillCounts() {
        documented("The default queue in the balance");
        NicModel nic = NicModels.builtin("intel-82599", 4);
        Workload w = flows(0, 3);
        CostModel plain = model(nic, w, "{\"terms\": {\"balance\": 1}}");
        assertThat(plain.scopes()).singleElement().satisfies(s -> assertThat(s.balances(0)).isFalse());
        CostModel included = model(nic, w, "{\"terms\": {\"balance\": {\"weight\": 1, \"includeDefaultQueue\": true}}}");
        assertThat(included.scopes()).singleElement().satisfies(s -> assertThat(s.balances(0)).isTrue());
        // one flow per balanced queue costs nothing; the same flows with one parked on queue 0 cost
        List<Placement> even = new ArrayList<>();
        List<Placement> parked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            even.add(new Placement(Mechanism.FIVETUPLE, 1 + i, false));
            parked.add(new Placement(Mechanism.FIVETUPLE, i == 0 ? 0 : 1 + i, false));
        }
        assertThat(CostState.of(plain, even).term(Term.BALANCE)).isZero();
        // T = 3 flows over |B| = 3 queues, loads 0, 1, 1: sum (L - 1)^2 / 1 = 1 flow
        assertThat(CostState.of(plain, parked).term(Term.BALANCE)).isEqualTo(Term.SCALE);
    }

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: The RSS indirection table")
    void rssTableIsFilledRoundRobinOverTheBestEffortBalancedQueuesWithinRssReach() {
        documented("The RSS indirection table");
        CostModel model = model(NicModels.builtin("intel-82599", 10), flows(2, 6),
                "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 1}}, \"rules\": {\"reservedQueues\": [4]}}");
        // gold: queues 9 and 8; reserved 4; queue 0 not balanced: best-effort balanced queues 1, 2, 3, 5, 6, 7
        assertThat(model.rssQueues()).containsExactly(1, 2, 3, 5, 6, 7);
        roundRobin(model);
        assertThat(model.rssTable()).hasSize(128);
        // 20 queues: the 82599's 4-bit RETA entries reach queues 0..15 only
        CostModel wide = model(NicModels.builtin("intel-82599", 20), flows(0, 6), "{\"terms\": {\"balance\": 1}}");
        assertThat(wide.rssQueues()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        roundRobin(wide);
        // the default strategy's table: the NIC's own, over queues 0..min(queues, reach) - 1
        CostModel nicDefault = CostModel.compile(NicModels.builtin("intel-82599", 6), flows(0, 6),
                CostSpecReader.read("{\"terms\": {\"balance\": 1}}"), EmbeddedCycles.NOMINAL, Map.of(), CostModel.RssPolicy.NIC_DEFAULT);
        assertThat(nicDefault.rssQueues()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: Wildcard flows' load")
    void wildcardFlowAddsAnEqualShareToEveryRssQueueAndCountsInNoQueueLimit() {
        documented("Wildcard flows' load");
        List<Flow> flows = new ArrayList<>(flows(0, 2).flows());
        flows.add(new Flow("any-web", new FlowMatch(Optional.of(Proto.TCP), OptionalLong.empty(), OptionalLong.of(Workloads.SERVER),
                OptionalInt.empty(), OptionalInt.of(80)), TrafficClass.BESTEFFORT, 9_000, 64, Optional.empty()));
        CostModel model = model(NicModels.builtin("intel-82599", 4), Workload.of(flows),
                "{\"terms\": {\"balanceByRate\": 1}, \"rules\": {\"maxFlowsPerQueue\": 1, \"maxPpsPerQueue\": 1000}}");
        int wild = 2;
        assertThat(model.unfiltered(wild).isSpread()).isTrue();
        assertThat(model.options(wild)).noneMatch(p -> p.mechanism() == Mechanism.FDIR);
        assertThat(model.options(wild)).anyMatch(p -> p.mechanism() == Mechanism.FIVETUPLE);
        List<Placement> plan = List.of(new Placement(Mechanism.FIVETUPLE, 1, false), new Placement(Mechanism.FIVETUPLE, 2, false),
                model.unfiltered(wild));
        CostState state = CostState.of(model, plan);
        SpreadScope scope = model.scopes().get(0);
        int k = model.rssQueues().size();
        assertThat(k).isEqualTo(3);
        for (int q : model.rssQueues()) {
            // loads in k-ths: the wildcard flow's 9,000 pps add 3,000 pps to each queue
            long exact = q == 1 ? model.flow(0).pps() : q == 2 ? model.flow(1).pps() : 0;
            assertThat(scope.unscaled(state.scopeLoad(0, q))).isEqualTo(exact + 3_000.0);
        }
        // the spread flow is in no queue's flow count or packet rate, so the limits see only the two exact flows
        assertThat(state.queueFlows(3)).isZero();
        assertThat(state.queuePps(3)).isZero();
        assertThat(state.rule(HardRule.MAX_FLOWS_PER_QUEUE)).isZero();
    }

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: Queue cores (crossCore, sameCore)")
    void queueCoresComeOnlyFromTheWorkloadAndAStateAloneNamesNone() {
        documented("Queue cores (`crossCore`, `sameCore`)");
        ProtocolState state = Embedder.standard().readState(Examples.memcachedState());
        Workload fromState = io.nicplan.optimizer.domain.Workloads.fromState(state);
        assertThat(fromState.queueCores()).isEmpty();
        assertThat(fromState.applicationCores()).isNotEmpty();
        CostModel model = model(NicModels.builtin("intel-82599", 6), fromState, "{\"terms\": {\"crossCore\": 1}}");
        for (int i = 0; i < model.flowCount(); i++) {
            for (Placement p : model.options(i)) {
                assertThat(model.linear(Term.CROSS_CORE, i, p)).isZero();
            }
        }
        // with the workload's queue cores, a flow on a queue off its application's cores is charged its rate
        Flow kv = new Flow("kv1", FlowMatch.exact(Proto.UDP, 0x0A01_0002L, Workloads.SERVER, 4_000, 11211), TrafficClass.BESTEFFORT,
                5_000, 64, Optional.of("kv"));
        Workload pinned = new Workload(List.of(kv), Map.of("kv", Set.of(1)), Map.of(1, 1, 2, 2));
        CostModel withCores = model(NicModels.builtin("intel-82599", 4), pinned, "{\"terms\": {\"crossCore\": 1}}");
        assertThat(withCores.linear(Term.CROSS_CORE, 0, new Placement(Mechanism.FIVETUPLE, 1, false))).isZero();
        assertThat(withCores.linear(Term.CROSS_CORE, 0, new Placement(Mechanism.FIVETUPLE, 2, false))).isEqualTo(5_000 * Term.SCALE);
        // queue 3 has no known core: nothing charged
        assertThat(withCores.linear(Term.CROSS_CORE, 0, new Placement(Mechanism.FIVETUPLE, 3, false))).isZero();
    }

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: Queue cores (crossCore, sameCore), a plan from a state")
    void aPlanFromAStateServesQueueQFromTheStatesCoresInTurn() {
        documented("Queue cores (`crossCore`, `sameCore`)");
        // examples/memcached-state.json: memcached on cores 0 – 3, stats on core 3, so the host's cores are 0, 1, 2, 3
        ProtocolState state = Embedder.standard().readState(Examples.memcachedState());
        Planner.Request request = Planner.Request.fromState(Descriptions.graph("intel-82599"), state,
                CostSpecReader.read("{\"terms\": {\"crossCore\": 1}}"), 6);
        assertThat(request.workload().queueCores()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 0, 1, 1, 2, 2, 3, 3, 4, 0, 5, 1));
        CostModel model = CostModel.compile(request.nic(), request.workload(), request.cost(), EmbeddedCycles.NOMINAL);
        int stats = -1;
        for (int i = 0; i < model.flowCount(); i++) {
            if (model.flow(i).application().equals(Optional.of("stats")) && model.flow(i).match().isExact()) {
                stats = i;
            }
        }
        assertThat(stats).as("an exact flow of the stats application").isNotNegative();
        long pps = model.flow(stats).pps();
        // stats runs on core 3 only: queue 3 is served there, queue 2 (core 2) and queue 5 (core 1) are not
        assertThat(model.linear(Term.CROSS_CORE, stats, new Placement(Mechanism.FIVETUPLE, 3, false))).isZero();
        assertThat(model.linear(Term.CROSS_CORE, stats, new Placement(Mechanism.FIVETUPLE, 2, false))).isEqualTo(pps * Term.SCALE);
        assertThat(model.linear(Term.CROSS_CORE, stats, new Placement(Mechanism.FIVETUPLE, 5, false))).isEqualTo(pps * Term.SCALE);
        // and the plan keeps it on its core: nothing handed across
        Plan plan = Planner.plan(request.withStrategy(Strategy.GREEDY));
        assertThat(plan.terms().get("crossCore").cost()).isZero();
    }

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: Queues planned over (--queues)")
    void planFromAStateUsesTheFirstSixteenQueuesOrFewerByDefault() {
        documented("Queues planned over (`--queues`)");
        ProtocolState state = Embedder.standard().readState(Examples.memcachedState());
        DataflowGraph intel = Descriptions.graph("intel-82599");
        assertThat(NicModels.fromPrg(intel).queues()).isGreaterThan(16);
        Planner.Request request = Planner.Request.fromState(intel, state, CostSpecReader.read("{\"terms\": {\"balance\": 1}}"));
        assertThat(request.nic().queues()).isEqualTo(Planner.DEFAULT_QUEUES).isEqualTo(16);
        assertThat(Planner.Request.fromState(intel, state, CostSpecReader.read("{\"terms\": {\"balance\": 1}}"), 6).nic().queues())
                .isEqualTo(6);
    }

    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: Rounding of rates")
    void fractionalRatesAreRoundedToWholePacketsPerSecondOncePerFlowWhenTheStateIsRead() {
        documented("Rounding of rates");
        AddressPattern server = AddressPattern.of(Ipv4Address.of(0x0A00_0001L), 11211);
        List<Long> rates = new ArrayList<>();
        for (double pps : new double[] {0.4, 0.5, 1_234.5, 99_999.49}) {
            io.nicplan.embed.state.Flow f = new io.nicplan.embed.state.Flow("f", Protocol.UDP,
                    AddressPattern.of(Ipv4Address.of(0x0A01_0002L), 4_000), server, "besteffort", pps, 64);
            rates.add(io.nicplan.optimizer.domain.Workloads.flow(f, List.of()).pps());
        }
        assertThat(rates).containsExactly(0L, 1L, 1_235L, 99_999L);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Fails unless docs/formats.md has the heading in its rules section. */
    @Test
    @DisplayName("docs/formats.md, Rules the planner applies: Dragonet's own costs and search")
    void dragonetsCostsLeaveQueueZeroOutRejectAsHardPenaltiesAndItsSearchNeverOffersQueueZero() {
        documented("Dragonet's own costs and search (`dragonetBalance`, `dragonetPriority`, `dragonet`)");
        CostModel model = model(NicModels.builtin("intel-82599", 4), flows(0, 4), "{\"terms\": {\"dragonetBalance\": 1}}");
        Placement q0 = new Placement(Mechanism.FIVETUPLE, 0, false);
        List<Placement> withQueueZero = List.of(fiveTuple(1), fiveTuple(2), fiveTuple(3), q0);
        // a flow on queue 0 is in neither the loads nor their mean: (1, 1, 1) on queues 1..3 is balanced
        assertThat(CostState.of(model, withQueueZero).term(Term.DRAGONET_BALANCE)).isZero();
        // Dragonet's search offers queues 1..n-1 only
        assertThat(io.nicplan.optimizer.baseline.DragonetPlanner.plan(model)).noneMatch(p -> p.queue() == 0);
        // too few exclusive gold queues: rejected, 100 per missing queue, as a hard penalty
        CostModel priority = model(NicModels.builtin("intel-82599", 5), flows(3, 1),
                "{\"terms\": {\"dragonetPriority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}}}");
        assertThat(CostState.of(priority, List.of(fiveTuple(4), fiveTuple(4), fiveTuple(1), fiveTuple(1))).cost())
                .isEqualTo(new io.nicplan.optimizer.cost.Cost(100, 0));
    }

    private static Placement fiveTuple(int queue) {
        return new Placement(Mechanism.FIVETUPLE, queue, false);
    }

    private static void documented(String heading) {
        String text;
        try {
            text = Files.readString(Path.of("..", "docs", "formats.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("docs/formats.md is not readable from the optimizer module", e);
        }
        int section = text.indexOf(SECTION + "\n");
        assertThat(section).as("docs/formats.md has '%s'", SECTION).isNotNegative();
        int next = text.indexOf("\n## ", section + SECTION.length());
        String rules = text.substring(section, next < 0 ? text.length() : next);
        assertThat(rules).as("docs/formats.md, %s", SECTION).contains("\n### " + heading + "\n");
    }

    private static CostModel model(NicModel nic, Workload w, String spec) {
        return CostModel.compile(nic, w, CostSpecReader.read(spec), EmbeddedCycles.NOMINAL);
    }

    /** {@code gold} gold flows, then {@code bestEffort} best-effort ones, exact UDP flows of 10,000 pps each. */
    private static Workload flows(int gold, int bestEffort) {
        List<Flow> out = new ArrayList<>();
        for (int i = 0; i < gold + bestEffort; i++) {
            out.add(new Flow("f" + i, FlowMatch.exact(Proto.UDP, 0x0A01_0002L + i, Workloads.SERVER, 4_000 + i, 11211),
                    i < gold ? TrafficClass.GOLD : TrafficClass.BESTEFFORT, 10_000, 64, Optional.empty()));
        }
        return Workload.of(out);
    }

    private static List<Integer> goldQueues(CostModel model) {
        List<Integer> out = new ArrayList<>();
        for (int q = 0; q < model.queues(); q++) {
            if (model.isGoldQueue(q)) {
                out.add(q);
            }
        }
        return out;
    }

    private static void roundRobin(CostModel model) {
        int[] table = model.rssTable();
        List<Integer> queues = model.rssQueues();
        for (int i = 0; i < table.length; i++) {
            assertThat(table[i]).as("entry %d", i).isEqualTo(queues.get(i % queues.size()));
        }
    }
}
