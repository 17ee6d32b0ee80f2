package io.nicplan.service.plan;

import java.util.function.Consumer;

/**
 * One job's search as {@link PlanJobs} runs it on a search runner: in the service's own JVM ({@link LocalSearch}) or
 * in the search process ({@link SearchProcess}), which keeps a search's allocation out of the heap that answers
 * requests (docs/service.md "The search process").
 */
interface JobSearch {

    /** A plan the search found: its score, and its JSON as the database stores it. */
    record Found(PlanScore score, String json) {
    }

    /**
     * Searches until the strategy ends or {@link #stop()} is called, handing each plan better than the last to
     * {@code onBetter}, and returns the best. Throws {@link Refused} when the NIC refutes the job's inputs.
     */
    Found run(Consumer<Found> onBetter);

    /** Asks the search to end early with its best plan so far; safe before, during and after {@link #run}. */
    void stop();

    /** The NIC's model refutes the inputs (found while preparing, after the request was answered). */
    final class Refused extends RuntimeException {
        Refused(RuntimeException refusal) {
            super(refusal.getMessage(), refusal);
        }
    }
}
