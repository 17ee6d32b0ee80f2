package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.HardRule;
import io.nicplan.optimizer.cost.Pool;
import io.nicplan.optimizer.domain.Placement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.phase.custom.CustomPhaseCommand;

/**
 * An OptaPlanner phase of iterated descent over the flows' choices, evaluated on {@link CostState} (a move costs
 * microseconds there, against tens of microseconds through the solver's move machinery, and escaping the deceptive
 * basins of these plans takes many moves). Descent applies improving change moves, swaps of two flows' choices
 * (which hands a filter from one flow to another) and ejections (a flow takes a full table's entry and the flow that
 * held one returns to its unfiltered path); each round then perturbs the plan (a few flows to random choices, or the
 * flows of two queues exchanged, which moves a dominant flow's whole queue at once) and descends again, keeping the
 * result when it is no worse. The best plan found is written back to the working solution.
 *
 * <p>It ends after {@code rounds} rounds when given (fewer on more than ten flows: {@code rounds * 10 / n}; the same
 * plan on any machine, with {@code timeLimit} only as a cap), otherwise when {@code timeLimit} is spent (a quarter of
 * it on more than 64 flows) or nothing improved for {@code unimprovedLimit}; {@link #stop()} ends it at once.
 */
public final class IteratedDescent implements CustomPhaseCommand<PlacementSolution> {
    /** Up to this many flows, every pair is tried as a swap and every holder of a full table for an ejection. */
    public static final int ALL_PAIRS = 64;
    /** Most improving changes the {@link SwapWitness} start makes (as many as the benchmark's witness). */
    public static final int WITNESS_STEPS = 20_000;

    private final long seed;
    private final OptionalInt rounds;
    private final Duration timeLimit;
    private final Duration unimprovedLimit;
    private volatile boolean stopped;

    private CostModel model;
    private CostState state;
    /** Where the changes this phase evaluates are counted (the search's moves per second). */
    private java.util.concurrent.atomic.LongAdder evaluatedMoves = new java.util.concurrent.atomic.LongAdder();
    private int n;
    private int[] current;
    private SplittableRandom random;
    /** The flows the descent still has to look at, in order, and which flows those are. */
    private final ArrayDeque<Integer> work = new ArrayDeque<>();
    private boolean[] isMarked;
    private int marked;
    /** Flows marked since the last swap and ejection pass: the ones those moves start from on large inputs. */
    private final List<Integer> recent = new ArrayList<>();

    public IteratedDescent(long seed, OptionalInt rounds, Duration timeLimit, Duration unimprovedLimit) {
        this.seed = seed;
        this.rounds = rounds;
        this.timeLimit = timeLimit;
        this.unimprovedLimit = unimprovedLimit;
    }

    /** Ends the phase at its next move (a cancelled plan). */
    public void stop() {
        stopped = true;
    }

    @Override
    public void changeWorkingSolution(ScoreDirector<PlacementSolution> director) {
        long start = System.nanoTime();
        List<FlowAssignment> assignments = director.getWorkingSolution().getAssignments();
        model = director.getWorkingSolution().model();
        evaluatedMoves = director.getWorkingSolution().evaluatedMoves();
        n = assignments.size();
        // On large inputs late acceptance's many small moves pay more than perturbation rounds (bench search,
        // 1,000 flows): a search by time keeps a quarter of the descent's time there.
        boolean byTime = rounds.isEmpty();
        long deadline = start + (n <= ALL_PAIRS || !byTime ? timeLimit.toNanos() : timeLimit.toNanos() / 4);
        if (n == 0 || assignments.stream().anyMatch(a -> a.getChoice() == null)) {
            return;
        }
        random = new SplittableRandom(seed);
        current = new int[n];
        state = new CostState(model);
        for (int i = 0; i < n; i++) {
            current[i] = Math.max(0, model.choices(i).indexOf(assignments.get(i).getChoice()));
            state.place(i, resolve(i, current[i]));
        }
        if (n > ALL_PAIRS) {
            // the witness's plan is most of what large inputs gain (bench search, issue #12): it may take the whole
            // phase's time, the rounds what it leaves of their quarter
            unparkAndBalance(start + timeLimit.toNanos());
        }
        isMarked = new boolean[n];
        markAll();
        descend(deadline);
        int[] best = current.clone();
        long bestHard = state.hard();
        long bestSoft = state.weightedSoft();
        long lastImprovement = System.nanoTime();
        int[] kept = current.clone();
        long keptHard = bestHard;
        long keptSoft = bestSoft;
        // a round on n flows does about n / 10 times the work of one on ten flows, so a round budget shrinks with n
        long roundLimit = rounds.isPresent() ? Math.max(1, rounds.getAsInt() * 10L / Math.max(10, n)) : Long.MAX_VALUE;
        for (long round = 0; !stopped; round++) {
            long now = System.nanoTime();
            if (rounds.isPresent() ? round >= roundLimit
                    : now >= deadline || now - lastImprovement >= unimprovedLimit.toNanos()) {
                break;
            }
            perturb();
            if (n <= ALL_PAIRS) {
                // on small inputs a full sweep is cheap and finds what marking would miss
                markAll();
            }
            descend(deadline);
            long hard = state.hard();
            long soft = state.weightedSoft();
            if (better(hard, soft, bestHard, bestSoft)) {
                best = current.clone();
                bestHard = hard;
                bestSoft = soft;
                lastImprovement = System.nanoTime();
            }
            if (!better(keptHard, keptSoft, hard, soft)) {
                kept = current.clone();
                keptHard = hard;
                keptSoft = soft;
            } else {
                moveTo(kept);
            }
            // what the next perturbation marks is all the next descent need look at
            while (marked > 0) {
                popMarked();
            }
            recent.clear();
        }
        for (int i = 0; i < n; i++) {
            FlowAssignment a = assignments.get(i);
            Placement choice = model.choices(i).get(best[i]);
            if (!choice.equals(a.getChoice())) {
                director.beforeVariableChanged(a, "choice");
                a.setChoice(choice);
                director.afterVariableChanged(a, "choice");
            }
        }
        director.triggerVariableListeners();
    }

    /**
     * Starts from {@link SwapWitness}'s plan when it is better: it takes flows parked off the balanced queues back and
     * evens the queues out by moves and swaps between the most unequal pair, which the descent's single moves do not
     * reach from greedy's plan (issue #12: 1,000 flows by rate, 82599/10q 3,991 pps against the witness's ~0.001).
     */
    private void unparkAndBalance(long deadline) {
        List<Placement> start = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            start.add(resolve(i, current[i]));
        }
        List<Placement> balanced = SwapWitness.improve(model, start, WITNESS_STEPS,
                () -> stopped || System.nanoTime() >= deadline);
        if (balanced == start) {
            return;
        }
        for (int i = 0; i < n; i++) {
            // options and choices share their indices (choices only name the first one UNFILTERED)
            int c = model.options(i).indexOf(balanced.get(i));
            if (c >= 0 && c != current[i]) {
                set(i, c);
            }
        }
    }

    private static boolean better(long hard, long soft, long thanHard, long thanSoft) {
        return hard < thanHard || (hard == thanHard && soft < thanSoft);
    }

    private Placement resolve(int i, int choice) {
        Placement p = model.choices(i).get(choice);
        return p == Placement.UNFILTERED ? model.unfiltered(i) : p;
    }

    private void set(int i, int choice) {
        current[i] = choice;
        state.place(i, resolve(i, choice));
        evaluatedMoves.increment();
    }

    private void moveTo(int[] plan) {
        for (int i = 0; i < n; i++) {
            if (current[i] != plan[i]) {
                set(i, plan[i]);
            }
        }
    }

    /**
     * Applies improving moves until none is left (or time is up), looking first at the flows marked: a move marks the
     * flows on the queues it touched, since only their best moves can have changed much.
     */
    private void descend(long deadline) {
        while (!stopped && System.nanoTime() < deadline) {
            while (marked > 0 && !stopped) {
                int i = popMarked();
                int from = current[i];
                if (bestChange(i)) {
                    markQueuesOf(i, from);
                }
            }
            if (!(swaps() || ejections())) {
                return;
            }
        }
    }

    private void mark(int i) {
        if (!isMarked[i]) {
            isMarked[i] = true;
            marked++;
            work.add(i);
            recent.add(i);
        }
    }

    private int popMarked() {
        int i = work.poll();
        isMarked[i] = false;
        marked--;
        return i;
    }

    private void markAll() {
        for (int k = 0, offset = random.nextInt(n); k < n; k++) {
            mark((k + offset) % n);
        }
    }

    /** Marks flow {@code i} and every flow directly on the queues of its choices {@code before} and now. */
    private void markQueuesOf(int i, int before) {
        mark(i);
        int a = resolve(i, before).queue();
        int b = resolve(i, current[i]).queue();
        for (int j = 0; j < n; j++) {
            int q = resolve(j, current[j]).queue();
            if (q == a || q == b || q == Placement.SPREAD || a == Placement.SPREAD || b == Placement.SPREAD) {
                mark(j);
            }
        }
    }

    /** Moves flow {@code i} to its best choice if that improves the plan. */
    private boolean bestChange(int i) {
        int from = current[i];
        long bestHard = state.hard();
        long bestSoft = state.weightedSoft();
        int bestChoice = from;
        int options = model.choices(i).size();
        for (int c = 0; c < options; c++) {
            if (c == from) {
                continue;
            }
            state.place(i, resolve(i, c));
            evaluatedMoves.increment();
            long h = state.hard();
            long s = state.weightedSoft();
            if (better(h, s, bestHard, bestSoft)) {
                bestHard = h;
                bestSoft = s;
                bestChoice = c;
            }
        }
        set(i, bestChoice);
        return bestChoice != from;
    }

    /**
     * The first improving swap of two flows' choices (each must be the other's option), applied: every pair on small
     * inputs, else each recently marked flow with a few random others.
     */
    private boolean swaps() {
        if (n <= ALL_PAIRS) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (trySwap(i, j)) {
                        return true;
                    }
                }
            }
            return false;
        }
        for (int i : recent) {
            for (int k = 0; k < 2; k++) {
                int j = random.nextInt(n);
                if (j != i && trySwap(i, j)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean trySwap(int i, int j) {
        Placement vi = model.choices(i).get(current[i]);
        Placement vj = model.choices(j).get(current[j]);
        if (vi.equals(vj)) {
            return false;
        }
        int ci = model.choices(i).indexOf(vj);
        int cj = model.choices(j).indexOf(vi);
        if (ci < 0 || cj < 0) {
            return false;
        }
        long hard = state.hard();
        long soft = state.weightedSoft();
        int oi = current[i];
        int oj = current[j];
        set(i, ci);
        set(j, cj);
        if (better(state.hard(), state.weightedSoft(), hard, soft)) {
            markQueuesOf(i, oi);
            markQueuesOf(j, oj);
            return true;
        }
        set(j, oj);
        set(i, oi);
        return false;
    }

    /**
     * The first improving ejection: flow i takes an entry of a table that is then over capacity, and a flow holding
     * an entry of that table returns to its unfiltered path.
     */
    private boolean ejections() {
        List<Integer> candidates = new ArrayList<>(n <= ALL_PAIRS ? IntStream.range(0, n).boxed().toList() : recent);
        recent.clear();
        for (int i : candidates) {
            int from = current[i];
            List<Placement> choices = model.choices(i);
            // on large inputs, two random choices per flow: the full neighbourhood is n times the table size
            int tried = n <= ALL_PAIRS ? choices.size() : Math.min(2, choices.size());
            for (int t = 0; t < tried; t++) {
                int c = n <= ALL_PAIRS ? t : random.nextInt(choices.size());
                if (c == from || !choices.get(c).mechanism().isFilter()) {
                    continue;
                }
                long hard = state.hard();
                long soft = state.weightedSoft();
                long overBefore = state.rule(HardRule.CAPACITY);
                set(i, c);
                if (state.rule(HardRule.CAPACITY) > overBefore) {
                    List<Pool> pools = CostModel.pools(choices.get(c));
                    int tries = n <= ALL_PAIRS ? n : 4;
                    for (int k = 0; k < tries; k++) {
                        int j = n <= ALL_PAIRS ? k : random.nextInt(n);
                        if (j == i || current[j] == 0 || !sharesPool(resolve(j, current[j]), pools)) {
                            continue;
                        }
                        int oj = current[j];
                        set(j, 0);
                        if (better(state.hard(), state.weightedSoft(), hard, soft)) {
                            markQueuesOf(i, from);
                            markQueuesOf(j, oj);
                            return true;
                        }
                        set(j, oj);
                    }
                }
                set(i, from);
            }
        }
        return false;
    }

    private static boolean sharesPool(Placement p, List<Pool> pools) {
        for (Pool pool : CostModel.pools(p)) {
            if (pools.contains(pool)) {
                return true;
            }
        }
        return false;
    }

    /** A few flows to random choices, or (one round in four) the flows of two queues exchanged. */
    private void perturb() {
        if (model.queues() > 1 && random.nextInt(4) == 0) {
            exchangeQueues(random.nextInt(model.queues()), random.nextInt(model.queues()));
            return;
        }
        int k = 1 + random.nextInt(Math.min(n, 3));
        for (int m = 0; m < k; m++) {
            int i = random.nextInt(n);
            int from = current[i];
            set(i, random.nextInt(model.choices(i).size()));
            markQueuesOf(i, from);
        }
    }

    /** Every flow steered directly to queue a goes to queue b by the same mechanism, and the other way round. */
    private void exchangeQueues(int a, int b) {
        if (a == b) {
            return;
        }
        for (int i = 0; i < n; i++) {
            Placement p = model.choices(i).get(current[i]);
            if (p == Placement.UNFILTERED || p.isSpread() || (p.queue() != a && p.queue() != b)) {
                continue;
            }
            int c = model.choices(i).indexOf(new Placement(p.mechanism(), p.queue() == a ? b : a, p.fastPath()));
            if (c >= 0) {
                int from = current[i];
                set(i, c);
                markQueuesOf(i, from);
            }
        }
    }
}
