package io.nicplan.optimizer.baseline;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The true optimum by depth-first branch and bound, for small inputs. The bound adds to the partial
 * plan's cost (hard penalties and per-flow terms only grow) the cheapest per-flow terms of the flows
 * still open and, per spread scope, the least sum of squared deviations D the remaining load can reach by
 * filling the emptiest queues (a continuous relaxation, so never above the true remainder; with whole
 * flows when every flow the scope counts carries the same load, as under balance), charged as
 * {@link SpreadScope#value}, which never decreases as D grows, so it stays a lower bound.
 *
 * <p>The search runs over a {@link SearchSpace}: dominated candidates dropped and interchangeable
 * queues tried once each (both exact, see there), so it reaches inputs whose plain space is far larger.
 * An input whose reduced space is still too large is solved when the bound before any flow is placed
 * already meets the greedy plan's cost (the greedy plan is then optimal), and refused otherwise.
 */
public final class ExhaustivePlanner {
    /** Most canonical assignments (plans left after both reductions) this search accepts. */
    public static final long MAX_ASSIGNMENTS = 20_000_000_000L;

    private final CostModel model;
    private final SearchSpace space;
    private final CostState state;
    private final int[] order;
    private final long[] minLinear;
    /** Per spread scope: the load each flow it counts adds to its queue, when all add the same and none spreads; else 0. */
    private final long[] equalLoad;
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
                min = Math.min(min, model.weightedLinear(i, p));
            }
            minLinear[i] = min;
        }
        this.equalLoad = new long[model.scopes().size()];
        for (int s = 0; s < equalLoad.length; s++) {
            SpreadScope scope = model.scopes().get(s);
            long load = -1;
            boolean alike = true;
            for (int i = 0; i < n && alike; i++) {
                if (scope.counts(model.flow(i))) {
                    long l = scope.directLoad(model.flow(i));
                    alike = (load < 0 || load == l) && space.options(i).stream().noneMatch(Placement::isSpread);
                    load = l;
                }
            }
            equalLoad[s] = alike ? Math.max(0, load) : 0;
        }
    }

    /** Why an input is too large for exhaustive search, if it is. */
    public static Optional<String> refusal(CostModel model) {
        return decide(model, List.of()).refusal();
    }

    /**
     * How an input is solved: by searching the reduced space when it holds at most {@link #MAX_ASSIGNMENTS}
     * canonical plans; else by the lower bound alone when the bound at the root meets the best greedy plan's
     * cost (that plan is then optimal, whatever the size); else not at all.
     *
     * @param proven the greedy plan the root bound proves optimal, when that is how
     */
    private record Decision(SearchSpace space, Optional<List<Placement>> proven, Optional<String> refusal) {
    }

    private static Decision decide(CostModel model, List<Placement> incumbent) {
        SearchSpace space = SearchSpace.reduced(model);
        if (space.canonicalPlans(MAX_ASSIGNMENTS) <= MAX_ASSIGNMENTS) {
            return new Decision(space, Optional.empty(), Optional.empty());
        }
        List<Placement> greedy = bestOf(model, incumbent);
        Cost cost = CostState.of(model, greedy).cost();
        long bound = new ExhaustivePlanner(model, space).rootBound();
        if (cost.feasible() && bound >= cost.soft()) {
            return new Decision(space, Optional.of(greedy), Optional.empty());
        }
        long all = 0;
        for (int i = 0; i < model.flowCount(); i++) {
            all += model.options(i).size();
        }
        return new Decision(space, Optional.empty(), Optional.of("exhaustive search refuses this input: its " + model.flowCount()
                + " flows have more than " + MAX_ASSIGNMENTS + " assignments to search, even with the " + (all - space.candidateCount())
                + " of " + all + " candidates that another dominates dropped and the " + model.queues() + " queues in "
                + space.classCount() + " classes of interchangeable queues, and the lower bound (" + bound
                + ") does not reach the greedy plan's cost (" + cost + ") to prove it optimal; use greedy or optaplanner"));
    }

    /** The cheapest of {@code incumbent} (when given) and the greedy plans in Dragonet's and heaviest-first order. */
    private static List<Placement> bestOf(CostModel model, List<Placement> incumbent) {
        List<Placement> best = GreedyPlanner.plan(model);
        for (List<Placement> other : List.of(GreedyPlanner.plan(model, GreedyPlanner.heavyFirst(model)), incumbent)) {
            if (other.size() == model.flowCount() && CostState.of(model, other).cost().betterThan(CostState.of(model, best).cost())) {
                best = other;
            }
        }
        return best;
    }

    /**
     * The optimal placements.
     *
     * @param incumbent a known plan (e.g. greedy's) to start the bound from
     * @throws IllegalArgumentException when the input is too large (see {@link #refusal})
     */
    public static List<Placement> plan(CostModel model, List<Placement> incumbent) {
        Decision d = decide(model, incumbent);
        d.refusal().ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        if (d.proven().isPresent()) {
            return d.proven().get();
        }
        return search(model, incumbent, d.space()).plan();
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

    /** A lower bound on the soft cost of every plan: per-flow minima plus each scope's least spread. */
    private long rootBound() {
        long soft = Arrays.stream(minLinear).sum();
        List<SpreadScope> scopes = model.scopes();
        for (int s = 0; s < scopes.size(); s++) {
            soft += model.spec().weight(scopes.get(s).term()) * spreadBound(s, scopes.get(s));
        }
        return soft;
    }

    private boolean prunable(long openLinear) {
        // the rules' penalty only grows as flows are placed; a flow-count term's rejection may fall, so it bounds nothing
        long hard = state.rulesHard();
        if (hard > best.hard()) {
            return true;
        }
        long soft = state.weightedLinear() + openLinear;
        List<SpreadScope> scopes = model.scopes();
        for (int s = 0; s < scopes.size(); s++) {
            soft += model.spec().weight(scopes.get(s).term()) * spreadBound(s, scopes.get(s));
        }
        return hard == best.hard() && soft >= best.soft() || hard > best.hard();
    }

    /** Least value scope {@code s} can reach when the load not yet placed fills its emptiest queues. */
    private long spreadBound(int s, SpreadScope scope) {
        return scope.value(squaresBound(s, scope));
    }

    /** Least D (sum of the balanced queues' squares) scope {@code s} can reach from the current state. */
    private long squaresBound(int s, SpreadScope scope) {
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
                bound += scope.square(load);
            } else {
                deficits.add(d);
            }
        }
        long equal = equalLoad[s];
        if (equal > 0 && scope.unit() == 1) {
            // the open flows, each lowering one deficit by |B| times its load
            return bound + integerFill(deficits, (scope.total() - placed) / equal, b * equal);
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
        // Large loads: each queue's share is round((d / unit)^2) >= (d / unit)^2 - 1/2 (SpreadScope#square);
        // the margin of one covers the rounding of the doubles.
        double unit = scope.unit();
        double scaled = rest / (unit * unit) - 0.5 * deficits.size();
        return bound + Math.max(0, (long) Math.floor(scaled * (1 - 1e-12)) - 1);
    }

    /**
     * The least sum of squared deficits left when {@code flows} flows go to the queues, each lowering one
     * deficit by {@code step} (or going elsewhere). Each queue's share is convex in its flow count and the
     * shares add up, so giving each next flow to the largest deficit is optimal (marginal allocation).
     */
    static long integerFill(List<Long> deficits, long flows, long step) {
        long[] r = new long[deficits.size()];
        long wanted = 0;
        for (int q = 0; q < r.length; q++) {
            long d = deficits.get(q);
            // the count nearest d / step leaves the least square on this queue alone
            long k = (2 * d + step) / (2 * step);
            wanted += k;
            r[q] = d - k * step;
        }
        if (wanted > flows && r.length > 0) {
            for (int q = 0; q < r.length; q++) {
                r[q] = deficits.get(q);
            }
            for (long f = 0; f < flows; f++) {
                int top = 0;
                for (int q = 1; q < r.length; q++) {
                    if (r[q] > r[top]) {
                        top = q;
                    }
                }
                if (2 * r[top] <= step) {
                    break;
                }
                r[top] -= step;
            }
        }
        long sum = 0;
        for (long v : r) {
            sum += v * v;
        }
        return sum;
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
