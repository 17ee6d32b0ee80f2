package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.baseline.OptimalityTest;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.Overlap;
import io.nicplan.optimizer.cost.Pool;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.solver.FlowAssignment;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.solver.PlacementSolution;
import io.nicplan.optimizer.solver.PoolFact;
import io.nicplan.optimizer.domain.Proto;
import io.nicplan.optimizer.solver.QueueFact;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.optaplanner.test.api.score.stream.ConstraintVerifier;

/**
 * One ConstraintVerifier test per constraint. optaplanner-test 10.1.0's verifier runs here on the
 * 10.2.0 engine (optaplanner-core-impl 10.2.0 is the only engine on the test class path).
 */
class PlacementConstraintsTest {
    private final ConstraintVerifier<PlacementConstraints, PlacementSolution> verifier =
            ConstraintVerifier.build(new PlacementConstraints(), PlacementSolution.class, FlowAssignment.class);

    private static Flow flow(String id, int client, TrafficClass c, long pps, String app) {
        return new Flow(id, FlowMatch.exact(Proto.UDP, 0x0A010000L + client, 0x0A000001L, 5000 + client, 11211), c, pps, 64,
                Optional.ofNullable(app));
    }

    private static CostModel model(NicModel nic, List<Flow> flows, String spec) {
        return CostModel.compile(nic, new Workload(flows, Map.of("kv", Set.of(0)), Map.of(0, 0, 1, 1, 2, 2, 3, 3)),
                CostSpecReader.read(spec), OptimalityTest.CYCLES);
    }

    private static List<FlowAssignment> assign(CostModel m, Placement... ps) {
        List<FlowAssignment> out = new ArrayList<>();
        for (int i = 0; i < ps.length; i++) {
            out.add(new FlowAssignment(i, m, ps[i]));
        }
        return out;
    }

    private static Object[] facts(CostModel m, List<FlowAssignment> as) {
        List<Object> out = new ArrayList<>(as);
        for (int q = 0; q < m.queues(); q++) {
            out.add(new QueueFact(q, m));
        }
        out.addAll(m.scopes());
        for (Pool p : Pool.values()) {
            out.add(new PoolFact(p, m.capacity(p)));
        }
        out.addAll(m.overlaps());
        out.add(Weights.of(m));
        return out.toArray();
    }

    private static Placement ft(int q) {
        return new Placement(Mechanism.FIVETUPLE, q, false);
    }

    private static final String BALANCE = "{\"terms\": {\"balance\": 1}}";

    @Test
    void fdirForAWildcardFlowIsUnavailable() {
        Flow wild = new Flow("w", new FlowMatch(Optional.of(Proto.TCP), OptionalLong.empty(), OptionalLong.of(1), OptionalInt.empty(),
                OptionalInt.of(80)), TrafficClass.BESTEFFORT, 10, 64, Optional.empty());
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(wild), BALANCE);
        var as = assign(m, new Placement(Mechanism.FDIR, 1, false));
        verifier.verifyThat(PlacementConstraints::mechanismUnavailable).given(facts(m, as)).penalizesBy(1);
    }

    @Test
    void moreFiltersThanSlotsOverflowTheTable() {
        CostModel m = model(OptimalityTest.smallNic(4, 1, 1), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 10, null),
                flow("b", 2, TrafficClass.BESTEFFORT, 10, null), flow("c", 3, TrafficClass.BESTEFFORT, 10, null)), BALANCE);
        var as = assign(m, ft(1), ft(2), ft(3));
        verifier.verifyThat(PlacementConstraints::capacity).given(facts(m, as)).penalizesBy(2);
    }

    @Test
    void bestEffortFlowOnAGoldQueueBreaksExclusivity() {
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("g", 1, TrafficClass.GOLD, 10, null),
                flow("b", 2, TrafficClass.BESTEFFORT, 10, null)), "{\"terms\": {\"priority\": 1}}");
        // one gold flow: gold queue is 3, the highest non-default queue
        var as = assign(m, ft(3), ft(3));
        verifier.verifyThat(PlacementConstraints::classQueues).given(facts(m, as)).penalizesBy(1);
    }

    @Test
    void goldQueueOverItsShareIsFull() {
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("g1", 1, TrafficClass.GOLD, 10, null),
                flow("g2", 2, TrafficClass.GOLD, 10, null), flow("g3", 3, TrafficClass.GOLD, 10, null)), "{\"terms\": {\"priority\": 1}}");
        var as = assign(m, ft(3), ft(3), ft(2));
        verifier.verifyThat(PlacementConstraints::goldQueueFull).given(facts(m, as)).penalizesBy(1);
    }

    @Test
    void flowOnACoreWithoutItsApplicationBreaksSameCore() {
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 10, "kv")),
                "{\"terms\": {\"balance\": 1}, \"rules\": {\"sameCore\": true}}");
        verifier.verifyThat(PlacementConstraints::sameCore).given(facts(m, assign(m, ft(2)))).penalizesBy(1);
        verifier.verifyThat(PlacementConstraints::sameCore).given(facts(m, assign(m, ft(0)))).penalizesBy(0);
    }

    @Test
    void flowOnAReservedQueueIsPenalised() {
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 10, null)),
                "{\"terms\": {\"balance\": 1}, \"rules\": {\"reservedQueues\": [2]}}");
        verifier.verifyThat(PlacementConstraints::reservedQueue).given(facts(m, assign(m, ft(2)))).penalizesBy(1);
    }

    @Test
    void queueOverMaxFlowsIsPenalisedByTheExcess() {
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 10, null),
                flow("b", 2, TrafficClass.BESTEFFORT, 10, null), flow("c", 3, TrafficClass.BESTEFFORT, 10, null)),
                "{\"terms\": {\"balance\": 1}, \"rules\": {\"maxFlowsPerQueue\": 1}}");
        verifier.verifyThat(PlacementConstraints::maxFlowsPerQueue).given(facts(m, assign(m, ft(1), ft(1), ft(1)))).penalizesBy(2);
    }

    @Test
    void queueOverMaxPpsIsPenalisedByPercentOver() {
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 150, null)),
                "{\"terms\": {\"balance\": 1}, \"rules\": {\"maxPpsPerQueue\": 100}}");
        verifier.verifyThat(PlacementConstraints::maxPpsPerQueue).given(facts(m, assign(m, ft(1)))).penalizesBy(50);
    }

    @Test
    void specificFlowBehindAWildcardFilterOnAnotherQueueIsAnOverlap() {
        Flow wild = new Flow("web", new FlowMatch(Optional.of(Proto.UDP), OptionalLong.empty(), OptionalLong.of(0x0A000001L),
                OptionalInt.empty(), OptionalInt.of(11211)), TrafficClass.BESTEFFORT, 10, 64, Optional.empty());
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(wild, flow("a", 1, TrafficClass.BESTEFFORT, 10, null)), BALANCE);
        // fdir comes after the 5-tuple chain: the wildcard filter takes a's packets to queue 1
        var bad = assign(m, ft(1), new Placement(Mechanism.FDIR, 2, false));
        verifier.verifyThat(PlacementConstraints::overlap).given(facts(m, bad)).penalizesBy(1);
        // a more specific 5-tuple filter is matched first
        var good = assign(m, ft(1), ft(2));
        verifier.verifyThat(PlacementConstraints::overlap).given(facts(m, good)).penalizesBy(0);
        assertRelation(m.overlaps(), Overlap.Relation.SECOND_WITHIN_FIRST);
    }

    private static void assertRelation(List<Overlap> overlaps, Overlap.Relation r) {
        org.assertj.core.api.Assertions.assertThat(overlaps).extracting(Overlap::relation).containsExactly(r);
    }

    @Test
    void balanceChargesTheSquaredDeviationsOverTheMeanInThousandthsOfFlows() {
        // 3 flows over balanced queues 1..3 (mean 1): loads 2,1,0 -> (2-1)^2/1 + 0 + (0-1)^2/1 = 2 flows
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 10, null),
                flow("b", 2, TrafficClass.BESTEFFORT, 10, null), flow("c", 3, TrafficClass.BESTEFFORT, 10, null)), BALANCE);
        var as = assign(m, ft(1), ft(1), ft(2));
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(m, as)).penalizesBy(2000);
        verifier.verifyThat(PlacementConstraints::idleScopes).given(facts(m, as)).penalizesBy(0);
        // all on the unbalanced default queue: each balanced queue is idle, 3 * 1^2/1 = 3 flows
        var parked = assign(m, ft(0), ft(0), ft(0));
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(m, parked)).penalizesBy(0);
        verifier.verifyThat(PlacementConstraints::idleScopes).given(facts(m, parked)).penalizesBy(3000);
    }

    @Test
    void balanceIsInFlowsAndCountsFlowsParkedOffTheBalancedQueues() {
        // 2 flows over queues 1..3 (mean 2/3): loads 2,0,0 -> D = (6-2)^2 + 2 * 2^2 = 24 over |B| * T = 6: 4 flows;
        // loads 1,1,0 -> D = 1 + 1 + 4 = 6: exactly 1 flow; 1000 * 24 / 6 and 1000 * 6 / 6 are whole
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 10, null),
                flow("b", 2, TrafficClass.BESTEFFORT, 10, null)), BALANCE);
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(m, assign(m, ft(1), ft(1)))).penalizesBy(4000);
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(m, assign(m, ft(1), ft(2)))).penalizesBy(1000);
        // 3 flows with queues 1..3 and 1 parked on queue 0 -> loads 1,1,0 with T = 3: D = 0 + 0 + 9 = 9 over 9: 1000;
        // 2 of 3 on queue 1, 1 on 0: D = 9 + 9 + 9 = 27 over 9 = 3000
        CostModel three = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 10, null),
                flow("b", 2, TrafficClass.BESTEFFORT, 10, null), flow("c", 3, TrafficClass.BESTEFFORT, 10, null)), BALANCE);
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(three, assign(three, ft(1), ft(2), ft(0)))).penalizesBy(1000);
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(three, assign(three, ft(1), ft(1), ft(0)))).penalizesBy(3000);
    }

    @Test
    void balanceByRateWeighsQueuesByPacketRate() {
        // rates 30 and 11 both on queue 1 of B = {1,2,3}, mean 41/3 pps: (41 - 41/3)^2/(41/3) + 2 * 41/3 = 82 pps
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 30, null),
                flow("b", 2, TrafficClass.BESTEFFORT, 11, null)), "{\"terms\": {\"balanceByRate\": 1}}");
        var as = assign(m, ft(1), ft(1));
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(m, as)).penalizesBy(82_000);
        verifier.verifyThat(PlacementConstraints::idleScopes).given(facts(m, as)).penalizesBy(0);
        // 30 on 1, 11 on 2: D = (90-41)^2 + (33-41)^2 + 41^2 = 4146 over 3 * 41: 33.7073.. pps, 33,707 thousandths
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(m, assign(m, ft(1), ft(2)))).penalizesBy(33_707);
    }

    @Test
    void priorityBalancesEachClassWithinItsQueues() {
        // gold queue 3 (one gold flow, no deviation); best-effort over 1..2 (mean 1/2): b on 1 -> 2 * (1/2)^2 / (1/2) = 1 flow
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("g", 1, TrafficClass.GOLD, 10, null),
                flow("b", 2, TrafficClass.BESTEFFORT, 10, null)), "{\"terms\": {\"priority\": 1}}");
        var as = assign(m, ft(3), ft(1));
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(m, as)).penalizesBy(1000);
        verifier.verifyThat(PlacementConstraints::idleScopes).given(facts(m, as)).penalizesBy(0);
    }

    @Test
    void staticSplitBalancesEachClassWithinItsFixedQueues() {
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("g", 1, TrafficClass.GOLD, 10, null),
                flow("b", 2, TrafficClass.BESTEFFORT, 10, null)), "{\"terms\": {\"static\": {\"gold\": [1, 2], \"besteffort\": [3]}}}");
        // gold over {1,2} (mean 1/2): g on 1 -> 1 flow; best-effort over {3}: no deviation
        var as = assign(m, ft(1), ft(3));
        verifier.verifyThat(PlacementConstraints::spreadTerms).given(facts(m, as)).penalizesBy(1000);
        verifier.verifyThat(PlacementConstraints::idleScopes).given(facts(m, as)).penalizesBy(0);
    }

    @Test
    void softwareCyclesAreRateTimesCyclesInThousandthsOfKilocycles() {
        // UDP with an exact filter: 300 + 150 cycles, 2000 pps -> 900 kcycles/s, 900,000 thousandths
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 2000, null)), "{\"terms\": {\"softwareCycles\": 1}}");
        verifier.verifyThat(PlacementConstraints::linearTerms).given(facts(m, assign(m, ft(1)))).penalizesBy(900_000);
    }

    @Test
    void crossCoreChargesTheRateOfFlowsOffTheirApplicationsCores() {
        CostModel m = model(NicModels.builtin("intel-82599", 4), List.of(flow("a", 1, TrafficClass.BESTEFFORT, 700, "kv")), "{\"terms\": {\"crossCore\": 1}}");
        verifier.verifyThat(PlacementConstraints::linearTerms).given(facts(m, assign(m, ft(1)))).penalizesBy(700_000);
        verifier.verifyThat(PlacementConstraints::linearTerms).given(facts(m, assign(m, ft(0)))).penalizesBy(0);
    }

    @Test
    void fastPathChargesExactTcpFlowsLeftInSoftware() {
        Flow tcp = new Flow("t", FlowMatch.exact(Proto.TCP, 1, 2, 3, 80), TrafficClass.BESTEFFORT, 500, 64, Optional.empty());
        CostModel m = model(NicModels.builtin("flexnic", 4), List.of(tcp), "{\"terms\": {\"fastPath\": 1}}");
        verifier.verifyThat(PlacementConstraints::linearTerms).given(facts(m, assign(m, new Placement(Mechanism.MATCH_ACTION, 1, false))))
                .penalizesBy(500_000);
        verifier.verifyThat(PlacementConstraints::linearTerms).given(facts(m, assign(m, new Placement(Mechanism.MATCH_ACTION, 1, true))))
                .penalizesBy(0);
    }

    @Test
    void churnCountsEntriesWrittenAgainstTheInstalledPlan() {
        NicModel nic = NicModels.builtin("intel-82599", 4);
        List<Flow> flows = List.of(flow("a", 1, TrafficClass.BESTEFFORT, 10, null), flow("b", 2, TrafficClass.BESTEFFORT, 10, null));
        CostModel m = CostModel.compile(nic, Workload.of(flows), CostSpecReader.read("{\"terms\": {\"churn\": 1}}"), OptimalityTest.CYCLES,
                Map.of("a", ft(1), "b", ft(2)), CostModel.RssPolicy.PLANNED);
        // a moves to queue 3, b stays
        verifier.verifyThat(PlacementConstraints::linearTerms).given(facts(m, assign(m, ft(3), ft(2)))).penalizesBy(1000);
    }
}
