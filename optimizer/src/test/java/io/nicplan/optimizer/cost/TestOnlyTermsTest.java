package io.nicplan.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.baseline.OptimalityTest;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.plan.ConstraintExplanation;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.solver.PlacementSolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Adding a cost term is one class plus its registration: {@link OddQueues}, defined here and registered only for this
 * test through {@link Terms#with}, is read from a cost specification, charged alike by the constraint streams and the
 * incremental state, and minimised by OptaPlanner, greedy and exhaustive search without a line of the optimizer
 * knowing it.
 */
class TestOnlyTermsTest {

    /** Packets per second that land on an even-numbered queue (a made-up preference for odd queues). */
    static final class OddQueues implements LinearTerm {
        @Override
        public String jsonName() {
            return "oddQueues";
        }

        @Override
        public String unit() {
            return "pps on even queues";
        }

        @Override
        public long value(CostModel model, int i, Placement p) {
            long onEven = model.lands(p).stream().filter(q -> q % 2 == 0).count();
            long landed = Math.max(1, model.lands(p).size());
            return Term.SCALE * model.flow(i).pps() * onEven / landed;
        }
    }

    private static final OddQueues ODD = new OddQueues();
    private static final Terms TERMS = Terms.standard().with(ODD);
    private static final NicModel NIC = NicModels.builtin("intel-82599", 4);
    private static final Workload WORKLOAD = Workloads.generate(6, 5, 0.0, 0.5, Workloads.Rates.UNEQUAL);

    @Test
    void aRegisteredTermIsReadFromACostSpecificationByItsName() {
        CostSpec spec = CostSpecReader.read("{\"terms\": {\"oddQueues\": 3, \"balance\": 1}}", TERMS);
        assertThat(spec.weight(ODD)).isEqualTo(3);
        assertThat(spec.weights().keySet()).containsExactly(Term.BALANCE, ODD);
        assertThat(CostSpecReader.toJson(spec).get("terms").has("oddQueues")).isTrue();
    }

    @Test
    void theConstraintStreamsChargeTheTermAsTheIncrementalStateDoes() {
        CostSpec spec = CostSpecReader.read("{\"terms\": {\"oddQueues\": 2, \"balanceByRate\": 1}}", TERMS);
        CostModel model = CostModel.compile(NIC, WORKLOAD, spec, OptimalityTest.CYCLES);
        SplittableRandom rnd = new SplittableRandom(3);
        int charged = 0;
        for (int round = 0; round < 30; round++) {
            List<Placement> ps = new ArrayList<>();
            for (int i = 0; i < model.flowCount(); i++) {
                ps.add(model.options(i).get(rnd.nextInt(model.options(i).size())));
            }
            CostState state = CostState.of(model, ps);
            charged += state.term(ODD) > 0 ? 1 : 0;
            assertThat(PlacementSolver.score(model, ps)).as("round %d", round).isEqualTo(state.cost());
        }
        assertThat(charged).isPositive();
    }

    @Test
    void optaplannerGreedyAndExhaustiveAllMinimiseTheTerm() {
        CostSpec spec = CostSpecReader.read("{\"terms\": {\"oddQueues\": 1}}", TERMS);
        Planner.Request base = new Planner.Request(NIC, WORKLOAD, spec, OptimalityTest.CYCLES, Strategy.DEFAULT, Duration.ofSeconds(2), true);
        Plan unplanned = Planner.plan(base);
        assertThat(unplanned.terms().get("oddQueues").value()).as("RSS alone lands flows on even queues").isPositive();
        for (Strategy s : List.of(Strategy.GREEDY, Strategy.EXHAUSTIVE, Strategy.OPTAPLANNER)) {
            Plan plan = Planner.plan(base.withStrategy(s));
            assertThat(plan.feasible()).as(s.name()).isTrue();
            assertThat(plan.terms().get("oddQueues").value()).as(s.name()).isZero();
            assertThat(plan.placements()).as(s.name()).allSatisfy(p -> assertThat(p.queue() % 2).isEqualTo(1));
        }
        assertThat(unplanned.explanation()).extracting(ConstraintExplanation::constraint).contains("oddQueues");
    }
}
