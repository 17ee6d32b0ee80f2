package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.Cost;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Terminations and seed of one OptaPlanner run.
 *
 * @param timeLimit stop after this long
 * @param unimprovedLimit stop when the best plan has not improved for this long
 * @param bestCostLimit stop as soon as a plan this good is found (e.g. a known optimum)
 * @param seed random seed; runs with the same seed and input make the same moves
 */
public record SolveOptions(Duration timeLimit, Duration unimprovedLimit, Optional<Cost> bestCostLimit, long seed) {
    public SolveOptions {
        Objects.requireNonNull(timeLimit, "timeLimit");
        Objects.requireNonNull(unimprovedLimit, "unimprovedLimit");
        Objects.requireNonNull(bestCostLimit, "bestCostLimit");
        if (timeLimit.toMillis() <= 0) {
            throw new IllegalArgumentException("time limit must be at least a millisecond");
        }
        // OptaPlanner's terminations take whole milliseconds
        timeLimit = Duration.ofMillis(timeLimit.toMillis());
        unimprovedLimit = Duration.ofMillis(Math.max(1, unimprovedLimit.toMillis()));
    }

    /** A time limit, with an unimproved limit of a fifth of it (at least 100 ms). */
    public static SolveOptions of(Duration timeLimit) {
        Duration unimproved = timeLimit.dividedBy(5);
        if (unimproved.toMillis() < 100) {
            unimproved = Duration.ofMillis(Math.min(100, timeLimit.toMillis()));
        }
        return new SolveOptions(timeLimit, unimproved, Optional.empty(), 0L);
    }

    public SolveOptions withBestCostLimit(Cost limit) {
        return new SolveOptions(timeLimit, unimprovedLimit, Optional.of(limit), seed);
    }

    public SolveOptions withUnimprovedLimit(Duration d) {
        return new SolveOptions(timeLimit, d, bestCostLimit, seed);
    }
}
