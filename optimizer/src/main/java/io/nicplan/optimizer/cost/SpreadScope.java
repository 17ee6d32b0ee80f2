package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.TrafficClass;
import java.util.Optional;

/**
 * One spread term over one set of queues: the flows it counts (all, or one class), the queues it
 * balances (B), and the total load T those flows carry.
 *
 * <p>Its value is {@code sum over q in B of ((|B| * L_q - T) / unit)^2}: |B|^2 times the squared
 * deviation of each queue's load from the mean, so it is a whole number when {@code unit} is 1 and
 * grows with every queue above or below the mean. A flow on a queue outside B still counts in T, so
 * parking flows there is penalised. Loads are scaled by {@link #shareScale()} so a flow RSS spreads
 * over the table's R queues adds a whole share to each.
 */
public final class SpreadScope {
    /**
     * Largest |B| * T after dividing by {@code unit}: a term's value stays below 2^46 (all load on one queue
     * is the worst case), times a weight of at most 10,000 below 2^60, so four spread terms fit a long.
     */
    static final long SCALE_LIMIT = 1L << 23;

    private final Term term;
    private final Optional<TrafficClass> trafficClass;
    private final boolean[] balanced;
    private final int balancedCount;
    private final boolean byRate;
    private final long shareScale;
    private final long total;
    private final long unit;

    SpreadScope(Term term, Optional<TrafficClass> trafficClass, boolean[] balanced, boolean byRate, long shareScale, long rawTotal) {
        this.term = term;
        this.trafficClass = trafficClass;
        this.balanced = balanced.clone();
        int count = 0;
        for (boolean b : balanced) {
            count += b ? 1 : 0;
        }
        this.balancedCount = count;
        this.byRate = byRate;
        this.shareScale = shareScale;
        this.total = rawTotal * shareScale;
        long span = Math.multiplyExact((long) count, total);
        this.unit = Math.max(1, (span + SCALE_LIMIT - 1) / SCALE_LIMIT);
    }

    public Term term() {
        return term;
    }

    /** The class this scope balances; empty for all flows. */
    public Optional<TrafficClass> trafficClass() {
        return trafficClass;
    }

    public boolean counts(Flow flow) {
        return trafficClass.isEmpty() || trafficClass.get() == flow.trafficClass();
    }

    public boolean balances(int queue) {
        return queue >= 0 && queue < balanced.length && balanced[queue];
    }

    public int balancedCount() {
        return balancedCount;
    }

    /** Scaled load one flow puts on its queue when steered there directly. */
    public long directLoad(Flow flow) {
        return shareScale * rawLoad(flow);
    }

    /** Scaled load a spread flow puts on each RSS queue. */
    public long spreadLoad(Flow flow) {
        return rawLoad(flow);
    }

    private long rawLoad(Flow flow) {
        return byRate ? flow.pps() : 1;
    }

    /** T: the scaled load of every flow this scope counts. */
    public long total() {
        return total;
    }

    /** The divisor that keeps squares small on large inputs (1 on small ones: the value is exact). */
    public long unit() {
        return unit;
    }

    /** This queue's share of the term's value when it carries scaled load {@code load}. */
    public long penalty(long load) {
        long d = balancedCount * load - total;
        if (unit == 1) {
            return d * d;
        }
        double x = (double) d / unit;
        return Math.round(x * x);
    }

    /** A queue's load in the flows' own unit (flows or packets per second). */
    public double unscaled(long load) {
        return (double) load / shareScale;
    }

    public String label() {
        return term.jsonName() + trafficClass.map(c -> "[" + c.jsonName() + "]").orElse("");
    }

    @Override
    public String toString() {
        return label();
    }
}
