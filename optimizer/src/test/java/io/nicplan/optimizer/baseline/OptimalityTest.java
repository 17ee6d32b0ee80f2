package io.nicplan.optimizer.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.SoftwareCostTable;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.RssNode;
import io.nicplan.optimizer.nic.Steering;
import io.nicplan.optimizer.solver.PlacementSolver;
import io.nicplan.optimizer.solver.SolveOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Must show: OptaPlanner's cost is within 1% of the exhaustive optimum on every small instance. */
public class OptimalityTest {
    public static final SoftwareCostTable CYCLES = SoftwareCostTable.fixed(300, 150, 400, 60);

    /** An 82599-like NIC with few queues and small tables, so capacities bind on small inputs. */
    public static NicModel smallNic(int queues, int fivetuple, int fdir) {
        return new NicModel("small", queues, 0,
                List.of(new Steering(Mechanism.FIVETUPLE, "FiveTuple", fivetuple, 0), new Steering(Mechanism.FDIR, "FlowDirector", fdir, 1)),
                Optional.of(new RssNode("Rss", 128, queues)), Optional.empty(), Optional.of("Queues"));
    }

    @Test
    void optaplannerIsWithinOnePercentOfTheOptimumOnSixtySeededInstances() {
        int instances = 0;
        for (long seed = 1; seed <= 30; seed++) {
            for (String spec : List.of("{\"terms\": {\"balance\": 1}}",
                    "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 2}}}")) {
                int flows = 5 + (int) (seed % 4);
                NicModel nic = smallNic(4 + (int) (seed % 2), 2 + (int) (seed % 3), 2);
                Workload w = Workloads.generate(flows, seed, 0.35, 0.5, Workloads.Rates.UNEQUAL);
                CostModel model = CostModel.compile(nic, w, CostSpecReader.read(spec), CYCLES);
                List<Placement> greedy = GreedyPlanner.plan(model);
                List<Placement> optimum = ExhaustivePlanner.plan(model, greedy);
                Cost best = CostState.of(model, optimum).cost();
                PlacementSolver.Result ota = PlacementSolver.solve(model, greedy,
                        new SolveOptions(Duration.ofSeconds(2), Duration.ofMillis(300), Optional.of(best), seed));
                Cost got = CostState.of(model, ota.placements()).cost();
                assertThat(got).as("seed %d %s", seed, spec).isEqualTo(ota.cost());
                assertThat(got.hard()).as("seed %d %s", seed, spec).isEqualTo(best.hard());
                assertThat((double) got.soft()).as("seed %d %s: optimum %s", seed, spec, best).isLessThanOrEqualTo(best.soft() * 1.01);
                instances++;
            }
        }
        assertThat(instances).isEqualTo(60);
    }
}
