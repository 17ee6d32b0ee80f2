package io.nicplan.optimizer;

import io.nicplan.optimizer.plan.Plan;

/**
 * Hears the best plan found so far while a search runs: the constructed plan first, then each better
 * one (at most every {@link Planner#PUBLISH_INTERVAL}). Called on a solver thread, never after
 * {@link Planner#plan(Planner.Request, PlanListener, Cancellation)} has returned.
 */
@FunctionalInterface
public interface PlanListener {
    /** A listener that ignores every plan. */
    PlanListener NONE = plan -> { };

    /** A better plan than any before it; not yet re-checked by the embedder. */
    void bestSoFar(Plan plan);
}
