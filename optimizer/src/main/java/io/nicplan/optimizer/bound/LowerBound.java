package io.nicplan.optimizer.bound;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A proven lower bound on the weighted soft cost of every plan whose placements are among the model's candidates
 * ({@link CostModel#options}), for inputs of any size. The derivation is in docs/PERFORMANCE.md ("Lower bound").
 *
 * <p>The soft cost is a sum of per-flow terms and, per spread scope, {@code weight * value(D)}; the minimum of a sum is
 * at least the sum of the minima, so the bound adds each flow's cheapest per-flow terms and each scope's least D,
 * charged by {@link SpreadScope#value} (nondecreasing in D). A scope's least D is the larger of two relaxations:
 * <ul>
 * <li><b>whole loads</b>: every balanced queue's load is a multiple of {@code g}, the greatest common divisor of
 * the loads the scope's flows can add to a queue, and the balanced queues together carry some S between the least
 * and the most of the total the candidates can put on them; for a given S, D is least when the loads differ by at
 * most g (D is a sum of convex squares), and the bound takes the least of these over S;</li>
 * <li><b>heavy flows</b>: the flows every candidate of which puts their whole load on one balanced queue, the
 * heaviest first, one per queue (with the rest of the load divisible, spreading heavy flows over distinct queues is
 * never worse: the water-filled D is symmetric and convex in the queues' heavy loads, hence Schur-convex), and the
 * remaining load, divisible, filling the lightest queues up to the mean.</li>
 * </ul>
 * Capacities, class and core rules, overlaps and the tie between a flow's placement and its table entry are
 * ignored (relaxed), so the bound holds for infeasible plans too.
 *
 * <p>Usage: {@code long floor = LowerBound.of(model).soft();} then {@code LowerBound.gap(plan.total(), floor)}.
 */
public final class LowerBound {
    /** The bound and where it comes from. */
    public record Result(long soft, long linear, List<ScopeBound> scopes) {
        public Result {
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * One spread scope's part.
     *
     * @param scope the scope
     * @param squares the least D found (sum over the balanced queues of {@link SpreadScope#square})
     * @param value {@link SpreadScope#value} of {@code squares}, before weighting
     * @param relaxation which relaxation gave it: "whole loads" or "heavy flows"
     */
    public record ScopeBound(SpreadScope scope, long squares, long value, String relaxation) {
    }

    private LowerBound() {
    }

    /** The bound for {@code model}. */
    public static Result of(CostModel model) {
        long linear = 0;
        for (int i = 0; i < model.flowCount(); i++) {
            long min = Long.MAX_VALUE;
            for (Placement p : model.options(i)) {
                min = Math.min(min, model.weightedLinear(i, p));
            }
            linear += min == Long.MAX_VALUE ? 0 : min;
        }
        long soft = linear;
        List<ScopeBound> parts = new ArrayList<>();
        for (SpreadScope scope : model.scopes()) {
            ScopeBound part = scopeBound(model, scope);
            parts.add(part);
            soft += model.spec().weight(scope.term()) * part.value();
        }
        return new Result(soft, linear, parts);
    }

    /**
     * The relative gap of a plan's soft cost to the bound, {@code (cost - bound) / cost} (0 when both are 0): the
     * share of the cost that the optimum might still save.
     */
    public static double gap(long cost, long bound) {
        if (cost <= 0) {
            return 0;
        }
        return (double) Math.max(0, cost - bound) / cost;
    }

    private static ScopeBound scopeBound(CostModel model, SpreadScope scope) {
        Loads loads = Loads.of(model, scope);
        long whole = squaresFromNorm(scope, wholeLoadsNorm(scope, loads));
        long heavy = squaresFromNorm(scope, heavyFlowsNorm(scope, loads));
        boolean heavyWins = heavy > whole;
        long squares = Math.max(whole, heavy);
        return new ScopeBound(scope, squares, scope.value(squares), heavyWins ? "heavy flows" : "whole loads");
    }

    /** What a scope's flows can put on its balanced queues. */
    private record Loads(long gcd, long leastOnBalanced, long mostOnBalanced, long[] heavyDescending, long fillerLeast,
                         long fillerMost) {
        static Loads of(CostModel model, SpreadScope scope) {
            long gcd = 0;
            long least = 0;
            long most = 0;
            long fillerLeast = 0;
            long fillerMost = 0;
            List<Long> heavy = new ArrayList<>();
            long rssBalanced = model.rssQueues().stream().filter(scope::balances).count();
            for (int i = 0; i < model.flowCount(); i++) {
                if (!scope.counts(model.flow(i))) {
                    continue;
                }
                long direct = scope.directLoad(model.flow(i));
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                boolean wholeOnOneBalancedQueue = true;
                for (Placement p : model.options(i)) {
                    long onBalanced;
                    if (p.isSpread()) {
                        long share = scope.spreadLoad(model.flow(i));
                        gcd = greatestCommonDivisor(gcd, share);
                        onBalanced = share * rssBalanced;
                        wholeOnOneBalancedQueue = false;
                    } else {
                        gcd = greatestCommonDivisor(gcd, direct);
                        onBalanced = scope.balances(p.queue()) ? direct : 0;
                        wholeOnOneBalancedQueue &= onBalanced == direct;
                    }
                    min = Math.min(min, onBalanced);
                    max = Math.max(max, onBalanced);
                }
                if (min == Long.MAX_VALUE) {
                    continue;
                }
                least += min;
                most += max;
                if (wholeOnOneBalancedQueue && direct > 0) {
                    heavy.add(direct);
                } else {
                    fillerLeast += min;
                    fillerMost += max;
                }
            }
            long[] h = heavy.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(h);
            for (int a = 0, b = h.length - 1; a < b; a++, b--) {
                long t = h[a];
                h[a] = h[b];
                h[b] = t;
            }
            return new Loads(Math.max(1, gcd), least, most, h, fillerLeast, fillerMost);
        }
    }

    /**
     * The least sum over the balanced queues of {@code (|B| * L_q - T)^2} when every L_q is a multiple of g and their
     * sum S lies between the least and most the candidates put on them.
     */
    private static double wholeLoadsNorm(SpreadScope scope, Loads loads) {
        int b = scope.balancedCount();
        long total = scope.total();
        long g = loads.gcd();
        long top = loads.mostOnBalanced() / g;
        long bottom = (loads.leastOnBalanced() + g - 1) / g;
        double best = Double.POSITIVE_INFINITY;
        // S = g * m never exceeds T; the continuous bound |B| * (T - S)^2 only grows as m falls, so stop there
        for (long m = top; m >= bottom; m--) {
            double away = (double) total - (double) g * m;
            if (b * away * away >= best) {
                break;
            }
            long k = m / b;
            long r = m % b;
            double low = (double) b * k * g - total;
            double high = (double) b * (k + 1) * g - total;
            best = Math.min(best, (b - r) * low * low + r * high * high);
        }
        return best == Double.POSITIVE_INFINITY ? 0 : best;
    }

    /**
     * The least sum over the balanced queues of {@code (|B| * L_q - T)^2} with the heaviest single-queue flows on
     * distinct queues and the rest divisible, between the least and most of it the candidates put on the queues.
     */
    private static double heavyFlowsNorm(SpreadScope scope, Loads loads) {
        int b = scope.balancedCount();
        double total = scope.total();
        double mean = total / b;
        long[] heavy = loads.heavyDescending();
        double[] level = new double[b];
        // heavy flows beyond the |B| heaviest join the divisible rest (a relaxation: they could only add more)
        double extra = 0;
        for (int k = 0; k < heavy.length; k++) {
            if (k < b) {
                level[k] = heavy[k];
            } else {
                extra += heavy[k];
            }
        }
        // the filler that brings every queue below the mean up to it; the convex D is least with the filler
        // nearest that amount within what the candidates allow
        double wanted = 0;
        for (double l : level) {
            wanted += Math.max(0, mean - l);
        }
        double fill = Math.min(Math.max(wanted, loads.fillerLeast() + extra), loads.fillerMost() + extra);
        waterFill(level, fill);
        double sum = 0;
        for (double l : level) {
            double x = b * l - total;
            sum += x * x;
        }
        return sum;
    }

    /** Raises the lowest levels to a common water line with {@code fill} in total. */
    private static void waterFill(double[] level, double fill) {
        double[] sorted = level.clone();
        Arrays.sort(sorted);
        double used = 0;
        double line = sorted.length == 0 ? 0 : sorted[0];
        int k = 1;
        while (k <= sorted.length) {
            double next = k < sorted.length ? sorted[k] : Double.POSITIVE_INFINITY;
            double need = (next - line) * k;
            if (used + need >= fill) {
                line += (fill - used) / k;
                break;
            }
            used += need;
            line = next;
            k++;
        }
        for (int q = 0; q < level.length; q++) {
            level[q] = Math.max(level[q], line);
        }
    }

    /**
     * D's lower bound from a lower bound {@code norm} on the sum of squares: D is a whole number, at least
     * {@code norm} when the scope keeps squares exact (unit 1), else at least {@code norm / unit^2 - |B|/2}
     * ({@link SpreadScope#square} rounds each queue's share to the nearest whole number), so at least the next whole
     * number up. Doubles err by a few ulps; taking off one part in 10^12 first keeps that rounding from lifting the
     * bound above the truth (whole-load norms below 2^50 are exact in a double).
     */
    private static long squaresFromNorm(SpreadScope scope, double norm) {
        double unit = scope.unit();
        double d = norm / (unit * unit) - (scope.unit() == 1 ? 0 : 0.5 * scope.balancedCount());
        double safe = d - Math.abs(d) * 1e-12 - 1e-9;
        return Math.max(0, (long) Math.ceil(safe));
    }

    private static long greatestCommonDivisor(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }
}
