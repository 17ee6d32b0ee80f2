package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.TrafficClass;
import java.math.BigInteger;
import java.util.Optional;

/**
 * One spread term over one set of queues: the flows it counts (all, or one class), the queues it
 * balances (B), and the total load T those flows carry.
 *
 * <p>Its value is {@code sum over q in B of (L_q - mu)^2 / mu} with {@code mu = T / |B|}: the squared
 * deviation of each queue's load from the mean, in the load's own unit (flows, or packets per second),
 * so its weight trades against the other terms' units. It equals {@code D / (|B| * T)} with
 * {@code D = sum over q in B of (|B| * L_q - T)^2}, a whole number kept exactly per queue (on very large
 * inputs each square is first divided by {@code unit^2} and rounded, see {@link #square}); the value is
 * {@code D} times {@link Term#SCALE} divided by {@code |B| * T}, rounded once per scope (half up), so it
 * is exact in thousandths and never decreases as {@code D} grows, which keeps lower bounds on {@code D}
 * lower bounds on the value. A flow on a queue outside B still counts in T, so parking flows there is
 * penalised. Loads are scaled by {@link #shareScale} so a flow RSS spreads over the table's R queues adds
 * a whole share to each.
 */
public final class SpreadScope {
    /**
     * Largest |B| * T after dividing by {@code unit}: D is at most (|B| - 1) * |B| * T^2 (all load on one
     * queue), so below 2^46, and {@code 2 * SCALE * D} fits a long.
     */
    static final long SCALE_LIMIT = 1L << 23;

    private final SpreadTerm term;
    private final Optional<TrafficClass> trafficClass;
    private final boolean[] balanced;
    private final int balancedCount;
    private final boolean byRate;
    private final long shareScale;
    private final long total;
    private final long unit;
    /** |B| * T in the flows' own unit times the share scale squared: the divisor of D (with unit 1). */
    private final long divisor;
    private final BigInteger bigDivisor;
    private final BigInteger unitSquare;

    SpreadScope(SpreadTerm term, Optional<TrafficClass> trafficClass, boolean[] balanced, boolean byRate, long shareScale, long rawTotal) {
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
        // D counts (|B| * L_q - T)^2 in scaled loads: shareScale^2 times the unscaled squares, while
        // |B| * T (scaled) is shareScale times the unscaled one, so one more shareScale divides.
        this.divisor = Math.multiplyExact(span, shareScale);
        this.bigDivisor = BigInteger.valueOf(divisor);
        this.unitSquare = BigInteger.valueOf(unit).multiply(BigInteger.valueOf(unit));
    }

    public SpreadTerm term() {
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

    /** The divisor that keeps squares small on large inputs (1 on small ones: D is exact). */
    public long unit() {
        return unit;
    }

    /** This queue's share of D when it carries scaled load {@code load}: {@code (|B| * load - T)^2}, over unit^2 when unit > 1. */
    public long square(long load) {
        long d = balancedCount * load - total;
        if (unit == 1) {
            return d * d;
        }
        double x = (double) d / unit;
        return Math.round(x * x);
    }

    /**
     * The term's value for the queues' sum of squares {@code squares} (D): D * SCALE / (|B| * T), in
     * thousandths of the load's unit, rounded half up; nondecreasing in D.
     */
    public long value(long squares) {
        if (squares <= 0) {
            return 0;
        }
        if (unit == 1) {
            // D < 2^46 (SCALE_LIMIT), so 2 * SCALE * D stays inside a long
            return (2 * Term.SCALE * squares + divisor) / (2 * divisor);
        }
        BigInteger twice = BigInteger.valueOf(2 * Term.SCALE).multiply(BigInteger.valueOf(squares)).multiply(unitSquare);
        BigInteger twoDiv = bigDivisor.shiftLeft(1);
        return twice.add(bigDivisor).divide(twoDiv).longValueExact();
    }

    /** D when no balanced queue carries any load: every queue deviates by T. */
    public long idleSquares() {
        return balancedCount * square(0);
    }

    /** The mean load of a balanced queue, in the flows' own unit. */
    public double mean() {
        return unscaled(total) / balancedCount;
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
