package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.Cost;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Terminations and seed of one OptaPlanner run.
 *
 * @param timeLimit stop after this long
 * @param unimprovedLimit stop when the best plan has not improved for this long
 * @param bestCostLimit stop as soon as a plan this good is found (e.g. a known optimum)
 * @param seed random seed; runs with the same seed and input make the same moves
 * @param stepLimit when present, the search ends after this many local-search steps instead of when it stops
 *     improving, so the result does not depend on the machine's speed (the time limit still caps it)
 */
public record SolveOptions(Duration timeLimit, Duration unimprovedLimit, Optional<Cost> bestCostLimit, long seed,
                           OptionalInt stepLimit) {
    public SolveOptions {
        Objects.requireNonNull(timeLimit, "timeLimit");
        Objects.requireNonNull(stepLimit, "stepLimit");
        if (stepLimit.isPresent() && stepLimit.getAsInt() < 1) {
            throw new IllegalArgumentException("step limit must be at least 1, got " + stepLimit.getAsInt());
        }
        Objects.requireNonNull(unimprovedLimit, "unimprovedLimit");
        Objects.requireNonNull(bestCostLimit, "bestCostLimit");
        if (timeLimit.toMillis() <= 0) {
            throw new IllegalArgumentException("time limit must be at least a millisecond");
        }
        // OptaPlanner's terminations take whole milliseconds
        timeLimit = Duration.ofMillis(timeLimit.toMillis());
        unimprovedLimit = Duration.ofMillis(Math.max(1, unimprovedLimit.toMillis()));
    }

    /** Options without a step limit. */
    public SolveOptions(Duration timeLimit, Duration unimprovedLimit, Optional<Cost> bestCostLimit, long seed) {
        this(timeLimit, unimprovedLimit, bestCostLimit, seed, OptionalInt.empty());
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
        return new SolveOptions(timeLimit, unimprovedLimit, Optional.of(limit), seed, stepLimit);
    }

    public SolveOptions withUnimprovedLimit(Duration d) {
        return new SolveOptions(timeLimit, d, bestCostLimit, seed, stepLimit);
    }

    public SolveOptions withSeed(long s) {
        return new SolveOptions(timeLimit, unimprovedLimit, bestCostLimit, s, stepLimit);
    }

    /** The same options ending each local-search phase after {@code steps} steps (see {@link #stepLimit}). */
    public SolveOptions withStepLimit(int steps) {
        return new SolveOptions(timeLimit, unimprovedLimit, bestCostLimit, seed, OptionalInt.of(steps));
    }
}
