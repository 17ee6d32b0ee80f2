package io.nicplan.optimizer.cost;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Hard rules from the catalogue; a plan that breaks one is infeasible.
 *
 * @param sameCore every flow must land on a queue served by a core of its application
 * @param maxFlowsPerQueue no queue carries more flows than this
 * @param maxPpsPerQueue no queue carries more packets per second than this
 * @param reservedQueues queues no flow may be steered to
 */
public record Rules(boolean sameCore, OptionalInt maxFlowsPerQueue, OptionalLong maxPpsPerQueue, Set<Integer> reservedQueues) {
    public static final Rules NONE = new Rules(false, OptionalInt.empty(), OptionalLong.empty(), Set.of());

    public Rules {
        reservedQueues = Set.copyOf(reservedQueues);
    }
}
