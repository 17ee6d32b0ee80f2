package io.nicplan.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.Proto;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.plan.PlanBuilder;
import io.nicplan.optimizer.solver.PlacementSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Dragonet's own cost functions ({@code dragonetBalance}, {@code dragonetPriority}) on small plans whose values are
 * worked out by hand from Dragonet's source (Dragonet/lib/Dragonet/Search.hs: {@code balanceCost}, {@code priorityCost}),
 * each checked through the cost state the baselines use and through the constraint streams that explain plans.
 */
class DragonetTermsTest {

    @Test
    void dragonetBalanceIsTheStandardDeviationOfFlowCountsOverQueuesOneToNMinusOne() {
        // 4 queues; queue 0 is not counted: loads (2, 1, 1) on queues 1..3, mean 4/3,
        // squared deviations 4/9 + 1/9 + 1/9 = 6/9, over 3 queues 2/9, sqrt = 0.4714
        CostModel model = model(4, flows(0, 5), "{\"terms\": {\"dragonetBalance\": 1}}");
        List<Placement> plan = fiveTuple(1, 1, 2, 3, 0);
        assertThat(value(model, plan, Term.DRAGONET_BALANCE)).isEqualTo(471);
        assertThat(reject(model, plan)).isZero();
        assertStreamsAgree(model, plan);
    }

    @Test
    void dragonetBalanceIsZeroWhenQueuesOneToNMinusOneCarryEqualCounts() {
        CostModel model = model(4, flows(0, 6), "{\"terms\": {\"dragonetBalance\": 1}}");
        assertThat(value(model, fiveTuple(1, 2, 3, 1, 2, 3), Term.DRAGONET_BALANCE)).isZero();
    }

    @Test
    void dragonetPriorityChargesOneHundredPerMissingBestEffortQueueWithoutRejecting() {
        // 5 queues, 3 gold flows at 2 per queue: goldNQs = min(4, ceil(3/2)) = 2. Gold on 4, 4, 3 (exclusive), best
        // effort on 1, 1, 2: beNQs = min(5 - 2, 3) = 3, exclusive best-effort queues {1, 2}: one missing, so
        // 100 * 1 + sd of best effort over the other queues {1, 2}: (2, 1), sd 0.5
        CostModel model = model(5, flows(3, 3), "{\"terms\": {\"dragonetPriority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}}}");
        List<Placement> plan = fiveTuple(4, 4, 3, 1, 1, 2);
        assertThat(value(model, plan, Term.DRAGONET_PRIORITY)).isEqualTo(100_500);
        assertThat(reject(model, plan)).isZero();
        assertStreamsAgree(model, plan);
    }

    @Test
    void dragonetPriorityBalancesEachClassWhenEveryQueueIsExclusive() {
        // as above, the third best-effort flow on queue 0: exclusive best-effort queues {0, 1, 2} (the source counts
        // queue 0 here), none missing; gold sd over its queues {3, 4}: (1, 2), 0.5; best effort over {1, 2}: (1, 1), 0
        CostModel model = model(5, flows(3, 3), "{\"terms\": {\"dragonetPriority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}}}");
        List<Placement> plan = fiveTuple(4, 4, 3, 1, 2, 0);
        assertThat(value(model, plan, Term.DRAGONET_PRIORITY)).isEqualTo(500);
        assertStreamsAgree(model, plan);
    }

    @Test
    void dragonetPriorityRejectsTooFewExclusiveGoldQueuesWithOneHundredPerQueue() {
        // gold on 4, 4 and 1, best effort on 1: gold queues {1, 4}, exclusive {4}; goldNQs 2, one missing: reject 100
        CostModel model = model(5, flows(3, 1), "{\"terms\": {\"dragonetPriority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}}}");
        List<Placement> plan = fiveTuple(4, 4, 1, 1);
        assertThat(reject(model, plan)).isEqualTo(100);
        assertThat(value(model, plan, Term.DRAGONET_PRIORITY)).isZero();
        Plan built = PlanBuilder.build(model, plan, "test", 0, true);
        assertThat(built.feasible()).isFalse();
        assertThat(built.reasons()).contains("term dragonetPriority rejects the plan (penalty 100)");
        assertStreamsAgree(model, plan);
    }

    @Test
    void dragonetPriorityRejectsGoldSharingAQueueWithBestEffortWithOnePerSharedQueue() {
        // gold on 4, 3, 2 (goldNQs = 2 at 2 per queue), best effort on 2 and 1: exclusive gold {3, 4} suffice, queue 2
        // is shared: reject 1
        CostModel model = model(5, flows(3, 2), "{\"terms\": {\"dragonetPriority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}}}");
        List<Placement> plan = fiveTuple(4, 3, 2, 2, 1);
        assertThat(reject(model, plan)).isEqualTo(1);
        assertStreamsAgree(model, plan);
    }

    @Test
    void dragonetPriorityWithoutBestEffortChargesEachGoldQueueBeyondTheNeededOnes() {
        // 3 gold flows at 2 per queue need 2 queues; on 1, 2, 3: sd of (1, 1, 1, 0) over queues 1..4 is
        // sqrt(0.75 / 4) = 0.4330, plus 1 for the third gold queue
        CostModel model = model(5, flows(3, 0), "{\"terms\": {\"dragonetPriority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}}}");
        assertThat(value(model, fiveTuple(1, 2, 3), Term.DRAGONET_PRIORITY)).isEqualTo(1_433);
    }

    @Test
    void dragonetPriorityWithoutGoldIsDragonetBalanceOfTheBestEffortFlows() {
        CostModel model = model(4, flows(0, 5), "{\"terms\": {\"dragonetPriority\": 1, \"dragonetBalance\": 1}}");
        List<Placement> plan = fiveTuple(1, 1, 2, 3, 0);
        assertThat(value(model, plan, Term.DRAGONET_PRIORITY)).isEqualTo(value(model, plan, Term.DRAGONET_BALANCE)).isEqualTo(471);
        assertStreamsAgree(model, plan);
    }

    @Test
    void aSpreadFlowCountsAsOneRthOnEachRssQueue() {
        // a wildcard flow left to RSS spreads over the table's R queues: 1/R flow on each, one flow in total
        List<Flow> flows = new ArrayList<>(flows(0, 2).flows());
        flows.add(new Flow("listen", new FlowMatch(Optional.of(Proto.UDP), java.util.OptionalLong.empty(),
                java.util.OptionalLong.of(Workloads.SERVER), java.util.OptionalInt.empty(), java.util.OptionalInt.of(11211)),
                TrafficClass.BESTEFFORT, 10_000, 64, Optional.empty()));
        CostModel model = CostModel.compile(NicModels.builtin("intel-82599", 4), Workload.of(flows),
                CostSpecReader.read("{\"terms\": {\"dragonetBalance\": 1}}"), EmbeddedCycles.NOMINAL);
        assertThat(model.unfiltered(2).isSpread()).isTrue();
        List<Placement> plan = new ArrayList<>(fiveTuple(1, 2));
        plan.add(model.unfiltered(2));
        QueueCounts counts = QueueCounts.of(model, plan);
        assertThat(counts.total(TrafficClass.BESTEFFORT)).isEqualTo(3);
        QueueCounts spreadOnly = QueueCounts.of(model, java.util.Arrays.asList(null, null, model.unfiltered(2)));
        for (int q : model.rssQueues()) {
            assertThat(spreadOnly.flows(q)).isEqualTo(1.0 / model.rssQueues().size());
        }
        assertStreamsAgree(model, plan);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static CostModel model(int queues, Workload w, String spec) {
        return CostModel.compile(NicModels.builtin("intel-82599", queues), w, CostSpecReader.read(spec), EmbeddedCycles.NOMINAL);
    }

    /** {@code gold} gold flows, then {@code bestEffort} best-effort ones, exact UDP flows of 10,000 pps each. */
    static Workload flows(int gold, int bestEffort) {
        List<Flow> out = new ArrayList<>();
        for (int i = 0; i < gold + bestEffort; i++) {
            out.add(new Flow("f" + i, FlowMatch.exact(Proto.UDP, 0x0A01_0002L + i, Workloads.SERVER, 4_000 + i, 11211),
                    i < gold ? TrafficClass.GOLD : TrafficClass.BESTEFFORT, 10_000, 64, Optional.empty()));
        }
        return Workload.of(out);
    }

    /** Flow i on a five-tuple filter to {@code queues[i]}. */
    static List<Placement> fiveTuple(int... queues) {
        List<Placement> out = new ArrayList<>();
        for (int q : queues) {
            out.add(new Placement(Mechanism.FIVETUPLE, q, false));
        }
        return out;
    }

    private static long value(CostModel model, List<Placement> plan, Term t) {
        return CostState.of(model, plan).term(t);
    }

    private static long reject(CostModel model, List<Placement> plan) {
        CostState s = CostState.of(model, plan);
        return s.reject(Term.DRAGONET_PRIORITY) + s.reject(Term.DRAGONET_BALANCE);
    }

    /** The constraint streams (which explain plans) score the plan as the cost state (which the searches use) does. */
    private static void assertStreamsAgree(CostModel model, List<Placement> plan) {
        Cost c = CostState.of(model, plan).cost();
        assertThat(PlacementSolver.explain(model, plan).getScore()).isEqualTo(PlacementSolver.toScore(c));
    }
}
