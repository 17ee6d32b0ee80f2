package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.nic.NicModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pairs of flows whose matches intersect, with how (equal, one within the other, partial), and whether two
 * placements of such a pair contradict what the NIC does with their packets (its precedence between mechanisms,
 * then the more specific entry first).
 */
final class Overlaps {
    private final List<Flow> flows;
    private final int[] precedence = new int[Mechanism.values().length];
    private final List<Overlap> overlaps = new ArrayList<>();
    private final List<List<Overlap>> overlapsOf = new ArrayList<>();

    /** Per flow: steered by its memcached key (FlexNIC's key-value program), so its 5-tuple decides nothing. */
    private final boolean[] steeredByKey;

    /**
     * Finds every pair of flows whose matches intersect, but pairs with a flow the key-value program steers: the
     * program's stages come first and claim exactly the keyed requests, whatever 5-tuple they share with others.
     */
    Overlaps(NicModel nic, List<Flow> flows, boolean[] steeredByKey) {
        this.flows = flows;
        this.steeredByKey = steeredByKey;
        for (Mechanism m : Mechanism.values()) {
            precedence[m.ordinal()] = nic.precedence(m);
        }
        for (int i = 0; i < flows.size(); i++) {
            overlapsOf.add(new ArrayList<>());
        }
        // Two exact flows intersect only when equal, so exact flows are grouped by their match;
        // a flow with a wildcard is compared with every other flow.
        Map<FlowMatch, List<Integer>> exact = new java.util.HashMap<>();
        List<Integer> wild = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            FlowMatch m = flows.get(i).match();
            if (m.isExact()) {
                exact.computeIfAbsent(m, k -> new ArrayList<>()).add(i);
            } else {
                wild.add(i);
            }
        }
        for (List<Integer> same : exact.values()) {
            for (int a = 0; a < same.size(); a++) {
                for (int b = a + 1; b < same.size(); b++) {
                    consider(same.get(a), same.get(b));
                }
            }
        }
        java.util.Set<Integer> wildSet = new java.util.HashSet<>(wild);
        for (int w : wild) {
            for (int j = 0; j < flows.size(); j++) {
                if (j != w && (!wildSet.contains(j) || j > w)) {
                    consider(Math.min(w, j), Math.max(w, j));
                }
            }
        }
    }

    private void consider(int i, int j) {
        if (steeredByKey[i] || steeredByKey[j]) {
            return;
        }
        FlowMatch a = flows.get(i).match();
        FlowMatch b = flows.get(j).match();
        if (!a.intersects(b)) {
            return;
        }
        boolean aInB = a.within(b);
        boolean bInA = b.within(a);
        Overlap.Relation r = aInB && bInA ? Overlap.Relation.EQUAL
                : aInB ? Overlap.Relation.FIRST_WITHIN_SECOND
                : bInA ? Overlap.Relation.SECOND_WITHIN_FIRST
                : Overlap.Relation.PARTIAL;
        Overlap o = new Overlap(i, j, r);
        overlaps.add(o);
        overlapsOf.get(i).add(o);
        overlapsOf.get(j).add(o);
    }

    /** Pairs the flows RSS hashes into one bucket ({@code bucketOf}: per flow, its bucket or -1) that no relation pairs yet. */
    void addSameBuckets(int[] bucketOf) {
        Map<Integer, List<Integer>> byBucket = new java.util.HashMap<>();
        for (int i = 0; i < bucketOf.length; i++) {
            if (bucketOf[i] >= 0) {
                byBucket.computeIfAbsent(bucketOf[i], k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> same : byBucket.values()) {
            for (int a = 0; a < same.size(); a++) {
                for (int b = a + 1; b < same.size(); b++) {
                    int i = same.get(a);
                    int j = same.get(b);
                    if (!flows.get(i).match().intersects(flows.get(j).match())) {
                        Overlap o = new Overlap(i, j, Overlap.Relation.SAME_BUCKET);
                        overlaps.add(o);
                        overlapsOf.get(i).add(o);
                        overlapsOf.get(j).add(o);
                    }
                }
            }
        }
    }

    /** Whether the two overlapping flows' placements contradict what the NIC would do with their packets. */
    boolean violated(Overlap o, Placement first, Placement second) {
        boolean same = sameLanding(first, second);
        switch (o.relation()) {
            case SAME_BUCKET:
                return first.mechanism() == Mechanism.RSS && second.mechanism() == Mechanism.RSS && !same;
            case EQUAL:
                return !same;
            case PARTIAL:
                return (first.mechanism().isFilter() || second.mechanism().isFilter()) && !same;
            case FIRST_WITHIN_SECOND:
                return second.mechanism().isFilter() && !same && !precedes(o.first(), first, o.second(), second);
            default:
                return first.mechanism().isFilter() && !same && !precedes(o.second(), second, o.first(), first);
        }
    }

    private static boolean sameLanding(Placement a, Placement b) {
        return a.queue() == b.queue();
    }

    /** Whether flow {@code i}'s entry is met before flow {@code j}'s entry. */
    private boolean precedes(int i, Placement pi, int j, Placement pj) {
        if (!pi.mechanism().isFilter()) {
            return false;
        }
        int a = precedence[pi.mechanism().ordinal()];
        int b = precedence[pj.mechanism().ordinal()];
        if (a != b) {
            return a < b;
        }
        return CostModel.entryPriority(flows.get(i)) > CostModel.entryPriority(flows.get(j));
    }

    List<Overlap> all() {
        return overlaps;
    }

    List<Overlap> of(int i) {
        return overlapsOf.get(i);
    }
}
