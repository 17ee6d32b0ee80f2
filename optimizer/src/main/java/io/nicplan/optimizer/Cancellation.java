package io.nicplan.optimizer;

/**
 * Asks a running {@link Planner#plan(Planner.Request, PlanListener, Cancellation)} to stop early with
 * its best plan so far. Safe from any thread, at any time: before the search starts (it then ends
 * right after construction), while a solver run is being scheduled or runs (OptaPlanner's
 * {@code SolverJob.terminateEarly}, which waits for a starting solver rather than being forgotten
 * by it), between runs, or after the search ended (nothing happens).
 */
public final class Cancellation {
    private boolean cancelled;
    /** Stops the solver run in progress; null between runs. */
    private Runnable stopRun;

    /** Stops the search; its plan is the best one found so far. */
    public void cancel() {
        Runnable stop;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            stop = stopRun;
        }
        // outside the lock: terminateEarly waits until the solver has started, which takes the run's own lock
        if (stop != null) {
            stop.run();
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * Registers how to stop the run that starts now; false, and nothing registered, when the search
     * is already cancelled (the caller then stops the run itself).
     */
    synchronized boolean enter(Runnable stop) {
        if (cancelled) {
            return false;
        }
        stopRun = stop;
        return true;
    }

    /** The run registered by {@link #enter} has ended. */
    synchronized void leave() {
        stopRun = null;
    }
}
