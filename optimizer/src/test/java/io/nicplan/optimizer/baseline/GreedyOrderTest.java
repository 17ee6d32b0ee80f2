package io.nicplan.optimizer.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.solver.PlacementSolver;
import io.nicplan.optimizer.solver.SolveOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Must show: seeded inputs where greedy's flow order costs it, and OptaPlanner finds the better plan. */
class GreedyOrderTest {

    @Test
    void optaplannerBeatsGreedyWhereFlowOrderMisleadsIt() {
        int beaten = 0;
        for (long seed = 1; seed <= 12; seed++) {
            Workload w = Workloads.generate(7, seed, 0.0, 0.5, Workloads.Rates.UNEQUAL);
            CostModel model = CostModel.compile(OptimalityTest.smallNic(4, 2, 2), w,
                    CostSpecReader.read("{\"terms\": {\"balanceByRate\": 1}}"), OptimalityTest.CYCLES);
            List<Placement> greedy = GreedyPlanner.plan(model);
            Cost greedyCost = CostState.of(model, greedy).cost();
            Cost optimum = CostState.of(model, ExhaustivePlanner.plan(model, greedy)).cost();
            if (!optimum.betterThan(greedyCost)) {
                continue;
            }
            List<Placement> heavy = GreedyPlanner.plan(model, GreedyPlanner.heavyFirst(model));
            System.out.println("heavy " + CostState.of(model, heavy).cost());
            PlacementSolver.Result ota = PlacementSolver.solve(model, greedy,
                    new SolveOptions(Duration.ofSeconds(2), Duration.ofMillis(300), Optional.of(optimum), seed));
            System.out.println("seed " + seed + " greedy " + greedyCost + " optimum " + optimum + " ota " + ota.cost());
            System.out.println("  greedy " + greedy + "\n  opt " + ExhaustivePlanner.plan(model, greedy) + "\n  ota " + ota.placements());
            for (int i = 0; i < model.flowCount(); i++) System.out.println("  " + model.flow(i).pps() + " " + model.options(i));
            assertThat(ota.cost()).as("seed %d", seed).isEqualTo(optimum);
            beaten++;
        }
        assertThat(beaten).isGreaterThanOrEqualTo(3);
    }
}
