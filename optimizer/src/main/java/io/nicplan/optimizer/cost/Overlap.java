package io.nicplan.optimizer.cost;

/**
 * Two flows some packet belongs to both of.
 *
 * @param first index of one flow
 * @param second index of the other
 * @param relation how their packet sets relate
 */
public record Overlap(int first, int second, Relation relation) {
    /** How two intersecting flows relate. */
    public enum Relation {
        /** The same packets. */
        EQUAL,
        /** Every packet of the first is also one of the second's (the first is more specific). */
        FIRST_WITHIN_SECOND,
        /** Every packet of the second is also one of the first's. */
        SECOND_WITHIN_FIRST,
        /** Some packets are shared, neither contains the other. */
        PARTIAL,
        /**
         * No packet is shared, but RSS hashes both into one bucket of a table the plan chooses: placed by RSS, both
         * land on that bucket's one queue.
         */
        SAME_BUCKET
    }
}
