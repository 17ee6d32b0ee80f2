package io.nicplan.app.plan;

import io.nicplan.optimizer.Cancellation;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.plan.Plan;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One plan search, run once on the caller's thread and stoppable from any other: the service runs it on
 * its bounded search executor and stops it on {@code DELETE}; the command line just runs it.
 */
public final class PlanSearch {
    private final Planner.Request request;
    private final Cancellation cancellation = new Cancellation();
    private final LongAdder evaluatedMoves = new LongAdder();

    PlanSearch(Planner.Request request) {
        this.request = request;
    }

    /**
     * Searches until the strategy ends or {@link #stop()} is called, handing the best plan so far to
     * {@code onBetter} as it is found (the optaplanner strategy: the constructed plan first, then better ones
     * at most every {@link Planner#PUBLISH_INTERVAL}; the baselines hand none), and returns the plan, re-checked
     * by the embedder.
     */
    public Plan run(Consumer<Plan> onBetter) {
        Objects.requireNonNull(onBetter, "onBetter");
        return Planner.plan(request, onBetter::accept, cancellation, evaluatedMoves);
    }

    /** Moves the optaplanner strategy's solver has evaluated so far (0 for the baselines); read from any thread. */
    public long evaluatedMoves() {
        return evaluatedMoves.sum();
    }

    /** Asks the search to end early; {@link #run} then returns the best plan so far. Safe before, during and after it. */
    public void stop() {
        cancellation.cancel();
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return cancellation.isCancelled();
    }
}
