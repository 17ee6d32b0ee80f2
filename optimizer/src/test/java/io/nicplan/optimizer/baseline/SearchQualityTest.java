package io.nicplan.optimizer.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.solver.PlacementSolver;
import io.nicplan.optimizer.solver.SolveOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Must show: OptaPlanner's search is within 1 % of the exhaustive optimum on every small instance, whatever its
 * shape ({@link SmallShapes}), with a fixed number of rounds (not time), so the result is the same on any machine.
 */
class SearchQualityTest {
    /** Descent rounds (and late-acceptance steps) per search: the test's budget, independent of the machine. */
    static final int ROUNDS = 60;
    /** Instances whose reduced search space is larger are left out: exhaustive search of them takes seconds. */
    static final long SMALL_ENOUGH = 200_000_000L;

    @Test
    void optaplannerIsWithinOnePercentOfTheOptimumOnTwoHundredSeededInstancesOfManyShapes() {
        List<String> misses = new ArrayList<>();
        int compared = 0;
        for (long seed = 1; compared < 200; seed++) {
            SmallShapes.Instance instance = SmallShapes.of(seed);
            if (SearchSpace.reduced(instance.model()).canonicalPlans(SMALL_ENOUGH) >= SMALL_ENOUGH) {
                continue;
            }
            missOf(instance).ifPresent(misses::add);
            compared++;
        }
        assertThat(misses).as("instances where the search is more than 1 %% above the optimum").isEmpty();
    }

    /**
     * The instances the earlier search (late acceptance from greedy's plan) missed by more than 1 %: a balanceByRate
     * plan that parks the dominant flow alone on the default queue (1.05x), scarce filters (1.07x), a per-queue pps cap
     * that does not bind at the optimum (3.6x), sameCore with scarce filters (left infeasible), priority by rate with
     * wildcard flows (1.04x).
     */
    @ParameterizedTest
    @ValueSource(longs = {3, 21, 53, 57, 96})
    void theSearchFindsTheOptimumOfAnInstanceTheEarlierSearchMissed(long seed) {
        assertThat(missOf(SmallShapes.of(seed))).isEmpty();
    }

    /** Why the search's plan is more than 1 % above the optimum, if it is. */
    static Optional<String> missOf(SmallShapes.Instance instance) {
        CostModel model = instance.model();
        List<Placement> greedy = GreedyPlanner.plan(model);
        Cost optimum = CostState.of(model, ExhaustivePlanner.plan(model, greedy)).cost();
        SolveOptions options = new SolveOptions(Duration.ofMinutes(1), Duration.ofMinutes(1), Optional.empty(), instance.seed())
                .withStepLimit(ROUNDS);
        Cost found = CostState.of(model, PlacementSolver.solve(model, greedy, options).placements()).cost();
        if (found.hard() == optimum.hard() && found.soft() <= optimum.soft() + optimum.soft() / 100) {
            return Optional.empty();
        }
        return Optional.of(instance + ": optimum " + optimum + ", found " + found);
    }
}
