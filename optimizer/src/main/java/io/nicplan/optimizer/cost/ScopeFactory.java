package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.TrafficClass;
import java.util.List;
import java.util.Optional;

/** What a {@link SpreadTerm} builds its scopes from: the queues it may balance, and where the scopes go. */
final class ScopeFactory {
    private final CostSpec spec;
    private final List<Flow> flows;
    private final boolean[] reserved;
    private final int defaultQueue;
    private final ClassSplit split;
    private final long shareScale;
    private final List<SpreadScope> out;

    ScopeFactory(CostSpec spec, List<Flow> flows, boolean[] reserved, int defaultQueue, ClassSplit split, long shareScale,
                 List<SpreadScope> out) {
        this.spec = spec;
        this.flows = flows;
        this.reserved = reserved;
        this.defaultQueue = defaultQueue;
        this.split = split;
        this.shareScale = shareScale;
        this.out = out;
    }

    public CostSpec spec() {
        return spec;
    }

    /** The queues no rule reserves (a fresh array). */
    public boolean[] unreserved() {
        boolean[] all = new boolean[reserved.length];
        for (int q = 0; q < all.length; q++) {
            all[q] = !reserved[q];
        }
        return all;
    }

    /** The queues class {@code c} may use (a fresh array). */
    public boolean[] classQueues(TrafficClass c) {
        return split.queuesOf(c).clone();
    }

    /** {@code queues} without the default queue, unless the specification counts it or it is the only one (a fresh array). */
    public boolean[] balanced(boolean[] queues) {
        return balanced(queues, spec, defaultQueue);
    }

    static boolean[] balanced(boolean[] queues, CostSpec spec, int defaultQueue) {
        boolean[] b = queues.clone();
        if (!spec.includeDefaultQueue() && defaultQueue < b.length && b[defaultQueue]) {
            b[defaultQueue] = false;
            if (count(b) == 0) {
                b[defaultQueue] = true;
            }
        }
        return b;
    }

    /**
     * A scope of {@code term}: the flows of class {@code c} (all when empty) balanced over {@code balanced}, by
     * packet rate or by count; none when it balances no queue or counts no load.
     */
    public void add(SpreadTerm term, Optional<TrafficClass> c, boolean[] balanced, boolean byRate) {
        long total = 0;
        for (Flow f : flows) {
            if (c.isEmpty() || c.get() == f.trafficClass()) {
                total += byRate ? f.pps() : 1;
            }
        }
        if (count(balanced) == 0 || total == 0) {
            return;
        }
        out.add(new SpreadScope(term, c, balanced, byRate, shareScale, total));
    }

    static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }
}
