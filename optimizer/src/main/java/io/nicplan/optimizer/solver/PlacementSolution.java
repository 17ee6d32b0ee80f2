package io.nicplan.optimizer.solver;

import java.util.concurrent.atomic.LongAdder;
import io.nicplan.optimizer.domain.Placement;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.Overlap;
import io.nicplan.optimizer.cost.Pool;
import io.nicplan.optimizer.cost.SpreadScope;
import java.util.ArrayList;
import java.util.List;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.domain.solution.ProblemFactProperty;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

/** Planning solution: every flow's assignment plus the facts the constraints join against. */
@PlanningSolution
public class PlacementSolution {
    @ProblemFactCollectionProperty
    private List<QueueFact> queues;
    @ProblemFactCollectionProperty
    private List<SpreadScope> scopes;
    @ProblemFactCollectionProperty
    private List<PoolFact> pools;
    @ProblemFactCollectionProperty
    private List<Overlap> overlaps;
    @ProblemFactProperty
    private Weights weights;
    @PlanningEntityCollectionProperty
    private List<FlowAssignment> assignments;
    @PlanningScore
    private HardSoftLongScore score;
    /** The objective the assignments are placed under (for {@link IncrementalCost}). */
    private CostModel model;
    /** Moves the solver evaluated, counted by {@link IncrementalCost}; shared by the solver's clones (a plain field). */
    private LongAdder evaluatedMoves = new LongAdder();

    /** For the solver's cloner. */
    public PlacementSolution() {
    }

    public PlacementSolution(List<QueueFact> queues, List<SpreadScope> scopes, List<PoolFact> pools, List<Overlap> overlaps,
                             Weights weights, List<FlowAssignment> assignments, CostModel model) {
        this.model = model;
        this.queues = queues;
        this.scopes = scopes;
        this.pools = pools;
        this.overlaps = overlaps;
        this.weights = weights;
        this.assignments = assignments;
    }

    /** This solution, its solver counting the moves it evaluates into {@code counter} (read from any thread). */
    public PlacementSolution countingMovesInto(LongAdder counter) {
        this.evaluatedMoves = counter;
        return this;
    }

    LongAdder evaluatedMoves() {
        return evaluatedMoves;
    }

    /** The solution for a model with flow i at {@code placements.get(i)} (null: unassigned). */
    public static PlacementSolution of(CostModel model, List<Placement> placements) {
        List<QueueFact> queues = new ArrayList<>();
        for (int q = 0; q < model.queues(); q++) {
            queues.add(new QueueFact(q, model));
        }
        List<PoolFact> pools = new ArrayList<>();
        for (Pool p : Pool.values()) {
            pools.add(new PoolFact(p, model.capacity(p)));
        }
        List<FlowAssignment> assignments = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            assignments.add(new FlowAssignment(i, model, placements.get(i)));
        }
        // a scope of a term weighted zero costs nothing, so the streams need not keep it
        List<SpreadScope> weighted = model.scopes().stream().filter(s -> model.spec().weight(s.term()) > 0).toList();
        return new PlacementSolution(queues, weighted, pools, model.overlaps(), Weights.of(model), assignments, model);
    }

    /** The objective the assignments are placed under. */
    public CostModel model() {
        return model;
    }

    public List<FlowAssignment> getAssignments() {
        return assignments;
    }

    public HardSoftLongScore getScore() {
        return score;
    }

    public void setScore(HardSoftLongScore score) {
        this.score = score;
    }

    /** The placements in flow order. */
    public List<Placement> placements() {
        return assignments.stream().map(FlowAssignment::getPlacement).toList();
    }
}
