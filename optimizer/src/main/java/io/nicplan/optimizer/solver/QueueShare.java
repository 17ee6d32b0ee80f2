package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.SpreadScope;

/** The part of a flow's load that lands on one queue (all of it, or an RSS share when spread). */
public record QueueShare(FlowAssignment assignment, int queue, boolean spread) {

    /** The load this share adds to its queue in a spread scope's scaled units. */
    public long load(SpreadScope scope) {
        return spread ? scope.spreadLoad(assignment.flow()) : scope.directLoad(assignment.flow());
    }
}
