package io.nicplan.optimizer.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.bench.SearchBench;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.CostState;
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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Must show: dropping dominated candidates and trying interchangeable queues once never changes the optimum. */
public class SearchSpaceTest {

    @Test
    void reducedSearchFindsThePlainOptimumOnTheSixtyOptimalityInstances() {
        int merged = 0;
        for (long seed = 1; seed <= 30; seed++) {
            for (String spec : List.of("{\"terms\": {\"balance\": 1}}",
                    "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}}}")) {
                NicModel nic = OptimalityTest.smallNic(4 + (int) (seed % 2), 2 + (int) (seed % 3), 2);
                Workload w = Workloads.generate(5 + (int) (seed % 4), seed, 0.35, 0.5, Workloads.Rates.UNEQUAL);
                CostModel model = CostModel.compile(nic, w, CostSpecReader.read(spec), OptimalityTest.CYCLES);
                merged += assertSameOptimum(model, "seed " + seed + " " + spec);
            }
        }
        // the reductions must have had something to do, or this test shows nothing
        assertThat(merged).isGreaterThan(10);
    }

    /**
     * Queues told apart by cores (crossCore, sameCore), by an installed plan (churn), by a reserved queue and
     * by binding tables, with wildcard flows that overlap exact ones and spread by RSS.
     */
    @Test
    void reducedSearchFindsThePlainOptimumOnTwentyAsymmetricInstances() {
        List<String> specs = List.of(
                "{\"terms\": {\"balance\": 100, \"crossCore\": 1, \"churn\": 500}}",
                "{\"terms\": {\"balanceByRate\": 1, \"softwareCycles\": 10, \"churn\": 10000}, \"rules\": {\"reservedQueues\": [1]}}",
                "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}, \"crossCore\": 1}, \"rules\": {\"sameCore\": true}}",
                "{\"terms\": {\"balance\": 1, \"fastPath\": 1, \"churn\": 1}, \"rules\": {\"maxFlowsPerQueue\": 2}}");
        int merged = 0;
        int dropped = 0;
        for (long seed = 1; seed <= 20; seed++) {
            String spec = specs.get((int) (seed % specs.size()));
            NicModel nic = seed % 3 == 0 ? NicModels.builtin("flexnic", 5)
                    : OptimalityTest.smallNic(5 + (int) (seed % 2), 1 + (int) (seed % 3), 2);
            Workload w = asymmetric(Workloads.generate(5 + (int) (seed % 3), seed, 0.3, 0.5, Workloads.Rates.UNEQUAL),
                    seed % 4 == 0, nic.queues());
            CostModel blank = CostModel.compile(nic, w, CostSpecReader.read(spec), OptimalityTest.CYCLES);
            CostModel model = CostModel.compile(nic, w, CostSpecReader.read(spec), OptimalityTest.CYCLES,
                    installed(blank, seed), CostModel.RssPolicy.PLANNED);
            merged += assertSameOptimum(model, "seed " + seed + " " + spec);
            SearchSpace reduced = SearchSpace.reduced(model);
            dropped += SearchSpace.plain(model).candidateCount() - reduced.candidateCount();
        }
        assertThat(merged).isGreaterThan(5);
        assertThat(dropped).isGreaterThan(20);
    }

    /** Returns how many queues the reduced space's classes merged (queues minus classes). */
    private static int assertSameOptimum(CostModel model, String what) {
        List<Placement> greedy = GreedyPlanner.plan(model);
        Cost plain = CostState.of(model, ExhaustivePlanner.search(model, greedy, SearchSpace.plain(model)).plan()).cost();
        SearchSpace space = SearchSpace.reduced(model);
        List<Placement> found = ExhaustivePlanner.search(model, greedy, space).plan();
        assertThat(CostState.of(model, found).cost()).as(what + ", classes " + space).isEqualTo(plain);
        // and not merely as good as the greedy start: the plain optimum can beat it
        assertThat(plain.compareTo(CostState.of(model, greedy).cost())).as(what).isLessThanOrEqualTo(0);
        return model.queues() - space.classCount();
    }

    /** Applications with cores, only the first three queues with a known core, and optionally overlapping wildcards. */
    private static Workload asymmetric(Workload w, boolean wildcards, int queues) {
        List<Flow> flows = new ArrayList<>();
        for (Flow f : w.flows()) {
            flows.add(new Flow(f.id(), f.match(), f.trafficClass(), f.pps(), f.bytesPerPacket(),
                    Optional.of(flows.size() % 2 == 0 ? "kv" : "web")));
        }
        if (wildcards) {
            flows.add(new Flow("all-web", new FlowMatch(Optional.of(Proto.TCP), OptionalLong.empty(), OptionalLong.of(Workloads.SERVER),
                    OptionalInt.empty(), OptionalInt.of(80)), TrafficClass.BESTEFFORT, 5_000, 64, Optional.of("web")));
        }
        Map<Integer, Integer> queueCores = new HashMap<>();
        for (int q = 0; q < Math.min(3, queues); q++) {
            queueCores.put(q, q % 2);
        }
        return new Workload(flows, Map.of("kv", Set.of(0), "web", Set.of(1)), queueCores);
    }

    /** An installed plan: about half the flows on a seeded candidate of theirs. */
    private static Map<String, Placement> installed(CostModel model, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 31);
        Map<String, Placement> current = new HashMap<>();
        for (int i = 0; i < model.flowCount(); i++) {
            if (rnd.nextBoolean()) {
                List<Placement> opts = model.options(i);
                current.put(model.flow(i).id(), opts.get(rnd.nextInt(opts.size())));
            }
        }
        return current;
    }

    /** Rates large enough that spread values are rounded (unit above 1): the bound must stay below them. */
    @Test
    void roundedSpreadValuesKeepTheSearchExactAgainstEnumeration() {
        for (long seed = 1; seed <= 8; seed++) {
            List<Flow> flows = new ArrayList<>();
            for (Flow f : Workloads.generate(5, seed, 0.2, 0.5, Workloads.Rates.UNEQUAL).flows()) {
                flows.add(new Flow(f.id(), f.match(), f.trafficClass(), f.pps() * 200, f.bytesPerPacket(), f.application()));
            }
            CostModel model = CostModel.compile(OptimalityTest.smallNic(4, 2, 2), Workload.of(flows),
                    CostSpecReader.read(seed % 2 == 0 ? "{\"terms\": {\"balanceByRate\": 1}}"
                            : "{\"terms\": {\"priority\": {\"weight\": 1, \"byRate\": true}, \"softwareCycles\": 1000}}"),
                    OptimalityTest.CYCLES);
            assertThat(model.scopes().stream().mapToLong(s -> s.unit()).max().orElse(1)).as("seed %d", seed).isGreaterThan(1);
            Cost found = CostState.of(model, ExhaustivePlanner.plan(model, GreedyPlanner.plan(model))).cost();
            assertThat(found).as("seed %d", seed).isEqualTo(enumerated(model));
        }
    }

    /** Flow counts (balance, Dragonet's priority): the bound fills deficits with whole flows. */
    @Test
    void wholeFlowBoundKeepsTheSearchExactAgainstEnumeration() {
        List<String> specs = List.of("{\"terms\": {\"balance\": 1}}",
                "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 1}, \"churn\": 1}}",
                "{\"terms\": {\"balance\": {\"weight\": 1, \"includeDefaultQueue\": true}, \"softwareCycles\": 1}}");
        for (long seed = 1; seed <= 9; seed++) {
            CostModel model = CostModel.compile(OptimalityTest.smallNic(3 + (int) (seed % 3), 2, 1 + (int) (seed % 2)),
                    Workloads.generate(5, seed, 0.3, 0.5, Workloads.Rates.UNEQUAL), CostSpecReader.read(specs.get((int) (seed % 3))),
                    OptimalityTest.CYCLES);
            Cost found = CostState.of(model, ExhaustivePlanner.plan(model, GreedyPlanner.plan(model))).cost();
            assertThat(found).as("seed %d", seed).isEqualTo(enumerated(model));
        }
    }

    @Test
    void wholeFlowFillMatchesTheBenchOptima() {
        // 100 flows over 9 balanced queues: 11 each and one elsewhere, (9 * 11 - 100)^2 on each queue
        assertThat(ExhaustivePlanner.integerFill(java.util.Collections.nCopies(9, 100L), 100, 9)).isEqualTo(9);
        // 100 flows over 15: ten queues with 7 ((105 - 100)^2) and five with 6 ((90 - 100)^2)
        assertThat(ExhaustivePlanner.integerFill(java.util.Collections.nCopies(15, 100L), 100, 15)).isEqualTo(750);
        // no flows left: the deficits stay
        assertThat(ExhaustivePlanner.integerFill(List.of(3L, 4L), 0, 5)).isEqualTo(25);
    }

    /** The least cost over every assignment of candidates, by plain enumeration. */
    private static Cost enumerated(CostModel model) {
        CostState state = new CostState(model);
        Cost[] best = {null};
        enumerate(model, state, 0, best);
        return best[0];
    }

    private static void enumerate(CostModel model, CostState state, int i, Cost[] best) {
        if (i == model.flowCount()) {
            Cost c = state.cost();
            if (best[0] == null || c.betterThan(best[0])) {
                best[0] = c;
            }
            return;
        }
        for (Placement p : model.options(i)) {
            state.place(i, p);
            enumerate(model, state, i + 1, best);
        }
        state.place(i, null);
    }

    /** The size check counts exactly the plans the search may visit: one per way of relabelling interchangeable queues. */
    @Test
    void canonicalPlansCountsThePlansTheCanonicalRuleAdmits() {
        for (long seed = 1; seed <= 6; seed++) {
            Workload w = Workloads.generate(6, seed, 0.3, 0.5, Workloads.Rates.UNEQUAL);
            String spec = seed % 2 == 0 ? "{\"terms\": {\"balance\": 1}}" : "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 1}}}";
            CostModel model = CostModel.compile(NicModels.builtin("intel-82599", 8), w, CostSpecReader.read(spec), OptimalityTest.CYCLES);
            SearchSpace space = SearchSpace.reduced(model);
            assertThat(space.canonicalPlans(ExhaustivePlanner.MAX_ASSIGNMENTS)).as("seed %d", seed)
                    .isEqualTo(canonical(space, model.flowCount(), 0, new int[model.queues()]));
        }
    }

    private static long canonical(SearchSpace space, int flows, int i, int[] used) {
        if (i == flows) {
            return 1;
        }
        long n = 0;
        for (Placement p : space.options(i)) {
            if (!p.isSpread()) {
                int q = p.queue();
                int firstUnused = -1;
                for (int other : space.queuesOf(space.classOf(q))) {
                    if (used[other] == 0) {
                        firstUnused = other;
                        break;
                    }
                }
                if (used[q] == 0 && q != firstUnused) {
                    continue;
                }
                used[q]++;
                n += canonical(space, flows, i + 1, used);
                used[q]--;
            } else {
                n += canonical(space, flows, i + 1, used);
            }
        }
        return n;
    }

    @Test
    void aFreeTableLetsOneMechanismStandForTheOtherButBindingTablesKeepBoth() {
        Workload w = Workloads.generate(3, 5, 0, 0.5, Workloads.Rates.EQUAL);
        // 3 flows, one 5-tuple filter, eight flow-director filters: only the 5-tuple table can overflow
        CostModel roomy = CostModel.compile(OptimalityTest.smallNic(4, 1, 8), w, CostSpecReader.read("{\"terms\": {\"balance\": 1}}"),
                OptimalityTest.CYCLES);
        for (int i = 0; i < 3; i++) {
            assertThat(SearchSpace.reduced(roomy).options(i)).extracting(Placement::mechanism).doesNotContain(Mechanism.FIVETUPLE);
        }
        // both tables too small for all three flows: a 5-tuple and a flow-director entry on one queue are not interchangeable
        CostModel tight = CostModel.compile(OptimalityTest.smallNic(4, 1, 1), w, CostSpecReader.read("{\"terms\": {\"balance\": 1}}"),
                OptimalityTest.CYCLES);
        for (int i = 0; i < 3; i++) {
            assertThat(SearchSpace.reduced(tight).options(i)).extracting(Placement::mechanism)
                    .contains(Mechanism.FIVETUPLE, Mechanism.FDIR);
        }
        assertThat(CostState.of(tight, ExhaustivePlanner.plan(tight, GreedyPlanner.plan(tight))).cost())
                .isEqualTo(CostState.of(tight, ExhaustivePlanner.search(tight, GreedyPlanner.plan(tight), SearchSpace.plain(tight)).plan()).cost());
    }

    @Test
    void tenFlowBenchInstancesOnSixteenQueuesAreSolvedExactly() {
        NicModel nic = NicModels.builtin("intel-82599", 16);
        Workload w = Workloads.generate(10, 52, 0.1, 0.5, Workloads.Rates.UNEQUAL);
        for (String cost : List.of("balance", "priority", "balanceByRate")) {
            CostModel model = CostModel.compile(nic, w, SearchBench.spec(cost, w), EmbeddedCycles.NOMINAL);
            BigInteger plain = BigInteger.ONE;
            for (int i = 0; i < model.flowCount(); i++) {
                plain = plain.multiply(BigInteger.valueOf(model.options(i).size()));
            }
            assertThat(plain).as(cost).isGreaterThan(BigInteger.valueOf(ExhaustivePlanner.MAX_ASSIGNMENTS));
            assertThat(ExhaustivePlanner.refusal(model)).as(cost).isEmpty();
            List<Placement> greedy = GreedyPlanner.plan(model);
            Cost best = CostState.of(model, ExhaustivePlanner.plan(model, greedy)).cost();
            assertThat(best.compareTo(CostState.of(model, greedy).cost())).as(cost).isLessThanOrEqualTo(0);
            // 10 flows on 15 balanced queues (mean 2/3): each flow alone on a queue, 5 empty:
            // 10 * (1/3)^2 / (2/3) + 5 * (2/3)^2 / (2/3) = 5 flows (D = 10 * (15 - 10)^2 + 5 * 10^2 = 750 over 15 * 10)
            if (cost.equals("balance")) {
                assertThat(best).isEqualTo(new Cost(0, 5_000));
            }
        }
    }

    @Test
    void tenFlowsOnTenQueuesByRateHaveAnOptimumBelowGreedy() {
        NicModel nic = NicModels.builtin("intel-82599", 10);
        Workload w = Workloads.generate(10, 52, 0.1, 0.5, Workloads.Rates.UNEQUAL);
        CostModel model = CostModel.compile(nic, w, SearchBench.spec("balanceByRate", w), EmbeddedCycles.NOMINAL);
        List<Placement> greedy = GreedyPlanner.plan(model);
        assertThat(CostState.of(model, ExhaustivePlanner.plan(model, greedy)).cost())
                .isLessThan(CostState.of(model, greedy).cost());
    }

    @Test
    void refusalSaysTheReducedSpaceIsStillTooLargeAndTheBoundDoesNotCloseTheGap() {
        Workload w = Workloads.generate(100, 142, 0.1, 0.5, Workloads.Rates.UNEQUAL);
        CostModel model = CostModel.compile(NicModels.builtin("intel-82599", 16), w, SearchBench.spec("balanceByRate", w), EmbeddedCycles.NOMINAL);
        assertThat(ExhaustivePlanner.refusal(model)).get().asString()
                .contains("100 flows have more than 20000000000 assignments")
                .contains("16 queues in 2 classes of interchangeable queues")
                .contains("does not reach the greedy plan's cost");
    }

    /** Far too many plans to search, but whole flows cannot spread more evenly than greedy's plan does. */
    @Test
    void theBoundProvesGreedyOptimalOnLargeBalanceInstances() {
        for (int flows : List.of(100, 1_000)) {
            Workload w = Workloads.generate(flows, 42 + flows, 0.1, 0.5, Workloads.Rates.UNEQUAL);
            CostModel model = CostModel.compile(NicModels.builtin("intel-82599", 16), w, SearchBench.spec("balance", w), EmbeddedCycles.NOMINAL);
            assertThat(SearchSpace.reduced(model).canonicalPlans(ExhaustivePlanner.MAX_ASSIGNMENTS)).isGreaterThan(ExhaustivePlanner.MAX_ASSIGNMENTS);
            assertThat(ExhaustivePlanner.refusal(model)).as("%d flows", flows).isEmpty();
            // both leave D = 10 * 5^2 + 5 * 10^2 = 750 over the 15 balanced queues (100 = 6 * 15 + 10, 1000 = 66 * 15 + 10),
            // divided by 15 * T: 0.5 and 0.05 flows
            assertThat(CostState.of(model, ExhaustivePlanner.plan(model, List.of())).cost()).as("%d flows", flows)
                    .isEqualTo(new Cost(0, 750 * Term.SCALE / (15L * flows)));
        }
    }
}
