package io.nicplan.optimizer.plan;

import io.nicplan.optimizer.domain.Mechanism;

/**
 * Where a plan puts one flow.
 *
 * @param queue the queue its packets reach; -1 when RSS spreads a wildcard flow over several
 */
public record FlowPlacement(String flow, Mechanism mechanism, int queue, boolean fastPath) {
}
