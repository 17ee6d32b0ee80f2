package io.nicplan.flexnic.tcp;

/**
 * FlexTCP's queue manager at flow granularity (TAS): flows with something to send wait in a FIFO
 * when unlimited, or in a list ordered by next send time when rate-limited, where each segment
 * moves the flow's time on by {@code bytes * 8 / rate}. Due rate-limited flows go first. A flow
 * is queued at most once. Primitive arrays sized by the flow table; nothing allocates.
 *
 * <p>The emulator's {@code host.QueueManager} schedules frames the host posted to TX rings; the
 * fast path generates its segments itself and needs flows, so it has this scheduler instead.
 */
final class FlowScheduler {

    private final boolean[] queued;
    private final long[] nextSendNanos;
    private final int[] fifo;
    private int fifoHead;
    private int fifoSize;
    /** Binary min-heap of rate-limited flows by next send time. */
    private final int[] heapSlots;
    private final long[] heapTimes;
    private int heapSize;

    public FlowScheduler(int slots) {
        this.queued = new boolean[slots];
        this.nextSendNanos = new long[slots];
        this.fifo = new int[slots];
        this.heapSlots = new int[slots];
        this.heapTimes = new long[slots];
    }

    /** Queues a flow that has something to send (no effect if it is queued already). */
    public void ready(int slot, int rateKbps, long nowNanos) {
        if (queued[slot]) {
            return;
        }
        queued[slot] = true;
        if (rateKbps == 0) {
            fifo[(fifoHead + fifoSize++) % fifo.length] = slot;
        } else {
            push(slot, Math.max(nowNanos, nextSendNanos[slot]));
        }
    }

    /** Takes the next flow allowed to send now, or -1. */
    public int next(long nowNanos) {
        if (heapSize > 0 && heapTimes[0] <= nowNanos) {
            int slot = pop();
            queued[slot] = false;
            return slot;
        }
        if (fifoSize > 0) {
            int slot = fifo[fifoHead];
            fifoHead = (fifoHead + 1) % fifo.length;
            fifoSize--;
            queued[slot] = false;
            return slot;
        }
        return -1;
    }

    /** Charges a rate-limited flow for a segment of {@code bytes} it just sent. */
    public void charge(int slot, int rateKbps, int bytes, long nowNanos) {
        if (rateKbps > 0) {
            // kbit/s: bytes * 8 bits / (rate * 1000 bit/s) = bytes * 8e6 / rate ns.
            nextSendNanos[slot] = Math.max(nowNanos, nextSendNanos[slot]) + bytes * 8_000_000L / rateKbps;
        }
    }

    /**
     * Forgets a removed flow's send time (control path). A removed flow may still be queued; the
     * fast path skips slots that are no longer in use when they come out of {@link #next}.
     */
    public void reset(int slot) {
        nextSendNanos[slot] = 0;
    }

    public boolean isQueued(int slot) {
        return queued[slot];
    }

    /** When the earliest rate-limited flow may send ({@link Long#MAX_VALUE} if none waits; now if FIFO flows wait). */
    public long nextEligibleNanos(long nowNanos) {
        if (fifoSize > 0) {
            return nowNanos;
        }
        return heapSize > 0 ? Math.max(nowNanos, heapTimes[0]) : Long.MAX_VALUE;
    }

    private void push(int slot, long time) {
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapTimes[parent] <= time) {
                break;
            }
            heapSlots[i] = heapSlots[parent];
            heapTimes[i] = heapTimes[parent];
            i = parent;
        }
        heapSlots[i] = slot;
        heapTimes[i] = time;
    }

    private int pop() {
        int top = heapSlots[0];
        int lastSlot = heapSlots[--heapSize];
        long lastTime = heapTimes[heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heapTimes[child + 1] < heapTimes[child]) {
                child++;
            }
            if (heapTimes[child] >= lastTime) {
                break;
            }
            heapSlots[i] = heapSlots[child];
            heapTimes[i] = heapTimes[child];
            i = child;
        }
        heapSlots[i] = lastSlot;
        heapTimes[i] = lastTime;
        return top;
    }
}
