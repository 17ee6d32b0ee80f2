package io.nicplan.service.persistence;

import java.util.List;
import java.util.Optional;

/**
 * Which instances held a plan job and which one ended it (docs/service.md "A fleet of instances").
 *
 * @param holders every instance that held the job, in order (the first accepted it or claimed it from the queue)
 * @param takeovers how often another instance took the job over after its holder's lease ran out
 * @param runs searches started for the job (one more for each takeover of a job that was solving)
 * @param solvedBy the instance that ended the search (completed, stopped or failed it)
 * @param solvingMillis search time spent so far, summed over the holders
 */
public record PlanExecution(List<String> holders, int takeovers, int runs, Optional<String> solvedBy,
                            long solvingMillis) {
    /** A job just accepted by {@code instance}. */
    public static PlanExecution acceptedBy(String instance) {
        return new PlanExecution(List.of(instance), 0, 0, Optional.empty(), 0);
    }
}
