package io.nicplan.optimizer.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.baseline.GreedyPlanner;
import io.nicplan.optimizer.bench.SearchBench;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.bound.LowerBound;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.nic.NicModels;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The search on inputs too large for every pair of moves (issue #12: bench search's thousand-flow rows). */
class LargeInputSearchTest {

    @Test
    void searchTakesParkedFlowsBackAsTheWitnessDoes() {
        // Intel82599/10q balanceByRate 1000 of ./nicplan bench search: greedy parks heavy flows on queue 0 (1,579 pps
        // of spread) and no single move takes them back; the search starts from SwapWitness's plan, which is within a
        // thousandth of a packet per second of the bound. One round and one late-acceptance step, so the outcome does
        // not depend on the machine (the 60 s limit is only a cap).
        Workload w = Workloads.generate(1_000, 42 + 1_000, 0.1, 0.5, Workloads.Rates.UNEQUAL);
        CostModel model = CostModel.compile(NicModels.builtin("intel-82599", 10), w, SearchBench.spec("balanceByRate", w),
                EmbeddedCycles.NOMINAL);
        SolveOptions options = new SolveOptions(Duration.ofSeconds(60), Duration.ofSeconds(60), Optional.empty(), 0,
                OptionalInt.of(1));
        PlacementSolver.Result result = PlacementSolver.solve(model, GreedyPlanner.plan(model), options);
        long bound = LowerBound.of(model).soft();
        assertThat(result.cost().feasible()).isTrue();
        assertThat(result.cost().soft() - bound).isLessThanOrEqualTo(1);
    }
}
