package io.nicplan.optimizer.plan;

import java.util.List;

/**
 * One constraint's part of a plan's score and the matches that caused it.
 *
 * @param constraint the constraint's name (a term, a term's idle-queue part, or a hard rule)
 * @param hard hard penalty (0 for soft constraints)
 * @param soft weighted soft penalty
 * @param matches the flows or queues behind it, most costly first (at most {@link Plan#MAX_MATCHES})
 * @param matchCount how many matches there are in all
 */
public record ConstraintExplanation(String constraint, long hard, long soft, List<String> matches, int matchCount) {
    public ConstraintExplanation {
        matches = List.copyOf(matches);
    }
}
