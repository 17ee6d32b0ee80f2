package io.nicplan.optimizer.bound;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * <li><b>heavy flows</b>: the |B| heaviest flows that land whole on one queue, each alone on a balanced queue or,
 * where a candidate allows, parked off them (every choice tried), and the remaining load, divisible, filling the
 * lightest queues up to the mean. With the rest divisible, heavy flows on distinct queues are never worse than
 * sharing one: the water-filled D is symmetric and convex in the queues' heavy loads, hence Schur-convex, and
 * separating flows makes the loads' vector majorized by the shared one.</li>
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

    /**
     * What a scope's flows can put on its balanced queues: the load's granularity, the least and most of it on them,
     * and each flow that always lands whole on one queue (never spread), with whether it can land off them (parked).
     */
    private record Loads(long gcd, long leastOnBalanced, long mostOnBalanced, List<Single> singles, long spreadLeast,
                         long spreadMost) {
        static Loads of(CostModel model, SpreadScope scope) {
            long gcd = 0;
            long least = 0;
            long most = 0;
            long spreadLeast = 0;
            long spreadMost = 0;
            List<Single> singles = new ArrayList<>();
            long rssBalanced = model.rssQueues().stream().filter(scope::balances).count();
            for (int i = 0; i < model.flowCount(); i++) {
                if (!scope.counts(model.flow(i))) {
                    continue;
                }
                long direct = scope.directLoad(model.flow(i));
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                boolean spreads = false;
                for (Placement p : model.options(i)) {
                    long onBalanced;
                    if (p.isSpread()) {
                        long share = scope.spreadLoad(model.flow(i));
                        gcd = greatestCommonDivisor(gcd, share);
                        onBalanced = share * rssBalanced;
                        spreads = true;
                    } else {
                        gcd = greatestCommonDivisor(gcd, direct);
                        onBalanced = scope.balances(p.queue()) ? direct : 0;
                    }
                    min = Math.min(min, onBalanced);
                    max = Math.max(max, onBalanced);
                }
                if (min == Long.MAX_VALUE) {
                    continue;
                }
                least += min;
                most += max;
                if (spreads) {
                    spreadLeast += min;
                    spreadMost += max;
                } else if (max > 0) {
                    singles.add(new Single(direct, min == 0));
                } // else: never on a balanced queue, adds nothing there
            }
            singles.sort(Comparator.comparingLong(Single::load).reversed());
            return new Loads(Math.max(1, gcd), least, most, singles, spreadLeast, spreadMost);
        }
    }

    /** A flow that lands whole on one queue: its load, and whether some candidate puts it off the balanced queues. */
    private record Single(long load, boolean parkable) {
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
     * The least sum over the balanced queues of {@code (|B| * L_q - T)^2} when the |B| heaviest flows that land whole on
     * one queue each take a queue of their own or, where a candidate allows, are parked off the balanced queues (every
     * choice of the parkable ones is tried, up to {@link #MOST_PARKING_CHOICES}), and the rest of the load is
     * divisible, between the least and most of it the candidates put on the queues.
     */
    private static double heavyFlowsNorm(SpreadScope scope, Loads loads) {
        int b = scope.balancedCount();
        List<Single> singles = loads.singles();
        int top = Math.min(b, singles.size());
        List<Integer> parkable = new ArrayList<>();
        // the rest: flows below the |B| heaviest, divisible (a relaxation), each between its least and most
        long restLeast = loads.spreadLeast();
        long restMost = loads.spreadMost();
        for (int k = 0; k < singles.size(); k++) {
            Single f = singles.get(k);
            if (k < top) {
                if (f.parkable()) {
                    parkable.add(k);
                }
            } else {
                restLeast += f.parkable() ? 0 : f.load();
                restMost += f.load();
            }
        }
        if (parkable.size() > MOST_PARKING_CHOICES) {
            // too many choices: the parkable heavy flows join the divisible rest instead
            List<Single> kept = new ArrayList<>();
            for (int k = 0; k < top; k++) {
                Single f = singles.get(k);
                if (f.parkable()) {
                    restMost += f.load();
                } else {
                    kept.add(f);
                }
            }
            return waterFilledNorm(scope, kept.stream().mapToLong(Single::load).toArray(), restLeast, restMost);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < (1 << parkable.size()); mask++) {
            long[] level = new long[top];
            int n = 0;
            int bit = 0;
            for (int k = 0; k < top; k++) {
                boolean parked = bit < parkable.size() && parkable.get(bit) == k && (mask & (1 << bit++)) != 0;
                if (!parked) {
                    level[n++] = singles.get(k).load();
                }
            }
            best = Math.min(best, waterFilledNorm(scope, Arrays.copyOf(level, n), restLeast, restMost));
        }
        return best;
    }

    /** Parking choices of the heavy flows tried at most ({@code 2^12}); each costs one water filling over |B| queues. */
    private static final int MOST_PARKING_CHOICES = 12;

    /**
     * {@code sum (|B| * L_q - T)^2} with {@code heavy} on distinct queues and divisible filler, between
     * {@code least} and {@code most}, raising the lightest queues: the filler nearest the amount that brings every
     * queue below the mean up to it (D is convex in the amount and least there).
     */
    private static double waterFilledNorm(SpreadScope scope, long[] heavy, long least, long most) {
        int b = scope.balancedCount();
        double total = scope.total();
        double mean = total / b;
        double[] level = new double[b];
        for (int k = 0; k < heavy.length; k++) {
            level[k] = heavy[k];
        }
        double wanted = 0;
        for (double l : level) {
            wanted += Math.max(0, mean - l);
        }
        waterFill(level, Math.min(Math.max(wanted, least), most));
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
