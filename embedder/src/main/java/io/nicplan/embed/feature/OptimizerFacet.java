package io.nicplan.embed.feature;

/**
 * What the optimizer may place on a feature's C-node. A new kind of facet is a new method of
 * {@link Visitor}, so every reader of facets fails to compile until it handles it.
 */
public interface OptimizerFacet {
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of facet. */
    interface Visitor<R> {
        R none(None none);

        R table(Table table);

        R rss(Rss rss);

        R queues(Queues queues);

        R fastPathSlots(FastPathSlots slots);

        R unclassifiedQueue(UnclassifiedQueue queue);

        R transmitOffload(TransmitOffload offload);
    }

    /** Nothing the optimizer places (EtherType, SYN, checksum offload: they do not steer the flows it plans). */
    record None() implements OptimizerFacet {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.none(this);
        }
    }

    /**
     * A filter table holding one entry per placed flow.
     *
     * @param mechanism the optimizer's name for the kind of entry ({@code fivetuple}, {@code fdir}, {@code match_action})
     * @param capacity entries the C-node holds
     */
    record Table(String mechanism, int capacity) implements OptimizerFacet {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.table(this);
        }
    }

    /**
     * An RSS indirection table.
     *
     * @param tableEntries entries of the indirection table
     * @param maxQueues queues the table may name (before the plan limits the queues in use)
     */
    record Rss(int tableEntries, int maxQueues) implements OptimizerFacet {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rss(this);
        }
    }

    /** The list of enabled receive queues. */
    record Queues() implements OptimizerFacet {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.queues(this);
        }
    }

    /** The queue for packets RSS cannot hash (not IPv4): none of the flows the optimizer places, but a queue it must not count as idle. */
    record UnclassifiedQueue() implements OptimizerFacet {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.unclassifiedQueue(this);
        }
    }

    /** FlexTCP fast-path slots, one per placed connection. */
    record FastPathSlots(int slots) implements OptimizerFacet {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.fastPathSlots(this);
        }
    }

    /**
     * A transmit offload (TSO, checksum insertion) every plan turns on: it moves work the host would do on
     * transmit to the NIC and steers nothing, so no placement is worse with it on (docs/formats.md, "Plan").
     */
    record TransmitOffload() implements OptimizerFacet {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.transmitOffload(this);
        }
    }
}
