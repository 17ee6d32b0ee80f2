package io.nicplan.optimizer.bench;

import io.nicplan.optimizer.baseline.GreedyPlanner;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.solver.PlacementSolution;
import io.nicplan.optimizer.solver.PlacementSolver;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.LocalSearchType;
import org.optaplanner.core.config.solver.termination.TerminationConfig;
import org.optaplanner.core.impl.solver.DefaultSolver;

/**
 * OptaPlanner's score calculation speed on 1,000 generated flows over 16 queues: late-acceptance local search from
 * the greedy plan for a fixed number of steps (seeded, so every run makes the same moves), reported as score
 * calculations per second of the solving thread's CPU time, the best of a few runs after a warm-up. Run with
 * {@code java -cp ... io.nicplan.optimizer.bench.ScoreSpeed}.
 */
public final class ScoreSpeed {
    private static final int FLOWS = 1_000;
    private static final int QUEUES = 16;
    private static final int STEPS = 30_000;
    private static final int RUNS = 3;
    /** CPU time of the solving thread, not wall time: the machine is shared, and waiting for a core is not the solver's cost. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScoreSpeed() {
    }

    /** One measured case: the NIC, the cost and the best score calculations per second. */
    public record Figure(String nic, String cost, long calculations, long perSecond) {
    }

    public static List<Figure> run(PrintStream out) {
        Workload w = Workloads.generate(FLOWS, 42, 0.1, 0.5, Workloads.Rates.UNEQUAL);
        String demoMix = "{\"terms\": {\"priority\": {\"weight\": 1, \"byRate\": true, \"goldFlowsPerQueue\": 34},"
                + " \"balanceByRate\": 1, \"softwareCycles\": 1}}";
        String flexMix = "{\"terms\": {\"balanceByRate\": 1, \"softwareCycles\": 1, \"fastPath\": 1, \"churn\": 1}}";
        List<Figure> figures = List.of(
                measure(NicModels.builtin("intel-82599", QUEUES), w, "priority+balanceByRate+softwareCycles", CostSpecReader.read(demoMix)),
                measure(NicModels.builtin("flexnic", QUEUES), w, "balanceByRate+softwareCycles+fastPath+churn", CostSpecReader.read(flexMix)));
        for (Figure f : figures) {
            out.printf(Locale.ROOT, "%-12s %-45s %,12d calculations %,10d per second%n", f.nic(), f.cost(), f.calculations(), f.perSecond());
        }
        return figures;
    }

    private static Figure measure(NicModel nic, Workload w, String label, CostSpec spec) {
        CostModel model = CostModel.compile(nic, w, spec, EmbeddedCycles.NOMINAL);
        PlacementSolution start = PlacementSolution.of(model, GreedyPlanner.plan(model));
        SolverFactory<PlacementSolution> factory = SolverFactory.create(PlacementSolver.baseConfig()
                .withRandomSeed(0L)
                .withPhases(new LocalSearchPhaseConfig().withLocalSearchType(LocalSearchType.LATE_ACCEPTANCE)
                        .withTerminationConfig(new TerminationConfig().withStepCountLimit(STEPS))));
        long best = 0;
        long count = 0;
        for (int run = 0; run <= RUNS; run++) {
            Solver<PlacementSolution> solver = factory.buildSolver();
            long t0 = THREADS.getCurrentThreadCpuTime();
            solver.solve(PlacementSolution.of(model, start.placements()));
            long nanos = THREADS.getCurrentThreadCpuTime() - t0;
            count = ((DefaultSolver<PlacementSolution>) solver).getSolverScope().getScoreCalculationCount();
            if (run > 0) {
                // run 0 warms the JIT up
                best = Math.max(best, count * 1_000_000_000L / nanos);
            }
        }
        return new Figure(nic.name() + "/" + nic.queues() + "q", label, count, best);
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
