package io.nicplan.flexnic.host;

import java.util.HashMap;
import java.util.Map;

/**
 * The transmit side: TX queues the host posts frames to, and the scheduler that decides which
 * head-of-queue frame goes to the wire next. Queues are served round-robin; a frame leaves only
 * if its queue's token bucket and its flow's token bucket (FlexTCP's per-flow {@code tx_rate})
 * both conform, so a rate-limited head waits until {@link #nextEligibleTime} while other queues
 * go on. Within one queue, order is FIFO. Driven from the NIC's thread; {@link #post} is the
 * host's side of each queue's ring.
 */
public final class QueueManager {

    /** Flow id meaning "no per-flow limit". */
    public static final int NO_FLOW = -1;

    private final HostRing[] queues;
    private final TokenBucket[] queueLimits;
    private final Map<Integer, TokenBucket> flowLimits = new HashMap<>();
    private int nextQueue;

    public QueueManager(int queueCount, int ringSize, int maxFrameLength) {
        if (queueCount < 1) {
            throw new IllegalArgumentException("need at least one TX queue, got " + queueCount);
        }
        this.queues = new HostRing[queueCount];
        for (int i = 0; i < queueCount; i++) {
            queues[i] = new HostRing("tx" + i, ringSize, maxFrameLength);
        }
        this.queueLimits = new TokenBucket[queueCount];
    }

    /** Heap the TX rings hold. */
    public long memoryBytes() {
        long bytes = 0;
        for (HostRing q : queues) {
            bytes += q.memoryBytes();
        }
        return bytes;
    }

    public int queueCount() {
        return queues.length;
    }

    public HostRing queue(int index) {
        return queues[checkQueue(index)];
    }

    /**
     * Posts a frame to a TX queue (host side).
     *
     * @param flowId the flow the frame belongs to for per-flow limits, or {@link #NO_FLOW}
     * @return false if the queue's ring is full
     */
    public boolean post(int queue, int flowId, byte[] frame, int offset, int length, long nowNanos) {
        return queues[checkQueue(queue)].offer(frame, offset, length, nowNanos, flowId, 0);
    }

    /** Limits a queue to a rate (replacing any limit), starting with a full bucket. */
    public void limitQueue(int queue, long bitsPerSecond, long burstBytes, long nowNanos) {
        queueLimits[checkQueue(queue)] = new TokenBucket(bitsPerSecond, burstBytes, nowNanos);
    }

    public void unlimitQueue(int queue) {
        queueLimits[checkQueue(queue)] = null;
    }

    /** Limits a flow to a rate (replacing any limit), starting with a full bucket. */
    public void limitFlow(int flowId, long bitsPerSecond, long burstBytes, long nowNanos) {
        if (flowId < 0) {
            throw new IllegalArgumentException("flow ids are >= 0, got " + flowId);
        }
        flowLimits.put(flowId, new TokenBucket(bitsPerSecond, burstBytes, nowNanos));
    }

    public void unlimitFlow(int flowId) {
        flowLimits.remove(flowId);
    }

    /** Frames waiting in all TX queues. */
    public int backlog() {
        int sum = 0;
        for (HostRing q : queues) {
            sum += q.size();
        }
        return sum;
    }

    /**
     * Takes the next frame allowed to leave now into {@code out} (round-robin over queues whose
     * head conforms to its limits).
     *
     * @return the queue it came from, or -1 if no frame may leave now
     */
    public int next(long nowNanos, Descriptor out) {
        int n = queues.length;
        for (int i = 0; i < n; i++) {
            int q = (nextQueue + i) % n;
            HostRing ring = queues[q];
            int length = ring.peekLength();
            if (length < 0) {
                continue;
            }
            TokenBucket queueLimit = queueLimits[q];
            TokenBucket flowLimit = flowLimit(ring.peekTag());
            if ((queueLimit != null && !queueLimit.conforms(nowNanos, length))
                    || (flowLimit != null && !flowLimit.conforms(nowNanos, length))) {
                continue;
            }
            if (queueLimit != null) {
                queueLimit.tryConsume(nowNanos, length);
            }
            if (flowLimit != null) {
                flowLimit.tryConsume(nowNanos, length);
            }
            ring.poll(out);
            nextQueue = (q + 1) % n;
            return q;
        }
        return -1;
    }

    /**
     * The earliest time a waiting frame may leave: {@code nowNanos} if one may leave now,
     * {@link Long#MAX_VALUE} if every queue is empty.
     */
    public long nextEligibleTime(long nowNanos) {
        long earliest = Long.MAX_VALUE;
        for (int q = 0; q < queues.length; q++) {
            HostRing ring = queues[q];
            int length = ring.peekLength();
            if (length < 0) {
                continue;
            }
            long t = nowNanos;
            if (queueLimits[q] != null) {
                t = Math.max(t, queueLimits[q].nextConformingTime(nowNanos, length));
            }
            TokenBucket flowLimit = flowLimit(ring.peekTag());
            if (flowLimit != null) {
                t = Math.max(t, flowLimit.nextConformingTime(nowNanos, length));
            }
            earliest = Math.min(earliest, t);
        }
        return earliest;
    }

    private TokenBucket flowLimit(int flowId) {
        return flowId < 0 || flowLimits.isEmpty() ? null : flowLimits.get(flowId);
    }

    private int checkQueue(int queue) {
        if (queue < 0 || queue >= queues.length) {
            throw new IllegalArgumentException("no TX queue " + queue + " (have " + queues.length + ")");
        }
        return queue;
    }
}
