package io.nicplan.optimizer.plan;

import java.util.List;

/**
 * The embedder's verdict on a plan: its configuration applied to the PRG and every flow of the state
 * classified, compared with the queue the plan promises.
 *
 * @param checked flows compared
 * @param mismatches flows whose classification differs from their placement, one sentence each
 */
public record Verification(int checked, List<String> mismatches) {
    public Verification {
        mismatches = List.copyOf(mismatches);
    }

    /** True when every placement agrees with the embedder. */
    public boolean agrees() {
        return mismatches.isEmpty();
    }
}
