package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Placement;
import java.util.List;

/**
 * The exact cost of a (possibly partial) assignment of placements to flows, kept up to date in
 * constant time per change (per changed flow: its queues' loads, its tables, its overlaps). Greedy,
 * exhaustive search and incremental re-planning evaluate candidates with it; its values equal the
 * constraint streams' (checked by tests). An unplaced flow contributes nothing but still counts in
 * the spread terms' totals.
 */
public final class CostState {
    private static final List<HardRule> PER_FLOW = List.of(HardRule.MECHANISM_UNAVAILABLE, HardRule.CLASS_QUEUES,
            HardRule.RESERVED_QUEUE, HardRule.SAME_CORE);

    private final CostModel model;
    private final Placement[] placement;
    /** Per term in use ({@link CostModel#terms()}): its value. */
    private final long[] termValue;
    /** Per spread scope: the index of its term in {@link #termValue}. */
    private final int[] scopeTerm;
    /** Per linear term in use ({@link CostModel#linearTerms()}): the index of its value in {@link #termValue}. */
    private final int[] linearIndex;
    /** Per term in use: its weight. */
    private final long[] weight;
    private final long[] ruleValue = new long[HardRule.values().length];
    private final long[][] load;
    /** Per spread scope: D, the sum over its balanced queues of (|B| * load - T)^2 ({@link SpreadScope#square}). */
    private final long[] squares;
    private final int[] poolCount = new int[Pool.values().length];
    private final int[] queueFlows;
    private final long[] queuePps;
    private final int[] queueGold;
    private final boolean sameCore;
    /** Per flow-count term in use ({@link CostModel#countTerms()}): the index of its value in {@link #termValue}. */
    private final int[] countIndex;
    /** Per flow-count term in use: its rejection (a hard penalty), valid when {@link #countsChanged} is false. */
    private final long[] countReject;
    /** The flow counts the flow-count terms read; null when none is in use. */
    private final QueueCounts counts;
    /** Whether the counts changed since the flow-count terms were last evaluated (they are evaluated lazily). */
    private boolean countsChanged;

    public CostState(CostModel model) {
        this.model = model;
        this.placement = new Placement[model.flowCount()];
        List<SpreadScope> scopes = model.scopes();
        List<Term> terms = model.terms();
        this.termValue = new long[terms.size()];
        this.weight = terms.stream().mapToLong(model.spec()::weight).toArray();
        this.linearIndex = model.linearTerms().stream().mapToInt(model::termIndex).toArray();
        this.load = new long[scopes.size()][model.queues()];
        this.squares = new long[scopes.size()];
        this.scopeTerm = new int[scopes.size()];
        for (int s = 0; s < scopes.size(); s++) {
            SpreadScope scope = scopes.get(s);
            scopeTerm[s] = model.termIndex(scope.term());
            squares[s] = scope.idleSquares();
            termValue[scopeTerm[s]] += scope.value(squares[s]);
        }
        this.queueFlows = new int[model.queues()];
        this.queuePps = new long[model.queues()];
        this.queueGold = new int[model.queues()];
        this.sameCore = model.spec().rules().sameCore();
        this.countIndex = model.countTerms().stream().mapToInt(model::termIndex).toArray();
        this.countReject = new long[countIndex.length];
        this.counts = countIndex.length == 0 ? null : new QueueCounts(model.queues(), model.countShare());
        this.countsChanged = countIndex.length > 0;
    }

    /** A state with every flow placed as given (index i of {@code placements} for flow i). */
    public static CostState of(CostModel model, List<Placement> placements) {
        CostState s = new CostState(model);
        for (int i = 0; i < placements.size(); i++) {
            s.place(i, placements.get(i));
        }
        return s;
    }

    public CostModel model() {
        return model;
    }

    public Placement placement(int i) {
        return placement[i];
    }

    /** Places flow {@code i} at {@code p}, or unplaces it when {@code p} is null. */
    public void place(int i, Placement p) {
        Placement old = placement[i];
        if (old != null) {
            apply(i, old, -1);
        }
        placement[i] = p;
        if (p != null) {
            apply(i, p, +1);
        }
    }

    /** The cost if flow {@code i} were at {@code p}; the state is unchanged afterwards. */
    public Cost costIf(int i, Placement p) {
        Placement old = placement[i];
        place(i, p);
        Cost c = cost();
        place(i, old);
        return c;
    }

    private void apply(int i, Placement p, int sign) {
        Flow f = model.flow(i);
        if (counts != null) {
            counts.add(model, i, p, sign);
            countsChanged = true;
        }
        List<LinearTerm> linear = model.linearTerms();
        for (int k = 0; k < linearIndex.length; k++) {
            termValue[linearIndex[k]] += sign * linear.get(k).value(model, i, p);
        }
        for (int k = 0; k < PER_FLOW.size(); k++) {
            HardRule r = PER_FLOW.get(k);
            if ((r != HardRule.SAME_CORE || sameCore) && model.violates(r, i, p)) {
                ruleValue[r.ordinal()] += sign;
            }
        }
        List<SpreadScope> scopes = model.scopes();
        for (int s = 0; s < scopes.size(); s++) {
            SpreadScope scope = scopes.get(s);
            if (!scope.counts(f)) {
                continue;
            }
            long before = squares[s];
            if (p.isSpread()) {
                long share = scope.spreadLoad(f);
                List<Integer> rssQueues = model.rssQueues();
                for (int k = 0; k < rssQueues.size(); k++) {
                    addLoad(s, scope, rssQueues.get(k), sign * share);
                }
            } else {
                addLoad(s, scope, p.queue(), sign * scope.directLoad(f));
            }
            if (squares[s] != before) {
                termValue[scopeTerm[s]] += scope.value(squares[s]) - scope.value(before);
            }
        }
        List<Pool> pools = CostModel.pools(p);
        for (int k = 0; k < pools.size(); k++) {   // by index: an immutable list's iterator is an allocation per move
            Pool pool = pools.get(k);
            long before = excess(poolCount[pool.ordinal()], model.capacity(pool));
            poolCount[pool.ordinal()] += sign;
            ruleValue[HardRule.CAPACITY.ordinal()] += excess(poolCount[pool.ordinal()], model.capacity(pool)) - before;
        }
        if (!p.isSpread()) {
            int q = p.queue();
            long before = model.flowsExcess(queueFlows[q]);
            queueFlows[q] += sign;
            ruleValue[HardRule.MAX_FLOWS_PER_QUEUE.ordinal()] += model.flowsExcess(queueFlows[q]) - before;
            before = model.ppsExcess(queuePps[q]);
            queuePps[q] += sign * f.pps();
            ruleValue[HardRule.MAX_PPS_PER_QUEUE.ordinal()] += model.ppsExcess(queuePps[q]) - before;
            int cap = model.goldCap(q);
            if (f.isGold() && cap > 0) {
                before = excess(queueGold[q], cap);
                queueGold[q] += sign;
                ruleValue[HardRule.GOLD_QUEUE_FULL.ordinal()] += excess(queueGold[q], cap) - before;
            }
        }
        for (Overlap o : model.overlapsOf(i)) {
            int other = o.first() == i ? o.second() : o.first();
            Placement po = placement[other];
            if (po == null) {
                continue;
            }
            boolean violated = o.first() == i ? model.overlapViolated(o, p, po) : model.overlapViolated(o, po, p);
            if (violated) {
                ruleValue[HardRule.OVERLAP.ordinal()] += sign;
            }
        }
    }

    private void addLoad(int s, SpreadScope scope, int q, long delta) {
        if (scope.balances(q)) {
            squares[s] -= scope.square(load[s][q]);
            load[s][q] += delta;
            squares[s] += scope.square(load[s][q]);
        } else {
            load[s][q] += delta;
        }
    }

    private static long excess(long count, long cap) {
        return Math.max(0, count - cap);
    }

    /** Evaluates the flow-count terms when their counts changed: each costs time proportional to the queues. */
    private void evaluateCounts() {
        if (!countsChanged) {
            return;
        }
        List<QueueCountTerm> terms = model.countTerms();
        for (int k = 0; k < countIndex.length; k++) {
            QueueCountTerm.Charge c = terms.get(k).charge(model, counts);
            termValue[countIndex[k]] = c.value();
            countReject[k] = c.reject();
        }
        countsChanged = false;
    }

    /** Dragonet's rejection of the plan by a flow-count term (a hard penalty); 0 for other terms or when accepted. */
    public long reject(Term t) {
        evaluateCounts();
        int k = model.countTerms().indexOf(t);
        return k < 0 ? 0 : countReject[k];
    }

    /**
     * The hard penalty of the rules alone, without the flow-count terms' rejections: a lower bound for every
     * completion of a partial assignment (a rule's penalty never falls as flows are added; a rejection may).
     */
    public long rulesHard() {
        long h = 0;
        for (long v : ruleValue) {
            h += v;
        }
        return h;
    }

    /** Value of a term before weighting, in thousandths of its unit ({@link Term#SCALE}). */
    public long term(Term t) {
        evaluateCounts();
        int k = model.termIndex(t);
        return k < 0 ? 0 : termValue[k];
    }

    /** The weighted sum of the per-flow terms over the placed flows. */
    public long weightedLinear() {
        long s = 0;
        for (int k : linearIndex) {
            s += weight[k] * termValue[k];
        }
        return s;
    }

    /** Penalty of a hard rule. */
    public long rule(HardRule r) {
        return ruleValue[r.ordinal()];
    }

    public long hard() {
        evaluateCounts();
        long h = rulesHard();
        for (long r : countReject) {
            h += r;
        }
        return h;
    }

    public long weightedSoft() {
        evaluateCounts();
        long s = 0;
        for (int k = 0; k < termValue.length; k++) {
            s += weight[k] * termValue[k];
        }
        return s;
    }

    public Cost cost() {
        return new Cost(hard(), weightedSoft());
    }

    /** Scaled load of queue {@code q} in spread scope {@code s} (index into {@link CostModel#scopes()}). */
    public long scopeLoad(int s, int q) {
        return load[s][q];
    }

    /** D of spread scope {@code s}: the sum over its balanced queues of {@link SpreadScope#square}. */
    public long scopeSquares(int s) {
        return squares[s];
    }

    public int poolCount(Pool pool) {
        return poolCount[pool.ordinal()];
    }

    /** Flows steered to queue {@code q} directly (spread flows not counted). */
    public int queueFlows(int q) {
        return queueFlows[q];
    }

    public long queuePps(int q) {
        return queuePps[q];
    }

    /** The current placements, in flow order; null for unplaced flows. */
    public List<Placement> placements() {
        return java.util.Arrays.asList(placement.clone());
    }
}
