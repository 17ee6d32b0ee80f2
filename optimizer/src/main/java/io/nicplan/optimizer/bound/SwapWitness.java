package io.nicplan.optimizer.bound;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Evidence of how tight {@link LowerBound} is where the gap is wide: from a given plan, repeatedly takes two balanced
 * queues of a spread scope (the most unequal pair first) and moves one flow from the heavier to the lighter, or swaps
 * two flows between them (keeping a flow's filter mechanism, or giving an unfiltered flow a filter), trying first the
 * flows whose loads come nearest to halving the two queues' difference (a differencing step in the spirit of
 * Karmarkar and Karp's partitioning heuristic). A change is kept only when the exact cost ({@link CostState}, hard
 * rules first, so table capacities hold) improves. It runs twice, after taking parked flows back onto the balanced
 * queues ({@link #unpark}) and as given, and returns the best of the two and the start. The benchmark's evidence, and
 * the optaplanner strategy's first step on large inputs ({@code solver.IteratedDescent}): greedy parks heavy flows on
 * the default queue, and no single move of that search takes them back (issue #12). It changes one or two flows at a
 * time and stops when no such change gains.
 */
public final class SwapWitness {
    /** Candidate changes tried per pair of queues, nearest first. */
    private static final int TRIES = 32;

    private final CostModel model;
    private final CostState state;
    private final BooleanSupplier timeUp;

    private SwapWitness(CostModel model, List<Placement> start, BooleanSupplier timeUp) {
        this.model = model;
        this.state = CostState.of(model, start);
        this.timeUp = timeUp;
    }

    /**
     * The improved plan (at most {@code maxSteps} improving changes, each between two queues of one scope).
     *
     * @param start a complete plan (e.g. OptaPlanner's)
     * @param maxSteps how many improving changes to make at most
     */
    public static List<Placement> improve(CostModel model, List<Placement> start, int maxSteps) {
        return improve(model, start, maxSteps, () -> false);
    }

    /**
     * {@link #improve(CostModel, List, int)} that also stops when {@code timeUp} says so (checked before each pair of
     * queues is tried), so a search with a time limit can run it first. The run after un-parking goes first: it is the
     * one a single-move search cannot reach, so it is the one a short time limit should not cut.
     */
    public static List<Placement> improve(CostModel model, List<Placement> start, int maxSteps,
            BooleanSupplier timeUp) {
        List<Placement> best = start;
        Cost bestCost = CostState.of(model, start).cost();
        for (boolean unpark : new boolean[] {true, false}) {
            SwapWitness w = new SwapWitness(model, start, timeUp);
            if (unpark) {
                w.unpark();
            }
            w.descend(maxSteps);
            if (w.state.cost().betterThan(bestCost)) {
                best = w.state.placements();
                bestCost = w.state.cost();
            }
        }
        return best;
    }

    private void descend(int maxSteps) {
        for (int step = 0; step < maxSteps && !timeUp.getAsBoolean(); step++) {
            boolean improved = false;
            for (int s = 0; s < model.scopes().size(); s++) {
                improved |= step(s);
            }
            if (!improved) {
                return;
            }
        }
    }

    /**
     * Moves every flow a scope counts off its balanced queues (parked, e.g. on the default queue) to the least loaded
     * balanced queue, when that breaks no further hard rule: parking a heavy flow can be a local optimum that single
     * moves do not leave (taking it back first overloads one queue), while the descent afterwards evens it out.
     */
    private void unpark() {
        for (int s = 0; s < model.scopes().size(); s++) {
            SpreadScope scope = model.scopes().get(s);
            for (int i = 0; i < model.flowCount(); i++) {
                Placement p = state.placement(i);
                if (p.isSpread() || scope.balances(p.queue()) || !scope.counts(model.flow(i))) {
                    continue;
                }
                int light = -1;
                for (int q = 0; q < model.queues(); q++) {
                    if (scope.balances(q) && (light < 0 || state.scopeLoad(s, q) < state.scopeLoad(s, light))) {
                        light = q;
                    }
                }
                Placement there = light < 0 ? null : to(i, light);
                if (there != null && state.costIf(i, there).hard() <= state.cost().hard()) {
                    state.place(i, there);
                }
            }
        }
    }

    /** One improving move or swap between two of scope {@code s}'s queues, the most unequal pair first; false when none. */
    private boolean step(int s) {
        SpreadScope scope = model.scopes().get(s);
        List<Integer> balanced = new ArrayList<>();
        List<List<Integer>> on = new ArrayList<>();
        for (int q = 0; q < model.queues(); q++) {
            on.add(new ArrayList<>());
            if (scope.balances(q)) {
                balanced.add(q);
            }
        }
        for (int i = 0; i < model.flowCount(); i++) {
            Placement p = state.placement(i);
            if (p != null && !p.isSpread() && scope.balances(p.queue()) && scope.counts(model.flow(i))) {
                on.get(p.queue()).add(i);
            }
        }
        List<int[]> pairs = new ArrayList<>();
        for (int a : balanced) {
            for (int b : balanced) {
                if (state.scopeLoad(s, a) > state.scopeLoad(s, b)) {
                    pairs.add(new int[] {a, b});
                }
            }
        }
        pairs.sort(Comparator.comparingLong(ab -> state.scopeLoad(s, ab[1]) - state.scopeLoad(s, ab[0])));
        for (int[] ab : pairs) {
            if (timeUp.getAsBoolean()) {
                return false;
            }
            if (improve(s, scope, ab[0], ab[1], on)) {
                return true;
            }
        }
        return false;
    }

    /** One improving move or swap from queue {@code heavy} to the lighter queue {@code light}. */
    private boolean improve(int s, SpreadScope scope, int heavy, int light, List<List<Integer>> on) {
        long half = (state.scopeLoad(s, heavy) - state.scopeLoad(s, light)) / 2;
        List<Integer> onLight = new ArrayList<>(on.get(light));
        onLight.sort(Comparator.comparingLong(j -> scope.directLoad(model.flow(j))));
        // candidate changes: each heavy-queue flow alone, or with the light-queue flow lighter by about half the
        // difference; the nearest to halving the difference first (only those below 2 * half lower D)
        List<long[]> tries = new ArrayList<>();
        for (int i : on.get(heavy)) {
            long li = scope.directLoad(model.flow(i));
            tries.add(new long[] {Math.abs(li - half), i, -1});
            int k = lowerBound(onLight, scope, li - half);
            for (int c = Math.max(0, k - 1); c <= Math.min(onLight.size() - 1, k); c++) {
                int j = onLight.get(c);
                tries.add(new long[] {Math.abs(li - scope.directLoad(model.flow(j)) - half), i, j});
            }
        }
        tries.sort(Comparator.comparingLong(t -> t[0]));
        Cost before = state.cost();
        for (int t = 0; t < Math.min(TRIES, tries.size()) && tries.get(t)[0] < half; t++) {
            int i = (int) tries.get(t)[1];
            int j = (int) tries.get(t)[2];
            Placement toLight = to(i, light);
            Placement toHeavy = j < 0 ? null : to(j, heavy);
            if (toLight == null || (j >= 0 && toHeavy == null)) {
                continue;
            }
            Placement oldI = state.placement(i);
            Placement oldJ = j < 0 ? null : state.placement(j);
            state.place(i, toLight);
            if (j >= 0) {
                state.place(j, toHeavy);
            }
            if (state.cost().betterThan(before)) {
                return true;
            }
            state.place(i, oldI);
            if (j >= 0) {
                state.place(j, oldJ);
            }
        }
        return false;
    }

    /** Flow {@code i} on queue {@code q}: by its own mechanism when it has an entry, else by the first filter that reaches q. */
    private Placement to(int i, int q) {
        Placement now = state.placement(i);
        Placement first = null;
        for (Placement p : model.options(i)) {
            if (p.isSpread() || p.queue() != q || p.equals(model.unfiltered(i)) || p.fastPath() != now.fastPath()) {
                continue;
            }
            if (p.mechanism() == now.mechanism()) {
                return p;
            }
            first = first == null ? p : first;
        }
        return first;
    }

    /** The first index of {@code sorted} whose flow's load is at least {@code load}. */
    private int lowerBound(List<Integer> sorted, SpreadScope scope, long load) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scope.directLoad(model.flow(sorted.get(mid))) < load) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
