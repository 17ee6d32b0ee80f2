package io.nicplan.flexnic.pipeline;

import io.nicplan.flexnic.program.Fate;

/**
 * What the pipeline decided for one packet: the winning fate, and for it the RX queue, the DMA
 * ring or the drop reason. Reused for every packet (valid until the next one); copy what you
 * need to keep.
 */
public final class PacketOutcome {

    Fate fate = Fate.NONE;
    int queue = -1;
    int dmaRing = -1;
    DropReason dropReason;
    int rateClass = -1;
    CompiledAction fateAction;
    int rssHash;
    long mark;

    void reset() {
        fate = Fate.NONE;
        queue = -1;
        dmaRing = -1;
        dropReason = null;
        rateClass = -1;
        fateAction = null;
        rssHash = 0;
        mark = 0;
    }

    /** The winning fate; NONE means the program's default queue ({@link #queue()}). */
    public Fate fate() {
        return fate;
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
        return dropReason;
    }

    public boolean dropped() {
        return fate == Fate.DROP;
    }

    /** Index of the rate class the packet must conform to, or -1. */
    public int rateClass() {
        return rateClass;
    }

    /** The action that set the winning fate, or null for NONE and parser drops. */
    public CompiledAction fateAction() {
        return fateAction;
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
        fate = Fate.DROP;
        dropReason = reason;
        queue = -1;
        dmaRing = -1;
    }

    @Override
    public String toString() {
        return switch (fate) {
            case DROP -> "drop " + dropReason.counterName();
            case DMA -> "dma ring " + dmaRing;
            case FAST_PATH -> queue >= 0 ? "fastpath, punted to queue " + queue : "fastpath";
            case NONE, QUEUE, RSS -> "queue " + queue + (fate == Fate.RSS ? " (rss)" : fate == Fate.NONE ? " (default)" : "");
        };
    }
}
