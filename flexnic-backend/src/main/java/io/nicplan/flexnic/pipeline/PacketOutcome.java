package io.nicplan.flexnic.pipeline;

import io.nicplan.flexnic.program.Fate;

/**
 * What the pipeline decided for one packet: the winning fate, and for it the RX queue, the DMA
 * ring or the drop reason. Reused for every packet (valid until the next one); copy what you
 * need to keep.
 *
 * <p>The packet path writes only primitives here (the fate and drop reason as ordinals, the
 * winning action as a table and action index): this object lives long, so it sits in the old
 * generation, and with G1 every reference store into it that points into another region runs
 * the post-write barrier, whose StoreLoad fence ({@code lock addl}) cost a few percent of a
 * packet in profiles. The one reference, the snapshot, changes only when a program is
 * published and is written only then.
 */
public final class PacketOutcome {

    private static final Fate[] FATES = Fate.values();
    private static final DropReason[] DROP_REASONS = DropReason.values();

    int fate = Fate.NONE.ordinal();
    int queue = -1;
    int dmaRing = -1;
    /** Ordinal of the drop reason, -1 for none. */
    int dropReason = -1;
    int rateClass = -1;
    /** The snapshot the winning action belongs to; rewritten only when it changes. */
    PipelineSnapshot snapshot;
    /** Index of the table whose action won, -1 for none; the action's index in that table. */
    int fateTable = -1;
    int fateActionIndex;
    int rssHash;
    long mark;

    void reset() {
        fate = Fate.NONE.ordinal();
        queue = -1;
        dmaRing = -1;
        dropReason = -1;
        rateClass = -1;
        fateTable = -1;
        rssHash = 0;
        mark = 0;
    }

    /** The winning fate; NONE means the program's default queue ({@link #queue()}). */
    public Fate fate() {
        return FATES[fate];
    }

    /**
     * The RX queue for fates NONE, QUEUE and RSS (after the indirection table), or the queue the
     * fast path punted the packet to; else -1.
     */
    public int queue() {
        return queue;
    }

    /** Index of the DMA ring for fate DMA, else -1. */
    public int dmaRing() {
        return dmaRing;
    }

    /** Why the packet is dropped (fate DROP), or null. */
    public DropReason dropReason() {
        return dropReason < 0 ? null : DROP_REASONS[dropReason];
    }

    public boolean dropped() {
        return fate == Fate.DROP.ordinal();
    }

    /** Index of the rate class the packet must conform to, or -1. */
    public int rateClass() {
        return rateClass;
    }

    /** The action that set the winning fate, or null for NONE and parser drops. */
    public CompiledAction fateAction() {
        return fateTable < 0 ? null : snapshot.tables[fateTable].action(fateActionIndex);
    }

    /** The RSS hash when fate is RSS or a table keyed on {@code rss.bucket}, else 0. */
    public int rssHash() {
        return rssHash;
    }

    /** {@code meta.mark} after the last stage. */
    public long mark() {
        return mark;
    }

    /** Records that the fast-path engine passed the packet on to an RX queue (fate stays FAST_PATH). */
    public void puntedTo(int rxQueue) {
        queue = rxQueue;
    }

    /** Turns this packet into a drop for a reason found after the pipeline (ring full, rate). */
    public void drop(DropReason reason) {
        fate = Fate.DROP.ordinal();
        dropReason = reason.ordinal();
        queue = -1;
        dmaRing = -1;
    }

    @Override
    public String toString() {
        Fate f = fate();
        return switch (f) {
            case DROP -> "drop " + dropReason().counterName();
            case DMA -> "dma ring " + dmaRing;
            case FAST_PATH -> queue >= 0 ? "fastpath, punted to queue " + queue : "fastpath";
            case NONE, QUEUE, RSS -> "queue " + queue + (f == Fate.RSS ? " (rss)" : f == Fate.NONE ? " (default)" : "");
        };
    }
}
