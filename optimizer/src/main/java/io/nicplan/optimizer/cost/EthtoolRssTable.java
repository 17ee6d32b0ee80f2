package io.nicplan.optimizer.cost;

import java.util.List;

/**
 * The RSS indirection table of a plan for the {@code linux} target: one {@code ethtool -X} can set. ethtool sets
 * only {@code equal N} (entry i to queue i mod N) and {@code weight W0 W1 ...} (ethtool.c fill_indir_table: with
 * weights summing to the table size, queue q gets a run of W_q entries, the runs one after another in queue order).
 * Of these tables over the planned queues, {@link #choose} takes the one that shares the hashed load most equally
 * among the queues: contiguous runs whose boundaries balance the load of the flows hashed into each entry (a
 * partition of the entries into one non-empty run per queue, by dynamic programming), or the round-robin table when
 * the queues are 0..N-1 (so it is {@code equal N}) and it shares the load at least as well. Where no flow is hashed,
 * the runs are as equal as the table allows.
 */
final class EthtoolRssTable {
    /** Weight of the run sizes' deviation from equal shares, so that load decides and sizes only break ties. */
    private static final double SIZE_WEIGHT = 1e-3;

    private EthtoolRssTable() {
    }

    /**
     * @param queues the table's queues, ascending
     * @param bucketLoad per entry, the load of the flows whose packets hash into it
     */
    static int[] choose(List<Integer> queues, long[] bucketLoad) {
        int entries = bucketLoad.length;
        int k = queues.size();
        if (k == 0 || entries == 0) {
            return new int[entries];
        }
        long[] prefix = new long[entries + 1];
        for (int i = 0; i < entries; i++) {
            prefix[i + 1] = prefix[i] + bucketLoad[i];
        }
        if (k > entries) {
            // more queues than entries: the first `entries` queues one entry each (ethtool gives the rest weight 0)
            int[] t = new int[entries];
            for (int i = 0; i < entries; i++) {
                t[i] = queues.get(i);
            }
            return t;
        }
        int[] runs = runs(k, prefix);
        if (isZeroToN(queues)) {
            int[] roundRobin = new int[entries];
            for (int i = 0; i < entries; i++) {
                roundRobin[i] = queues.get(i % k);
            }
            if (imbalance(roundRobin, queues, bucketLoad) <= imbalance(runs, queues, bucketLoad) + 1e-12) {
                return roundRobin;
            }
        }
        for (int i = 0; i < entries; i++) {
            runs[i] = queues.get(runs[i]);
        }
        return runs;
    }

    /** Per entry, the index (0..k-1) of its run: the partition into k non-empty runs of least {@link #runCost}. */
    private static int[] runs(int k, long[] prefix) {
        int entries = prefix.length - 1;
        double[][] best = new double[k + 1][entries + 1];
        int[][] start = new int[k + 1][entries + 1];
        for (double[] row : best) {
            java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        best[0][0] = 0;
        for (int j = 1; j <= k; j++) {
            // run j ends at e, leaving room for the runs after it
            for (int e = j; e <= entries - (k - j); e++) {
                for (int s = j - 1; s < e; s++) {
                    if (best[j - 1][s] == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    double c = best[j - 1][s] + runCost(prefix, s, e, k);
                    if (c < best[j][e]) {
                        best[j][e] = c;
                        start[j][e] = s;
                    }
                }
            }
        }
        int[] run = new int[entries];
        int e = entries;
        for (int j = k; j >= 1; j--) {
            int s = start[j][e];
            for (int i = s; i < e; i++) {
                run[i] = j - 1;
            }
            e = s;
        }
        return run;
    }

    /** How far a run of entries [s, e) is from an equal share of the load and of the table. */
    private static double runCost(long[] prefix, int s, int e, int k) {
        int entries = prefix.length - 1;
        long total = prefix[entries];
        double size = (double) (e - s) / entries - 1.0 / k;
        double cost = SIZE_WEIGHT * size * size;
        if (total > 0) {
            double load = (double) (prefix[e] - prefix[s]) / total - 1.0 / k;
            cost += load * load;
        }
        return cost;
    }

    /** {@link #runCost}'s measure for any table over {@code queues}. */
    private static double imbalance(int[] table, List<Integer> queues, long[] bucketLoad) {
        int k = queues.size();
        long total = 0;
        for (long l : bucketLoad) {
            total += l;
        }
        double cost = 0;
        for (int q : queues) {
            long load = 0;
            int size = 0;
            for (int i = 0; i < table.length; i++) {
                if (table[i] == q) {
                    load += bucketLoad[i];
                    size++;
                }
            }
            double s = (double) size / table.length - 1.0 / k;
            cost += SIZE_WEIGHT * s * s;
            if (total > 0) {
                double l = (double) load / total - 1.0 / k;
                cost += l * l;
            }
        }
        return cost;
    }

    private static boolean isZeroToN(List<Integer> queues) {
        for (int i = 0; i < queues.size(); i++) {
            if (queues.get(i) != i) {
                return false;
            }
        }
        return true;
    }
}
