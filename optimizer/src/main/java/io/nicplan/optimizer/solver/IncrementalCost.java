package io.nicplan.optimizer.solver;

import java.util.concurrent.atomic.LongAdder;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import java.util.List;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.calculator.IncrementalScoreCalculator;

/**
 * The search's score: {@link CostState}, which re-evaluates a move in time proportional to what the moved flow
 * touches, instead of the constraint streams' node network (several times slower per move on small inputs, where
 * the search needs many moves). Its values are the constraint streams' ({@code ScoreConsistencyTest} holds the two
 * equal), and plans are still explained and re-scored by the streams.
 */
public final class IncrementalCost implements IncrementalScoreCalculator<PlacementSolution, HardSoftLongScore> {
    private CostState state;
    private List<FlowAssignment> assignments;
    private LongAdder evaluatedMoves = new LongAdder();

    /** For OptaPlanner, which creates one per score director. */
    public IncrementalCost() {
    }

    @Override
    public void resetWorkingSolution(PlacementSolution solution) {
        CostModel model = solution.model();
        assignments = solution.getAssignments();
        evaluatedMoves = solution.evaluatedMoves();
        state = new CostState(model);
        for (FlowAssignment a : assignments) {
            state.place(a.index(), a.getPlacement());
        }
    }

    @Override
    public void beforeEntityAdded(Object entity) {
        throw new UnsupportedOperationException("flows are not added during a search");
    }

    @Override
    public void afterEntityAdded(Object entity) {
        throw new UnsupportedOperationException("flows are not added during a search");
    }

    @Override
    public void beforeVariableChanged(Object entity, String variableName) {
        // the change is applied in afterVariableChanged: CostState replaces a flow's old placement itself
    }

    @Override
    public void afterVariableChanged(Object entity, String variableName) {
        FlowAssignment a = (FlowAssignment) entity;
        state.place(a.index(), a.getPlacement());
    }

    @Override
    public void beforeEntityRemoved(Object entity) {
        throw new UnsupportedOperationException("flows are not removed during a search");
    }

    @Override
    public void afterEntityRemoved(Object entity) {
        throw new UnsupportedOperationException("flows are not removed during a search");
    }

    @Override
    public HardSoftLongScore calculateScore() {
        // OptaPlanner calculates the score once per move it evaluates (and once per step taken).
        evaluatedMoves.increment();
        return PlacementSolver.toScore(state.cost());
    }
}
