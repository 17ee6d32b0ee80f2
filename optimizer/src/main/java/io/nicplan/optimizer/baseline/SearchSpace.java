package io.nicplan.optimizer.baseline;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.HardRule;
import io.nicplan.optimizer.cost.Pool;
import io.nicplan.optimizer.cost.SpreadScope;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exhaustive search's space with its two exact reductions, both derived from the model's data.
 *
 * <p><b>Dominated candidates.</b> Two placements of one flow that land alike (the same queue, or both
 * spread) load every queue, spread scope and per-queue rule alike; they differ only in the flow's own
 * terms and rules and in the tables they draw entries from. A table is <i>free</i> when fewer flows can
 * use it than it holds, so it never overflows. Placement A dominates B when they land alike, A's own
 * (hard, weighted soft) cost is not above B's, and every non-free table A draws from B draws from too:
 * swapping B for A in any plan never raises its cost. Dominated candidates are dropped (of equals, the
 * first kept), until no more go (dropping some can free a table). Flows that overlap another flow keep
 * every candidate, since the NIC's precedence between their entries depends on the mechanism.
 *
 * <p><b>Interchangeable queues.</b> A candidate's <i>signature</i> is its own cost and non-free tables
 * (plus mechanism and fast path for overlapping flows). Two queues are interchangeable when every spread
 * scope balances both or neither, both hold the same gold cap, both or neither are in the RSS table
 * (when some flow spreads), and every flow has the same signatures on both. Swapping them in a plan then
 * keeps its cost. So when the search puts a flow on a queue no flow uses yet, only the lowest-numbered
 * unused queue of its class need be tried: the canonical plans, one per orbit, include an optimum.
 */
final class SearchSpace {
    private static final List<HardRule> PER_FLOW = List.of(HardRule.MECHANISM_UNAVAILABLE, HardRule.CLASS_QUEUES,
            HardRule.RESERVED_QUEUE, HardRule.SAME_CORE);
    /** Most states the count of canonical plans tracks before falling back to a plain product bound. */
    private static final int MAX_COUNT_STATES = 100_000;

    /** A candidate's own contribution and the non-free tables it draws from; mechanism only for overlapping flows. */
    record Signature(long hard, long soft, Set<Pool> pools, Mechanism mechanism, boolean fastPath) {
    }

    private final CostModel model;
    private final List<List<Placement>> options = new ArrayList<>();
    private final boolean reduced;
    private final EnumSet<Pool> binding = EnumSet.noneOf(Pool.class);
    private final int[] classOf;
    private final int[][] classes;

    private SearchSpace(CostModel model, boolean reduce) {
        this.model = model;
        this.reduced = reduce;
        int n = model.flowCount();
        for (int i = 0; i < n; i++) {
            options.add(new ArrayList<>(model.options(i)));
        }
        updateBinding();
        if (reduce) {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int i = 0; i < n; i++) {
                    changed |= dropDominated(i);
                }
                changed &= updateBinding();
            }
        }
        this.classOf = new int[model.queues()];
        List<int[]> found = new ArrayList<>();
        if (reduce) {
            boolean anySpread = options.stream().anyMatch(o -> o.stream().anyMatch(Placement::isSpread));
            Map<Profile, List<Integer>> byProfile = new LinkedHashMap<>();
            for (int q = 0; q < model.queues(); q++) {
                byProfile.computeIfAbsent(profile(q, anySpread), k -> new ArrayList<>()).add(q);
            }
            for (List<Integer> qs : byProfile.values()) {
                for (int q : qs) {
                    classOf[q] = found.size();
                }
                found.add(qs.stream().mapToInt(Integer::intValue).toArray());
            }
        } else {
            for (int q = 0; q < model.queues(); q++) {
                classOf[q] = q;
                found.add(new int[] {q});
            }
        }
        this.classes = found.toArray(new int[0][]);
    }

    /** The space with both reductions. */
    static SearchSpace reduced(CostModel model) {
        return new SearchSpace(model, true);
    }

    /** Every candidate, every queue its own class: the plain search, kept to cross-check the reductions. */
    static SearchSpace plain(CostModel model) {
        return new SearchSpace(model, false);
    }

    /** Flow {@code i}'s candidates left to try, in the model's order. */
    List<Placement> options(int i) {
        return options.get(i);
    }

    /** The class of interchangeable queues {@code q} belongs to. */
    int classOf(int q) {
        return classOf[q];
    }

    /** The queues of class {@code c}, ascending. */
    int[] queuesOf(int c) {
        return classes[c];
    }

    int classCount() {
        return classes.length;
    }

    boolean isReduced() {
        return reduced;
    }

    /** Candidates left over all flows. */
    long candidateCount() {
        return options.stream().mapToLong(List::size).sum();
    }

    /**
     * How many plans the search may visit: the canonical plans (each unused queue of a class counted once
     * per class), counted exactly while the count stays below {@code limit}; {@code limit + 1} means more.
     */
    long canonicalPlans(long limit) {
        long cap = limit + 1;
        List<Integer> tracked = new ArrayList<>();
        for (int c = 0; c < classes.length; c++) {
            if (classes[c].length > 1) {
                tracked.add(c);
            }
        }
        long states = 1;
        for (int c : tracked) {
            states = Math.min(Long.MAX_VALUE / 2, states * (classes[c].length + 1));
        }
        if (states > MAX_COUNT_STATES) {
            return productBound(cap);
        }
        // state: how many queues of each tracked class are in use (always the lowest ones)
        Map<List<Integer>, Long> count = new HashMap<>();
        count.put(new ArrayList<>(java.util.Collections.nCopies(tracked.size(), 0)), 1L);
        for (int i = 0; i < model.flowCount(); i++) {
            int[] perClass = new int[classes.length];
            long spread = 0;
            for (Placement p : options.get(i)) {
                if (p.isSpread()) {
                    spread++;
                } else {
                    perClass[classOf[p.queue()]]++;
                }
            }
            long fixed = spread;
            for (int c = 0; c < classes.length; c++) {
                if (classes[c].length == 1) {
                    fixed += perClass[c];
                }
            }
            Map<List<Integer>, Long> next = new HashMap<>();
            for (Map.Entry<List<Integer>, Long> e : count.entrySet()) {
                List<Integer> used = e.getKey();
                long ways = e.getValue();
                long stay = fixed;
                for (int t = 0; t < tracked.size(); t++) {
                    int c = tracked.get(t);
                    // candidates on one queue of the class (the same signatures on each)
                    long k = perClass[c] / classes[c].length;
                    stay += k * used.get(t);
                    if (k > 0 && used.get(t) < classes[c].length) {
                        List<Integer> more = new ArrayList<>(used);
                        more.set(t, used.get(t) + 1);
                        next.merge(more, Math.min(cap, ways * k), (a, b) -> Math.min(cap, a + b));
                    }
                }
                if (stay > 0) {
                    next.merge(used, Math.min(cap, saturatingMultiply(ways, stay, cap)), (a, b) -> Math.min(cap, a + b));
                }
            }
            count = next;
        }
        long total = 0;
        for (long v : count.values()) {
            total = Math.min(cap, total + v);
        }
        return total;
    }

    private long productBound(long cap) {
        long p = 1;
        for (List<Placement> o : options) {
            p = saturatingMultiply(p, o.size(), cap);
        }
        return p;
    }

    private static long saturatingMultiply(long a, long b, long cap) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > cap / b ? cap : Math.min(cap, a * b);
    }

    // ---- dominance ------------------------------------------------------------------------------

    /** Recomputes the tables that could overflow; whether the set changed. */
    private boolean updateBinding() {
        EnumSet<Pool> now = EnumSet.noneOf(Pool.class);
        for (Pool pool : Pool.values()) {
            long users = 0;
            for (List<Placement> o : options) {
                if (o.stream().anyMatch(p -> CostModel.pools(p).contains(pool))) {
                    users++;
                }
            }
            if (users > model.capacity(pool)) {
                now.add(pool);
            }
        }
        boolean changed = !now.equals(binding);
        binding.clear();
        binding.addAll(now);
        return changed;
    }

    /** Drops flow {@code i}'s dominated candidates; whether any went. */
    private boolean dropDominated(int i) {
        if (!model.overlapsOf(i).isEmpty()) {
            return false;
        }
        List<Placement> o = options.get(i);
        Signature[] sig = new Signature[o.size()];
        for (int k = 0; k < o.size(); k++) {
            sig[k] = signature(i, o.get(k));
        }
        List<Placement> kept = new ArrayList<>();
        for (int b = 0; b < o.size(); b++) {
            boolean dominated = false;
            for (int a = 0; a < o.size() && !dominated; a++) {
                if (a != b && o.get(a).queue() == o.get(b).queue() && dominates(sig[a], sig[b])
                        && (!dominates(sig[b], sig[a]) || a < b)) {
                    dominated = true;
                }
            }
            if (!dominated) {
                kept.add(o.get(b));
            }
        }
        options.set(i, kept);
        return kept.size() < o.size();
    }

    private static boolean dominates(Signature a, Signature b) {
        boolean cheaper = a.hard() < b.hard() || a.hard() == b.hard() && a.soft() <= b.soft();
        return cheaper && b.pools().containsAll(a.pools());
    }

    /** What a candidate adds to a plan's cost beyond its landing: its own rules and terms, and its non-free tables. */
    Signature signature(int i, Placement p) {
        long hard = 0;
        for (HardRule r : PER_FLOW) {
            // violates(SAME_CORE) is false unless the rule is on, as in CostState
            if (model.violates(r, i, p)) {
                hard++;
            }
        }
        long soft = model.weightedLinear(i, p);
        EnumSet<Pool> pools = EnumSet.noneOf(Pool.class);
        for (Pool pool : CostModel.pools(p)) {
            if (binding.contains(pool)) {
                pools.add(pool);
            }
        }
        boolean overlapping = !model.overlapsOf(i).isEmpty();
        return new Signature(hard, soft, pools, overlapping ? p.mechanism() : null, overlapping && p.fastPath());
    }

    // ---- queue classes --------------------------------------------------------------------------

    private record Profile(List<Boolean> balancedBy, int goldCap, boolean inRssTable, List<Set<Signature>> signatures) {
    }

    private Profile profile(int q, boolean anySpread) {
        List<Boolean> balancedBy = new ArrayList<>();
        for (SpreadScope s : model.scopes()) {
            balancedBy.add(s.balances(q));
        }
        boolean inRss = anySpread && model.rssQueues().contains(q);
        List<Set<Signature>> sigs = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            Set<Signature> s = new HashSet<>();
            for (Placement p : options.get(i)) {
                if (p.queue() == q) {
                    s.add(signature(i, p));
                }
            }
            sigs.add(s);
        }
        return new Profile(balancedBy, model.goldCap(q), inRss, sigs);
    }

    @Override
    public String toString() {
        return Arrays.deepToString(classes);
    }
}
