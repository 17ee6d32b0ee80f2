package io.nicplan.optimizer.baseline;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.cost.Term;
import io.nicplan.optimizer.domain.Placement;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The true optimum by depth-first branch and bound, for small inputs. The bound adds to the partial
 * plan's cost (hard penalties and per-flow terms only grow) the cheapest per-flow terms of the flows
 * still open and, per spread scope, the least squared deviation the remaining load can reach by
 * filling the emptiest queues (a continuous relaxation, so never above the true remainder).
 */
public final class ExhaustivePlanner {
    /** Largest search space (product of the flows' candidate counts) this search accepts. */
    public static final BigInteger MAX_ASSIGNMENTS = BigInteger.valueOf(20_000_000_000L);

    private final CostModel model;
    private final CostState state;
    private final int[] order;
    private final long[] minLinear;
    private final long[] remainingByScope;
    private Cost best;
    private Placement[] bestPlan;
    private long nodes;

    private ExhaustivePlanner(CostModel model) {
        this.model = model;
        this.state = new CostState(model);
        int n = model.flowCount();
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        // gold first, heavy flows first: they decide the most, so bad branches die early
        Arrays.sort(idx, Comparator.comparing((Integer i) -> !model.flow(i).isGold())
                .thenComparing(i -> -model.flow(i).pps()));
        this.order = Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
        this.minLinear = new long[n];
        for (int i = 0; i < n; i++) {
            long min = Long.MAX_VALUE;
            for (Placement p : model.options(i)) {
                long v = 0;
                for (Term t : List.of(Term.SOFTWARE_CYCLES, Term.CROSS_CORE, Term.FAST_PATH, Term.CHURN)) {
                    v += model.spec().weight(t) * model.linear(t, i, p);
                }
                min = Math.min(min, v);
            }
            minLinear[i] = min;
        }
        this.remainingByScope = new long[model.scopes().size()];
        for (int s = 0; s < model.scopes().size(); s++) {
            remainingByScope[s] = model.scopes().get(s).total();
        }
    }

    /** Why an input is too large for exhaustive search, if it is. */
    public static java.util.Optional<String> refusal(CostModel model) {
        BigInteger space = BigInteger.ONE;
        for (int i = 0; i < model.flowCount(); i++) {
            space = space.multiply(BigInteger.valueOf(model.options(i).size()));
        }
        if (space.compareTo(MAX_ASSIGNMENTS) > 0) {
            return java.util.Optional.of("exhaustive search refuses this input: " + model.flowCount() + " flows with their candidates give "
                    + space + " assignments, more than the " + MAX_ASSIGNMENTS + " it searches; use greedy or optaplanner");
        }
        for (SpreadScope s : model.scopes()) {
            if (s.unit() != 1) {
                return java.util.Optional.of("exhaustive search refuses this input: its loads are too large for exact spread values");
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The optimal placements.
     *
     * @param incumbent a known plan (e.g. greedy's) to start the bound from
     * @throws IllegalArgumentException when the input is too large (see {@link #refusal})
     */
    public static List<Placement> plan(CostModel model, List<Placement> incumbent) {
        refusal(model).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        ExhaustivePlanner search = new ExhaustivePlanner(model);
        search.bestPlan = incumbent.toArray(new Placement[0]);
        search.best = CostState.of(model, incumbent).cost();
        search.dfs(0, Arrays.stream(search.minLinear).sum());
        return List.of(search.bestPlan);
    }

    private void dfs(int depth, long openLinear) {
        nodes++;
        if (depth == order.length) {
            Cost c = state.cost();
            if (c.betterThan(best)) {
                best = c;
                bestPlan = state.placements().toArray(new Placement[0]);
            }
            return;
        }
        int i = order[depth];
        List<Placement> options = model.options(i);
        Cost[] costs = new Cost[options.size()];
        Integer[] idx = new Integer[options.size()];
        for (int k = 0; k < options.size(); k++) {
            costs[k] = state.costIf(i, options.get(k));
            idx[k] = k;
        }
        Arrays.sort(idx, Comparator.comparing((Integer k) -> costs[k]));
        long rest = openLinear - minLinear[i];
        for (int k : idx) {
            state.place(i, options.get(k));
            if (!prunable(rest)) {
                dfs(depth + 1, rest);
            }
            state.place(i, null);
        }
    }

    private boolean prunable(long openLinear) {
        long hard = state.hard();
        if (hard > best.hard()) {
            return true;
        }
        long soft = 0;
        for (Term t : List.of(Term.SOFTWARE_CYCLES, Term.CROSS_CORE, Term.FAST_PATH, Term.CHURN)) {
            soft += model.spec().weight(t) * state.term(t);
        }
        soft += openLinear;
        List<SpreadScope> scopes = model.scopes();
        for (int s = 0; s < scopes.size(); s++) {
            soft += model.spec().weight(scopes.get(s).term()) * spreadBound(s, scopes.get(s));
        }
        return hard == best.hard() && soft >= best.soft() || hard > best.hard();
    }

    /** Least value scope {@code s} can reach when the load not yet placed fills its emptiest queues. */
    private long spreadBound(int s, SpreadScope scope) {
        long placed = 0;
        List<Long> deficits = new ArrayList<>();
        long bound = 0;
        int b = scope.balancedCount();
        for (int q = 0; q < model.queues(); q++) {
            long load = state.scopeLoad(s, q);
            placed += load;
            if (!scope.balances(q)) {
                continue;
            }
            long d = scope.total() - b * load;
            if (d <= 0) {
                bound += d * d;
            } else {
                deficits.add(d);
            }
        }
        // remaining load R, in deficit units (|B| times the load), fills the largest deficits first
        double fill = (double) b * (scope.total() - placed);
        deficits.sort(Comparator.reverseOrder());
        double level = waterLevel(deficits, fill);
        double rest = 0;
        for (long d : deficits) {
            double v = Math.min(d, level);
            rest += v * v;
        }
        return bound + (long) Math.floor(rest);
    }

    /** The level λ with sum over deficits of max(0, d - λ) = fill (0 when fill covers them all). */
    private static double waterLevel(List<Long> deficitsDescending, double fill) {
        double sum = 0;
        for (int k = 0; k < deficitsDescending.size(); k++) {
            sum += deficitsDescending.get(k);
            double next = k + 1 < deficitsDescending.size() ? deficitsDescending.get(k + 1) : 0;
            // lowering the top k+1 deficits to level 'next' uses sum - (k+1)*next
            if (sum - (k + 1) * next >= fill) {
                return (sum - fill) / (k + 1);
            }
        }
        return 0;
    }

    /** Search nodes visited by the last {@link #plan} run in this thread; for diagnostics. */
    long nodes() {
        return nodes;
    }
}
