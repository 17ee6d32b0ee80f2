package io.nicplan.app.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Bytes allocated per plan on the service's plan-job path ({@code ./nicplan bench plan}; docs/PERFORMANCE.md, "HTTP
 * service"), bounded with a margin: every byte a plan allocates is collected while the service answers reads, so an
 * allocation regression shows here before it shows as GC pauses under {@code scripts/load.sh}. Bytes, not time: the
 * counter does not depend on the machine's load. Measured when the bounds were set (load.sh's 100-flow greedy
 * request): 2.9 MB per plan for the same request again, 33 MB for a new state each time (28 MB of them the two
 * embeddings that measure software cycles); 33 MB for either before recent measurements were kept. Session 26: 1.8 MB
 * and 31 MB (the objective compiled once, no streams per flow and candidate, unreached queues not embedded), then
 * 9.5 MB for a new state once the four allocation cuts of that session were merged.
 */
class PlanPathAllocationTest {
    private static final int FLOWS = 100;
    private static final long SEED = 42;

    @Test
    void aRepeatedRequestReusesTheMeasurementsAndTheVerdict() {
        PlanPathBenchmark.Figures f = PlanPathBenchmark.measure(FLOWS, SEED, 10, 10, false);
        assertTrue(f.megabytesPerPlan() < 4, "MB allocated per repeated plan: " + f.megabytesPerPlan());
        assertTrue(f.megabytesPerPlan(PlanPathBenchmark.Phase.PREPARE) < 2,
                "MB allocated preparing a repeated plan: " + f.megabytesPerPlan(PlanPathBenchmark.Phase.PREPARE));
    }

    @Test
    void aNewStateStaysWithinItsBound() {
        PlanPathBenchmark.Figures f = PlanPathBenchmark.measure(FLOWS, SEED, 5, 5, true);
        assertTrue(f.megabytesPerPlan() < 15, "MB allocated per plan of a new state: " + f.megabytesPerPlan());
    }
}
