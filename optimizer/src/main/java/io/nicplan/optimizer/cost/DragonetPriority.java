package io.nicplan.optimizer.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.optimizer.domain.TrafficClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Dragonet's own priority cost, as its source computes it (BarrelfishOS/dragonet, Dragonet/lib/Dragonet/Search.hs,
 * {@code priorityCost isGold goldFlowsPerQ nq qmap}, in its last form where {@code allQueues nq = [1..(nq-1)]}).
 * Unlike nicplan's {@code priority}, the gold queues are not chosen in advance: they are wherever gold flows land.
 * With G gold flows, {@code goldNQs = min(n-1, ceil(G / goldFlowsPerQueue))} exclusive gold queues are needed;
 * in order:
 * <ol>
 * <li>no gold flows: the standard deviation of the best-effort counts over queues 1..n-1;</li>
 * <li>no best-effort flows: that of the gold counts over queues 1..n-1, plus 1 per gold queue beyond goldNQs;</li>
 * <li>too few exclusive gold queues (holding gold and no best-effort flows): rejected, 100 per missing queue;</li>
 * <li>a queue shared by gold and best-effort flows: rejected, 1 per shared queue;</li>
 * <li>too few exclusive best-effort queues, {@code min(n - goldNQs, #best-effort)} being needed: 100 per missing
 *     queue plus the best-effort spread (not a rejection; the source's own comment: "it just means we have some slack
 *     for gold flows"). The source counts n here, queue 0 included, while queue 0 is no longer offered, so once
 *     best-effort flows outnumber the queues every plan pays at least 100 here: the source's figure, kept;</li>
 * <li>otherwise the gold spread over the gold queues plus the best-effort spread over the other queues 1..n-1.</li>
 * </ol>
 * Values are in flows; rejections become hard penalties ({@link QueueCountTerm}).
 */
final class DragonetPriority implements QueueCountTerm {
    /** Dragonet's penalty factor for a missing exclusive queue. */
    static final long MISSING_QUEUE_PENALTY = 100;

    @Override
    public String jsonName() {
        return "dragonetPriority";
    }

    @Override
    public Charge charge(CostModel model, QueueCounts counts) {
        int n = model.queues();
        int defaultQueue = model.nic().defaultQueue();
        long nGold = counts.total(TrafficClass.GOLD);
        long nBe = counts.total(TrafficClass.BESTEFFORT);
        if (nGold == 0) {
            return value(DragonetBalance.balance(model, counts, TrafficClass.BESTEFFORT));
        }
        List<Integer> goldQs = new ArrayList<>();
        int goldExclusive = 0;
        int beExclusive = 0;
        for (int q = 0; q < n; q++) {
            boolean g = counts.reaches(TrafficClass.GOLD, q);
            boolean b = counts.reaches(TrafficClass.BESTEFFORT, q);
            if (g) {
                goldQs.add(q);
            }
            goldExclusive += g && !b ? 1 : 0;
            beExclusive += b && !g ? 1 : 0;
        }
        long goldNQs = Math.min(n - 1, CostModel.ceilDiv(nGold, model.spec().goldFlowsPerQueue()));
        long goldNeeded = goldNQs - goldExclusive;
        if (nBe == 0) {
            long extra = Math.max(0, -goldNeeded);
            return new Charge(0, QueueCounts.thousandths(DragonetBalance.balance(model, counts, TrafficClass.GOLD) + extra));
        }
        if (goldNeeded > 0) {
            return new Charge(MISSING_QUEUE_PENALTY * goldNeeded, 0);
        }
        long goldShared = goldQs.size() - goldExclusive;
        if (goldShared > 0) {
            return new Charge(goldShared, 0);
        }
        double[] goldLoads = new double[goldQs.size()];
        for (int k = 0; k < goldLoads.length; k++) {
            goldLoads[k] = counts.flows(TrafficClass.GOLD, goldQs.get(k));
        }
        List<Double> rest = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (q != defaultQueue && !counts.reaches(TrafficClass.GOLD, q)) {
                rest.add(counts.flows(TrafficClass.BESTEFFORT, q));
            }
        }
        double balBe = QueueCounts.populationSd(rest.stream().mapToDouble(Double::doubleValue).toArray());
        long beNQs = Math.min(n - goldNQs, nBe);
        long beNeeded = beNQs - beExclusive;
        if (beNeeded > 0) {
            return value(MISSING_QUEUE_PENALTY * beNeeded + balBe);
        }
        return value(QueueCounts.populationSd(goldLoads) + balBe);
    }

    private static Charge value(double v) {
        return new Charge(0, QueueCounts.thousandths(v));
    }

    @Override
    public Set<String> options() {
        return Set.of("goldFlowsPerQueue");
    }

    @Override
    public void readOptions(JsonNode body, String at, CostSpecReader.Options into) {
        JsonNode g = body.get("goldFlowsPerQueue");
        if (g != null) {
            into.goldFlowsPerQueue = (int) CostSpecReader.integer(g, at + "/goldFlowsPerQueue", 1, 1_000_000);
        }
    }

    @Override
    public void writeOptions(CostSpec spec, ObjectNode into) {
        into.put("goldFlowsPerQueue", spec.goldFlowsPerQueue());
    }

    @Override
    public String toString() {
        return jsonName();
    }
}
