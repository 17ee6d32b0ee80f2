package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Placement;
import java.util.List;
import org.optaplanner.core.api.score.ScoreExplanation;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.solver.SolutionManager;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicType;
import org.optaplanner.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.SwapMoveSelectorConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.LocalSearchType;
import org.optaplanner.core.config.phase.custom.CustomPhaseConfig;
import org.optaplanner.core.config.score.director.ScoreDirectorFactoryConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/**
 * Runs OptaPlanner over a {@link CostModel}: a construction heuristic for flows without a start
 * placement, {@link IteratedDescent}, then late-acceptance local search with change and swap moves, until a
 * termination fires. Starting from a given plan (e.g. greedy's), the result is never worse than that plan.
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

    /** The iterated-descent phase of a run with these options (keep it to {@link IteratedDescent#stop} the run). */
    public static IteratedDescent descent(SolveOptions options) {
        // most of the time to the descent, the rest to late acceptance from its result
        return new IteratedDescent(options.seed(), options.stepLimit(), options.timeLimit().multipliedBy(4).dividedBy(5),
                options.unimprovedLimit());
    }

    /**
     * Late acceptance from the constraint streams' score alone, with the given terminations: no longer the planner's
     * search ({@link #searchConfig}), kept to run the streams through many moves (their incremental scores checked
     * against from-scratch ones).
     */
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

    /** The planner's search with these options: {@link #searchConfig(SolveOptions, IteratedDescent)} with its own descent. */
    public static SolverConfig searchConfig(SolveOptions options) {
        return searchConfig(options, descent(options));
    }

    /**
     * The configuration of one run: a construction heuristic for flows without a start placement, the
     * {@code descent} phase, then late acceptance over change and swap moves, all scored by {@link IncrementalCost}.
     * Without a step limit the run ends when {@code timeLimit} is spent or the best plan has not improved for
     * {@code unimprovedLimit}; with one, the descent runs that many rounds and late acceptance that many steps (and
     * at most ten score calculations a step, so a search stuck in a strict optimum ends too).
     */
    public static SolverConfig searchConfig(SolveOptions options, IteratedDescent descent) {
        TerminationConfig termination = new TerminationConfig().withSpentLimit(options.timeLimit());
        LocalSearchPhaseConfig polish = new LocalSearchPhaseConfig()
                .withLocalSearchType(LocalSearchType.LATE_ACCEPTANCE)
                .withMoveSelectorConfig(new UnionMoveSelectorConfig(List.of(new ChangeMoveSelectorConfig(), new SwapMoveSelectorConfig())));
        if (options.stepLimit().isPresent()) {
            int steps = options.stepLimit().getAsInt();
            polish.setTerminationConfig(new TerminationConfig().withStepCountLimit(steps).withScoreCalculationCountLimit(10L * steps));
        } else {
            termination.setUnimprovedSpentLimit(options.unimprovedLimit());
        }
        options.bestCostLimit().ifPresent(c -> termination.setBestScoreLimit(toScore(c).toString()));
        return new SolverConfig()
                .withSolutionClass(PlacementSolution.class)
                .withEntityClasses(FlowAssignment.class)
                .withScoreDirectorFactory(new ScoreDirectorFactoryConfig().withIncrementalScoreCalculatorClass(IncrementalCost.class))
                .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
                .withRandomSeed(options.seed())
                .withTerminationConfig(termination)
                .withPhases(new ConstructionHeuristicPhaseConfig().withConstructionHeuristicType(ConstructionHeuristicType.FIRST_FIT),
                        new CustomPhaseConfig().withCustomPhaseCommands(descent),
                        polish);
    }

    /**
     * Solves from {@code start} (flow i at {@code start.get(i)}; null entries are constructed first).
     */
    public static Result solve(CostModel model, List<Placement> start, SolveOptions options) {
        long t0 = System.nanoTime();
        if (!hasChoice(model) && start.stream().allMatch(java.util.Objects::nonNull)) {
            return new Result(start, CostState.of(model, start).cost(), (System.nanoTime() - t0) / 1_000_000);
        }
        PlacementSolution problem = PlacementSolution.of(model, start);
        Solver<PlacementSolution> solver = SolverFactory.<PlacementSolution>create(searchConfig(options)).buildSolver();
        PlacementSolution best = solver.solve(problem);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new Result(best.placements(), toCost(best.getScore()), millis);
    }

    /**
     * Whether some flow has two choices or more: without one there is nothing to search, and a local search would
     * find no move to make and wait for its time limit.
     */
    public static boolean hasChoice(CostModel model) {
        for (int i = 0; i < model.flowCount(); i++) {
            if (model.choices(i).size() > 1) {
                return true;
            }
        }
        return false;
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
