package io.nicplan.optimizer.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.bench.SearchBench;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.Cost;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The {@code dragonet} strategy (Dragonet's own search) against placements worked out by hand from its source. */
class DragonetPlannerTest {

    @Test
    void underDragonetsBalanceEachFlowTakesTheLeastLoadedOfQueuesOneToNMinusOneLowestFirst() {
        // 4 queues: queue 0 is never offered; five flows go 1, 2, 3, then 1, 2 (ties keep the lowest queue)
        CostModel model = model(4, flows(5, 0), "{\"terms\": {\"dragonetBalance\": 1}}");
        assertThat(DragonetPlanner.plan(model)).containsExactly(ft(1), ft(2), ft(3), ft(1), ft(2));
    }

    @Test
    void underDragonetsPriorityGoldFlowsGoFirstAndBestEffortAvoidsTheirQueues() {
        // three best-effort flows, then two gold ones, 4 queues, one gold flow per queue. Dragonet sorts gold first:
        // gold 1 -> queue 1 (all equal, lowest kept); gold 2 -> queue 2 (sd (1, 1, 0) beats (2, 0, 0));
        // best effort: queues 1 and 2 would share a gold queue, one exclusive gold queue short: rejected (100);
        // queue 3 is accepted, so all three go there. The full plan needs min(4 - 2, 3) = 2 exclusive best-effort
        // queues and has one: 100 + sd over {3} = 100 flows (the source's figure, see docs/formats.md)
        CostModel model = model(4, flows(3, 2), "{\"terms\": {\"dragonetPriority\": {\"weight\": 1, \"goldFlowsPerQueue\": 1}}}");
        List<Placement> plan = DragonetPlanner.plan(model);
        assertThat(plan).containsExactly(ft(3), ft(3), ft(3), ft(1), ft(2));
        CostState state = CostState.of(model, plan);
        assertThat(state.hard()).isZero();
        assertThat(state.term(Term.DRAGONET_PRIORITY)).isEqualTo(100_000);
    }

    @Test
    void fiveTupleFiltersUntilFullThenFlowDirectorAndAWildcardFlowNoTableTakesStaysUnfiltered() {
        // the 82599 model: 128 five-tuple filters; 130 exact flows, then one listening (wildcard) flow
        List<Flow> flows = new ArrayList<>(flows(130, 0).flows());
        flows.add(new Flow("listen", new FlowMatch(Optional.of(Proto.UDP), OptionalLong.empty(), OptionalLong.of(Workloads.SERVER),
                OptionalInt.empty(), OptionalInt.of(11211)), TrafficClass.BESTEFFORT, 10_000, 64, Optional.empty()));
        NicModel nic = NicModels.builtin("intel-82599", 10);
        assertThat(nic.capacity(Mechanism.FIVETUPLE)).isEqualTo(128);
        CostModel model = CostModel.compile(nic, Workload.of(flows), CostSpecReader.read("{\"terms\": {\"dragonetBalance\": 1}}"),
                EmbeddedCycles.NOMINAL);
        List<Placement> plan = DragonetPlanner.plan(model);
        assertThat(plan.subList(0, 128)).allMatch(p -> p.mechanism() == Mechanism.FIVETUPLE);
        assertThat(plan.subList(128, 130)).allMatch(p -> p.mechanism() == Mechanism.FDIR);
        assertThat(plan.subList(0, 130)).allMatch(p -> p.queue() != 0);
        // Dragonet's oracle would offer nothing here and its search would stop; this strategy leaves it unfiltered
        assertThat(plan.get(130)).isEqualTo(model.unfiltered(130));
        assertThat(DragonetPlanner.unfiltered(model)).isEqualTo(1);
    }

    @Test
    void thePlannerRunsItAsTheDragonetStrategy() {
        assertThat(Strategy.byName("dragonet")).contains(Strategy.DRAGONET);
        Workload w = flows(5, 0);
        CostSpec spec = CostSpecReader.read("{\"terms\": {\"dragonetBalance\": 1}}");
        Plan plan = Planner.plan(new Planner.Request(NicModels.builtin("intel-82599", 4), w, spec, EmbeddedCycles.NOMINAL,
                Strategy.DRAGONET, Duration.ofSeconds(10), false));
        assertThat(plan.strategy()).isEqualTo("dragonet");
        assertThat(plan.placements()).extracting(p -> p.queue()).containsExactly(1, 2, 3, 1, 2);
    }

    @Test
    void optaPlannerIsNeverWorseThanDragonetsSearchUnderDragonetsOwnCost() {
        NicModel nic = NicModels.builtin("intel-82599", 10);
        for (long seed = 1; seed <= 4; seed++) {
            Workload w = Workloads.generate(60, seed, 0.1, 0.5, Workloads.Rates.UNEQUAL);
            long gold = w.flows().stream().filter(Flow::isGold).count();
            for (String cost : List.of("{\"terms\": {\"dragonetBalance\": 1}}",
                    "{\"terms\": {\"dragonetPriority\": {\"weight\": 1, \"goldFlowsPerQueue\": " + Math.max(1, (gold + 2) / 3) + "}}}")) {
                CostSpec spec = CostSpecReader.read(cost);
                Cost dragonet = cost(nic, w, spec, Strategy.DRAGONET);
                Cost opta = cost(nic, w, spec, Strategy.OPTAPLANNER);
                assertThat(opta.compareTo(dragonet)).as("seed %d, %s: optaplanner %s, dragonet %s", seed, cost, opta, dragonet)
                        .isLessThanOrEqualTo(0);
            }
        }
    }

    @Test
    void theBenchmarksCostColumnsHaveADragonetCounterpart() {
        Workload w = Workloads.generate(20, 7, 0.1, 0.5, Workloads.Rates.UNEQUAL);
        for (String column : List.of("balance", "priority", "balanceByRate")) {
            CostSpec ours = SearchBench.spec(column, w);
            CostSpec theirs = SearchBench.dragonetSpec(column, w);
            assertThat(theirs.weights().keySet()).allMatch(t -> t == Term.DRAGONET_BALANCE || t == Term.DRAGONET_PRIORITY);
            if (column.equals("priority")) {
                assertThat(theirs.goldFlowsPerQueue()).isEqualTo(ours.goldFlowsPerQueue());
            }
        }
    }

    private static Cost cost(NicModel nic, Workload w, CostSpec spec, Strategy s) {
        Plan p = Planner.plan(new Planner.Request(nic, w, spec, EmbeddedCycles.NOMINAL, s, Duration.ofSeconds(30), false,
                Optional.empty(), OptionalInt.of(200)));
        return new Cost(p.hard(), p.total());
    }

    private static CostModel model(int queues, Workload w, String spec) {
        return CostModel.compile(NicModels.builtin("intel-82599", queues), w, CostSpecReader.read(spec), EmbeddedCycles.NOMINAL);
    }

    /** {@code bestEffort} best-effort flows, then {@code gold} gold ones, exact UDP flows of 10,000 pps each. */
    private static Workload flows(int bestEffort, int gold) {
        List<Flow> out = new ArrayList<>();
        for (int i = 0; i < gold + bestEffort; i++) {
            out.add(new Flow("f" + i, FlowMatch.exact(Proto.UDP, 0x0A01_0002L + i, Workloads.SERVER, 4_000 + i, 11211),
                    i < bestEffort ? TrafficClass.BESTEFFORT : TrafficClass.GOLD, 10_000, 64, Optional.empty()));
        }
        return Workload.of(out);
    }

    private static Placement ft(int queue) {
        return new Placement(Mechanism.FIVETUPLE, queue, false);
    }
}
