package io.nicplan.optimizer.cost;

/**
 * A term over where each class's flows land, written as Dragonet writes its cost functions: a function of the flow
 * counts per queue and class (Dragonet's {@code QMap}, flow to queue), not a sum of per-queue parts. It is therefore
 * re-evaluated over all queues whenever a count changes (proportional to the queues, not the flows), and it may
 * reject a plan outright (Dragonet's {@code CostReject}), which is charged as a hard penalty: Dragonet orders every
 * rejected cost above every accepted one, as nicplan orders any hard penalty above any soft cost.
 */
public interface QueueCountTerm extends Term {
    /** What the term charges for {@code counts}: a rejection (hard, unweighted) or a value (soft, in thousandths). */
    Charge charge(CostModel model, QueueCounts counts);

    /**
     * One evaluation.
     *
     * @param reject Dragonet's {@code CostReject r} as a hard penalty r (0: accepted)
     * @param value Dragonet's {@code CostVal v} in thousandths of its unit ({@link Term#SCALE}); 0 when rejected
     */
    record Charge(long reject, long value) {
        public static final Charge NONE = new Charge(0, 0);
    }
}
