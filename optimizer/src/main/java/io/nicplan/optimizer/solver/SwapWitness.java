package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.Pool;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * A search step for balancing spread scopes, and the benchmark's upper-bound witness where the gap to
 * {@code bound.LowerBound} is wide: from a given plan, repeatedly takes two balanced queues of a spread scope (the most
 * unequal pair first) and moves one flow from the heavier to the lighter, or swaps two flows between them (keeping a
 * flow's filter mechanism, or giving an unfiltered flow a filter), trying first the flows whose loads come nearest to
 * halving the two queues' difference (a differencing step in the spirit of Karmarkar and Karp's partitioning
 * heuristic). A change is kept only when the exact cost ({@link CostState}, hard rules first, so table capacities
 * hold) improves. Then it re-splits pairs of queues exactly ({@link #repartition}). It runs twice, after taking parked
 * flows back onto the balanced queues ({@link #unpark}) and as given, and returns the best of the two and the start.
 * The optaplanner strategy's first step on large inputs ({@code Planner}, {@link IteratedDescent}): greedy parks heavy flows on the
 * default queue, and no single move of that search takes them back (issue #12).
 */
public final class SwapWitness {
    /** Candidate changes tried per pair of queues, nearest first. */
    private static final int TRIES = 32;

    private final CostModel model;
    private final CostState state;
    private final BooleanSupplier timeUp;
    /** Draws the flows a re-split weighs when two queues hold more than {@link #MOST_FREE}; fixed seed, same plan each run. */
    private final SplittableRandom random = new SplittableRandom(12);

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
        CostState startState = CostState.of(model, start);
        Cost bestCost = startState.cost();
        long bestSquares = squares(startState);
        for (boolean unpark : new boolean[] {true, false}) {
            SwapWitness w = new SwapWitness(model, start, timeUp);
            if (unpark) {
                w.unpark();
            }
            // the exact re-splits first: they even the queues out in a few passes where single moves and swaps take
            // thousands of steps, then the moves and swaps, then the re-splits again from what those changed
            w.repartition();
            w.descend(maxSteps);
            w.repartition();
            // at equal cost, the plan with the smaller squares: the rounded value hides progress a later search builds on
            if (w.state.cost().betterThan(bestCost) || (w.state.cost().equals(bestCost) && w.squares() < bestSquares)) {
                best = w.state.placements();
                bestCost = w.state.cost();
                bestSquares = w.squares();
            }
            if (w.settled()) {
                // every spread already rounds to 0: the run as given cannot even the queues out further
                break;
            }
        }
        return best;
    }

    private long squares() {
        return squares(state);
    }

    /** Whether every spread scope's value rounds to 0. */
    private boolean settled() {
        for (int s = 0; s < model.scopes().size(); s++) {
            if (model.scopes().get(s).value(state.scopeSquares(s)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Every spread scope's sum of squares, added up. */
    private static long squares(CostState state) {
        long sum = 0;
        for (int s = 0; s < state.model().scopes().size(); s++) {
            sum += state.scopeSquares(s);
        }
        return sum;
    }

    private void descend(int maxSteps) {
        for (int step = 0; step < maxSteps && !timeUp.getAsBoolean(); step++) {
            boolean improved = false;
            for (int s = 0; s < model.scopes().size(); s++) {
                if (model.scopes().get(s).value(state.scopeSquares(s)) > 0) {
                    improved |= step(s);
                }
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

    /** Most flows of two queues one exact re-partition weighs at once: 2^11 subset sums per half. */
    private static final int MOST_FREE = 22;
    /** Passes over every pair of queues that find nothing before {@link #repartition} gives up (random samples differ). */
    private static final int IDLE_PASSES = 3;

    /**
     * Exact pairwise balancing: for two balanced queues of a scope, the flows on them that can move to the other one
     * (up to {@link #MOST_FREE}, sampled when more) are re-split so that the two loads come as near each other as any
     * split of those flows allows, a subset sum found by meeting in the middle (the squares of the two queues are
     * convex in the load on one of them, least at half their sum). Single moves and swaps leave the queues a few
     * hundred packets per second apart on by-rate costs (issue #12, bench search 100 flows: 0.4 – 1.9 pps of spread);
     * a re-split of two dozen flows has millions of sums to choose from and lands within a few packets per second. A
     * re-split is kept when it breaks no further hard rule, raises no soft cost and lowers the scope's squares. The
     * pairs are tried the most unequal first; it ends when {@link #IDLE_PASSES} passes over all pairs change nothing.
     */
    private void repartition() {
        for (int s = 0; s < model.scopes().size(); s++) {
            SpreadScope scope = model.scopes().get(s);
            int idle = 0;
            // a scope whose value rounds to 0 has nothing left to gain
            while (idle < IDLE_PASSES && !timeUp.getAsBoolean() && scope.value(state.scopeSquares(s)) > 0) {
                idle = repartitionPass(s, scope) ? 0 : idle + 1;
            }
        }
    }

    /** One pass over scope {@code s}'s pairs of balanced queues, the most unequal first; whether some re-split was kept. */
    private boolean repartitionPass(int s, SpreadScope scope) {
        List<Integer> balanced = new ArrayList<>();
        for (int q = 0; q < model.queues(); q++) {
            if (scope.balances(q)) {
                balanced.add(q);
            }
        }
        List<int[]> pairs = new ArrayList<>();
        for (int x = 0; x < balanced.size(); x++) {
            for (int y = x + 1; y < balanced.size(); y++) {
                pairs.add(new int[] {balanced.get(x), balanced.get(y)});
            }
        }
        pairs.sort(Comparator.comparingLong(ab -> -Math.abs(state.scopeLoad(s, ab[0]) - state.scopeLoad(s, ab[1]))));
        boolean changed = false;
        for (int[] ab : pairs) {
            if (timeUp.getAsBoolean()) {
                break;
            }
            if (state.scopeLoad(s, ab[0]) != state.scopeLoad(s, ab[1])) {
                changed |= resplit(s, scope, ab[0], ab[1]);
            }
        }
        return changed;
    }

    /** Re-splits the movable flows of queues {@code a} and {@code b} as evenly as their loads allow; whether it was kept. */
    private boolean resplit(int s, SpreadScope scope, int a, int b) {
        // flows that can change sides without a new table entry, and those that need one (an unfiltered flow leaving
        // its hashed queue): the latter only as many as the tables have room for, so a full table does not make
        // every re-split overflow (bench search, 82599 at 10,000 flows: every filter in use)
        List<Integer> free = new ArrayList<>();
        List<Integer> needEntry = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            Placement p = state.placement(i);
            if (p == null || p.isSpread() || (p.queue() != a && p.queue() != b) || !scope.counts(model.flow(i))) {
                continue;
            }
            Placement there = toward(i, p.queue() == a ? b : a);
            if (there != null) {
                (takesEntry(p, there) ? needEntry : free).add(i);
            }
        }
        int[] some = sample(free.size(), MOST_FREE);
        int[] more = sample(needEntry.size(), Math.min(MOST_FREE - some.length, roomInTables()));
        List<Integer> weighed = new ArrayList<>();
        for (int k : some) {
            weighed.add(free.get(k));
        }
        for (int k : more) {
            weighed.add(needEntry.get(k));
        }
        free = weighed;
        if (free.size() < 2) {
            return false;
        }
        int[] pick = IntStream.range(0, free.size()).toArray();
        long onAFree = 0;
        long[] load = new long[pick.length];
        for (int k = 0; k < pick.length; k++) {
            int i = free.get(pick[k]);
            load[k] = scope.directLoad(model.flow(i));
            onAFree += state.placement(i).queue() == a ? load[k] : 0;
        }
        long fixedA = state.scopeLoad(s, a) - onAFree;
        long pair = state.scopeLoad(s, a) + state.scopeLoad(s, b);
        // the free load on a that brings a to half the pair's load, found among the subsets' sums
        long mask = nearestSubset(load, pair / 2 - fixedA);
        long newA = fixedA;
        for (int k = 0; k < load.length; k++) {
            newA += (mask >>> k & 1) != 0 ? load[k] : 0;
        }
        if (Math.abs(2 * newA - pair) >= Math.abs(state.scopeLoad(s, a) - state.scopeLoad(s, b))) {
            return false;
        }
        long hard = state.hard();
        long soft = state.weightedSoft();
        long squares = state.scopeSquares(s);
        int[] flows = new int[pick.length];
        Placement[] old = new Placement[pick.length];
        for (int k = 0; k < pick.length; k++) {
            flows[k] = free.get(pick[k]);
            old[k] = state.placement(flows[k]);
        }
        // flows that give an entry back (to their unfiltered path) or keep their kind move first, then those that
        // need a new entry, which then find the room the first ones left
        for (boolean needsEntry : new boolean[] {false, true}) {
            for (int k = 0; k < flows.length; k++) {
                int q = (mask >>> k & 1) != 0 ? a : b;
                if (old[k].queue() == q) {
                    continue;
                }
                Placement to = toward(flows[k], q);
                if (to != null && needsEntry == takesEntry(old[k], to)) {
                    state.place(flows[k], to);
                }
            }
        }
        if (state.hard() <= hard && state.weightedSoft() <= soft && state.scopeSquares(s) < squares) {
            return true;
        }
        for (int k = 0; k < flows.length; k++) {
            if (!state.placement(flows[k]).equals(old[k])) {
                state.place(flows[k], old[k]);
            }
        }
        return false;
    }

    /** Whether moving from {@code from} to {@code to} draws an entry from a table {@code from} did not hold one of. */
    private static boolean takesEntry(Placement from, Placement to) {
        List<Pool> held = CostModel.pools(from);
        for (Pool pool : CostModel.pools(to)) {
            if (!held.contains(pool)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Flow {@code i} whole on queue {@code q}, drawing as few new table entries as it can: its unfiltered path when
     * that lands there (an entry freed), else its own kind of entry, else a filter whose tables have room, else the
     * first that reaches q (the cost check then refuses what overflows).
     */
    private Placement toward(int i, int q) {
        Placement now = state.placement(i);
        Placement unfiltered = model.unfiltered(i);
        if (!unfiltered.isSpread() && unfiltered.queue() == q && unfiltered.fastPath() == now.fastPath()) {
            return unfiltered;
        }
        Placement roomy = null;
        Placement first = null;
        for (Placement p : model.options(i)) {
            if (p.isSpread() || p.queue() != q || p.fastPath() != now.fastPath()) {
                continue;
            }
            if (p.mechanism() == now.mechanism()) {
                return p;
            }
            if (roomy == null && hasRoom(p)) {
                roomy = p;
            }
            first = first == null ? p : first;
        }
        return roomy != null ? roomy : first;
    }

    private boolean hasRoom(Placement p) {
        for (Pool pool : CostModel.pools(p)) {
            if (state.poolCount(pool) >= model.capacity(pool)) {
                return false;
            }
        }
        return true;
    }

    /** Indices of {@code size} items: all of them when at most {@code most}, else {@code most} drawn at random. */
    private int[] sample(int size, int most) {
        int[] all = IntStream.range(0, size).toArray();
        if (size <= most) {
            return all;
        }
        for (int k = 0; k < most; k++) {
            int r = k + random.nextInt(size - k);
            int t = all[k];
            all[k] = all[r];
            all[r] = t;
        }
        return Arrays.copyOf(all, Math.max(0, most));
    }

    /** Free entries left in the tables filters draw from, added up (0 when every one is full). */
    private int roomInTables() {
        long room = 0;
        for (Pool pool : Pool.values()) {
            if (pool != Pool.FLOWSTATE) {
                room += Math.max(0, model.capacity(pool) - state.poolCount(pool));
            }
        }
        return (int) Math.min(MOST_FREE, room);
    }

    /**
     * The subset of {@code load} (as a bit mask) whose sum is nearest {@code target}: every sum of each half
     * enumerated, the second half's sorted, and for each sum of the first the nearest complement looked up.
     */
    static long nearestSubset(long[] load, long target) {
        int h = load.length / 2;
        long[] first = sums(load, 0, h);
        long[] second = sums(load, h, load.length);
        Integer[] order = new Integer[second.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingLong(k -> second[k]));
        long[] sorted = new long[second.length];
        for (int k = 0; k < order.length; k++) {
            sorted[k] = second[order[k]];
        }
        long bestMask = 0;
        long bestMiss = Long.MAX_VALUE;
        for (int m = 0; m < first.length && bestMiss > 0; m++) {
            long want = target - first[m];
            int at = Arrays.binarySearch(sorted, want);
            int k = at >= 0 ? at : -at - 1;
            for (int c = Math.max(0, k - 1); c <= Math.min(sorted.length - 1, k); c++) {
                long miss = Math.abs(want - sorted[c]);
                if (miss < bestMiss) {
                    bestMiss = miss;
                    bestMask = m | ((long) order[c] << h);
                }
            }
        }
        return bestMask;
    }

    /** The sums of every subset of {@code load[from..to)}, indexed by the subset's bit mask. */
    private static long[] sums(long[] load, int from, int to) {
        long[] sums = new long[1 << (to - from)];
        for (int k = from; k < to; k++) {
            int bit = 1 << (k - from);
            for (int m = 0; m < bit; m++) {
                sums[m | bit] = sums[m] + load[k];
            }
        }
        return sums;
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
