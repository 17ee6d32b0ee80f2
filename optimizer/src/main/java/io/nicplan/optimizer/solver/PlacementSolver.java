package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.domain.Placement;
import java.util.List;
import org.optaplanner.core.api.score.ScoreExplanation;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.solver.SolutionManager;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicType;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.LocalSearchType;
import org.optaplanner.core.config.score.director.ScoreDirectorFactoryConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/**
 * Runs OptaPlanner over a {@link CostModel}: a construction heuristic for flows without a start
 * placement, then late-acceptance local search with change and swap moves, until a termination
 * fires. Starting from a given plan (e.g. greedy's), the result is never worse than that plan.
 */
public final class PlacementSolver {
    /** One factory for score explanations and updates; it never solves, so it needs no termination. */
    private static final SolverFactory<PlacementSolution> SCORING = SolverFactory.create(baseConfig()
            .withTerminationConfig(new TerminationConfig().withStepCountLimit(0)));

    private PlacementSolver() {
    }

    /** What a run produced. */
    public record Result(List<Placement> placements, Cost cost, long millis) {
    }

    /** The solver configuration every run shares: the domain, Bavet constraint streams, reproducible randomness. */
    public static SolverConfig baseConfig() {
        return new SolverConfig()
                .withSolutionClass(PlacementSolution.class)
                .withEntityClasses(FlowAssignment.class)
                .withScoreDirectorFactory(new ScoreDirectorFactoryConfig().withConstraintProviderClass(PlacementConstraints.class))
                .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE);
    }

    /** The configuration of one run with the given terminations. */
    public static SolverConfig config(SolveOptions options) {
        TerminationConfig termination = new TerminationConfig()
                .withSpentLimit(options.timeLimit())
                .withUnimprovedSpentLimit(options.unimprovedLimit());
        options.bestCostLimit().ifPresent(c -> termination.setBestScoreLimit(toScore(c).toString()));
        return baseConfig()
                .withRandomSeed(options.seed())
                .withTerminationConfig(termination)
                .withPhases(new ConstructionHeuristicPhaseConfig().withConstructionHeuristicType(ConstructionHeuristicType.FIRST_FIT),
                        new LocalSearchPhaseConfig().withLocalSearchType(LocalSearchType.LATE_ACCEPTANCE));
    }

    /**
     * Solves from {@code start} (flow i at {@code start.get(i)}; null entries are constructed first).
     */
    public static Result solve(CostModel model, List<Placement> start, SolveOptions options) {
        long t0 = System.nanoTime();
        PlacementSolution problem = PlacementSolution.of(model, start);
        Solver<PlacementSolution> solver = SolverFactory.<PlacementSolution>create(config(options)).buildSolver();
        PlacementSolution best = solver.solve(problem);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new Result(best.placements(), toCost(best.getScore()), millis);
    }

    /** The constraint streams' cost of a complete assignment. */
    public static Cost score(CostModel model, List<Placement> placements) {
        PlacementSolution s = PlacementSolution.of(model, placements);
        return toCost(SolutionManager.<PlacementSolution, HardSoftLongScore>create(SCORING).update(s));
    }

    /** Every constraint's matches and justifications for a complete assignment. */
    public static ScoreExplanation<PlacementSolution, HardSoftLongScore> explain(CostModel model, List<Placement> placements) {
        PlacementSolution s = PlacementSolution.of(model, placements);
        return SolutionManager.<PlacementSolution, HardSoftLongScore>create(SCORING).explain(s);
    }

    public static HardSoftLongScore toScore(Cost c) {
        return HardSoftLongScore.of(-c.hard(), -c.soft());
    }

    public static Cost toCost(HardSoftLongScore s) {
        return new Cost(-s.hardScore(), -s.softScore());
    }
}
