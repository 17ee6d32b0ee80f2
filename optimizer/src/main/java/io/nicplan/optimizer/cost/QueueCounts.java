package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.TrafficClass;
import java.util.List;

/**
 * How many flows of each class land on each queue: what a {@link QueueCountTerm} reads. Counts are kept in shares
 * of {@link #share()}: a flow steered to one queue adds a whole share there; a wildcard flow RSS spreads over the
 * table's R queues (R is then the share) adds one to each of them, so it counts as 1/R flow on every queue it reaches.
 */
public final class QueueCounts {
    private final long share;
    private final long[] gold;
    private final long[] bestEffort;

    QueueCounts(int queues, long share) {
        this.share = share;
        this.gold = new long[queues];
        this.bestEffort = new long[queues];
    }

    /** The counts of a full or partial plan: {@code placements.get(i)} for flow i, null for an unplaced flow. */
    public static QueueCounts of(CostModel model, List<Placement> placements) {
        QueueCounts c = new QueueCounts(model.queues(), model.countShare());
        for (int i = 0; i < placements.size(); i++) {
            if (placements.get(i) != null) {
                c.add(model, i, placements.get(i), +1);
            }
        }
        return c;
    }

    void add(CostModel model, int i, Placement p, int sign) {
        long[] counts = model.flow(i).isGold() ? gold : bestEffort;
        if (p.isSpread()) {
            for (int q : model.rssQueues()) {
                counts[q] += sign;
            }
        } else if (p.queue() < counts.length) {
            counts[p.queue()] += sign * share;
        }
    }

    /** The count of one whole flow. */
    public long share() {
        return share;
    }

    public int queues() {
        return gold.length;
    }

    /** Flows of class {@code c} on queue {@code q} (fractional for spread flows). */
    public double flows(TrafficClass c, int q) {
        return (double) (c == TrafficClass.GOLD ? gold : bestEffort)[q] / share;
    }

    /** Flows of both classes on queue {@code q}. */
    public double flows(int q) {
        return (double) (gold[q] + bestEffort[q]) / share;
    }

    /** Whether some flow of class {@code c} reaches queue {@code q}. */
    public boolean reaches(TrafficClass c, int q) {
        return (c == TrafficClass.GOLD ? gold : bestEffort)[q] > 0;
    }

    /** Flows of class {@code c} on all queues (whole flows: each adds one share in total). */
    public long total(TrafficClass c) {
        long sum = 0;
        for (long n : c == TrafficClass.GOLD ? gold : bestEffort) {
            sum += n;
        }
        return sum / share;
    }

    /**
     * The population standard deviation of {@code loads} (Dragonet's {@code sd}: sqrt of the mean squared deviation
     * from the mean); 0 for no queues, where Dragonet's Haskell would divide 0 by 0.
     */
    public static double populationSd(double[] loads) {
        if (loads.length == 0) {
            return 0;
        }
        double mean = 0;
        for (double l : loads) {
            mean += l;
        }
        mean /= loads.length;
        double sum = 0;
        for (double l : loads) {
            sum += (l - mean) * (l - mean);
        }
        return Math.sqrt(sum / loads.length);
    }

    /** A value in {@link Term#SCALE} thousandths, rounded half up. */
    static long thousandths(double v) {
        return Math.round(v * Term.SCALE);
    }
}
