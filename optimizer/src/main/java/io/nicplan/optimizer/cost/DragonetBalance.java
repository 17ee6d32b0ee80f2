package io.nicplan.optimizer.cost;

/**
 * Dragonet's own balance cost, as its source computes it (BarrelfishOS/dragonet, Dragonet/lib/Dragonet/Search.hs,
 * {@code balanceCost nq = balanceCost_ (allQueues nq)} with {@code allQueues nq = [1..(nq-1)]}, "we reserve queue 0
 * as a catch-all queue"): the population standard deviation of the flow counts of queues 1..n-1, in flows. Queue 0
 * (the NIC's default queue) is not counted: a flow there is in neither the loads nor their mean, so on its own this
 * term rewards leaving flows on the default queue, which Dragonet's search never does (its oracle offers queues
 * 1..n-1 only, as the {@code dragonet} strategy does). nicplan's {@code balance} instead counts such a flow in the mean.
 */
final class DragonetBalance implements QueueCountTerm {
    @Override
    public String jsonName() {
        return "dragonetBalance";
    }

    @Override
    public Charge charge(CostModel model, QueueCounts counts) {
        return new Charge(0, QueueCounts.thousandths(balance(model, counts, null)));
    }

    /**
     * Dragonet's {@code balanceCost_ allQueues}: the standard deviation over queues 1..n-1 of the flows of class
     * {@code c} (both classes when null).
     */
    static double balance(CostModel model, QueueCounts counts, io.nicplan.optimizer.domain.TrafficClass c) {
        int defaultQueue = model.nic().defaultQueue();
        double[] loads = new double[counts.queues() - (defaultQueue < counts.queues() ? 1 : 0)];
        int k = 0;
        for (int q = 0; q < counts.queues(); q++) {
            if (q != defaultQueue) {
                loads[k++] = c == null ? counts.flows(q) : counts.flows(c, q);
            }
        }
        return QueueCounts.populationSd(loads);
    }

    @Override
    public String toString() {
        return jsonName();
    }
}
