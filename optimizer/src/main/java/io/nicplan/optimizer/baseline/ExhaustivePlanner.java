package io.nicplan.optimizer.baseline;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.cost.Term;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The true optimum by depth-first branch and bound, for small inputs. The bound adds to the partial
 * plan's cost (hard penalties and per-flow terms only grow) the cheapest per-flow terms of the flows
 * still open and, per spread scope, the least squared deviation the remaining load can reach by
 * filling the emptiest queues (a continuous relaxation, so never above the true remainder).
 *
 * <p>The search runs over a {@link SearchSpace}: dominated candidates dropped and interchangeable
 * queues tried once each (both exact, see there), so it reaches inputs whose plain space is far larger.
 */
public final class ExhaustivePlanner {
    /** Most canonical assignments (plans left after both reductions) this search accepts. */
    public static final long MAX_ASSIGNMENTS = 20_000_000_000L;

    private final CostModel model;
    private final SearchSpace space;
    private final CostState state;
    private final int[] order;
    private final long[] minLinear;
    private Cost best;
    private Placement[] bestPlan;
    private long nodes;

    private ExhaustivePlanner(CostModel model, SearchSpace space) {
        this.model = model;
        this.space = space;
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
            for (Placement p : space.options(i)) {
                long v = 0;
                for (Term t : List.of(Term.SOFTWARE_CYCLES, Term.CROSS_CORE, Term.FAST_PATH, Term.CHURN)) {
                    v += model.spec().weight(t) * model.linear(t, i, p);
                }
                min = Math.min(min, v);
            }
            minLinear[i] = min;
        }
    }

    /** Why an input is too large for exhaustive search, if it is. */
    public static java.util.Optional<String> refusal(CostModel model) {
        return refusal(model, SearchSpace.reduced(model));
    }

    private static java.util.Optional<String> refusal(CostModel model, SearchSpace space) {
        long plans = space.canonicalPlans(MAX_ASSIGNMENTS);
        if (plans > MAX_ASSIGNMENTS) {
            long all = 0;
            for (int i = 0; i < model.flowCount(); i++) {
                all += model.options(i).size();
            }
            return java.util.Optional.of("exhaustive search refuses this input: its " + model.flowCount() + " flows have more than "
                    + MAX_ASSIGNMENTS + " assignments to search, even with the " + (all - space.candidateCount()) + " of " + all
                    + " candidates that another dominates dropped and the " + model.queues() + " queues in " + space.classCount()
                    + " classes of interchangeable queues; use greedy or optaplanner");
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
        return search(model, incumbent, SearchSpace.reduced(model)).plan();
    }

    /** What one search found and how many nodes it visited. */
    record Outcome(List<Placement> plan, long nodes) {
    }

    /** Searches {@code space} from {@code incumbent}, without the size check. */
    static Outcome search(CostModel model, List<Placement> incumbent, SearchSpace space) {
        ExhaustivePlanner search = new ExhaustivePlanner(model, space);
        search.bestPlan = incumbent.toArray(new Placement[0]);
        search.best = CostState.of(model, incumbent).cost();
        search.dfs(0, Arrays.stream(search.minLinear).sum());
        return new Outcome(List.of(search.bestPlan), search.nodes);
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
        List<Placement> options = new ArrayList<>();
        for (Placement p : space.options(i)) {
            if (canonical(p)) {
                options.add(p);
            }
        }
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

    /**
     * Whether the search tries {@code p} here: a queue in use, a spread, or the lowest-numbered unused queue
     * of its class (the other unused queues of the class give plans of the same costs).
     */
    private boolean canonical(Placement p) {
        if (p.isSpread() || state.queueFlows(p.queue()) > 0) {
            return true;
        }
        for (int q : space.queuesOf(space.classOf(p.queue()))) {
            if (state.queueFlows(q) == 0) {
                return q == p.queue();
            }
        }
        return true;
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
                // at or above the mean already: more load only raises this queue's share
                bound += scope.penalty(load);
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
        if (scope.unit() == 1) {
            return bound + (long) Math.floor(rest);
        }
        // Large loads: each queue's share is round((d / unit)^2) >= (d / unit)^2 - 1/2 (SpreadScope#penalty);
        // the margin of one covers the rounding of the doubles.
        double unit = scope.unit();
        double scaled = rest / (unit * unit) - 0.5 * deficits.size();
        return bound + Math.max(0, (long) Math.floor(scaled * (1 - 1e-12)) - 1);
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

}
