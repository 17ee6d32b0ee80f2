package io.nicplan.optimizer.memo;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The results of a pure function for its most recently used inputs, bounded by a count and by a weight summed over
 * the inputs kept (flows, say): least recently used first out. The count bounds what small inputs hold on to (a
 * custom NIC's graph, say, after its description was deleted). The function runs outside the lock, so two threads missing on the
 * same inputs at once both compute it (the same result); a hit costs the inputs' {@code hashCode} and
 * {@code equals}. Inputs and results must be immutable.
 *
 * @param <K> the inputs, with value equality (graphs in them compared by identity: see the users' keys)
 * @param <V> the result
 */
public final class RecentResults<K, V> {
    private final int maxEntries;
    private final int maxWeight;
    private final ToIntFunction<K> weight;
    private final LinkedHashMap<K, V> byInputs = new LinkedHashMap<>(16, 0.75f, true);
    private int kept;

    /**
     * Keeps at most {@code maxEntries} results, while their inputs weigh at most {@code maxWeight} in all; heavier
     * inputs are never kept.
     */
    public RecentResults(int maxEntries, int maxWeight, ToIntFunction<K> weight) {
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weight = Objects.requireNonNull(weight, "weight");
    }

    /** The result for {@code inputs}: a kept one, or {@code compute}'s, then kept. */
    public V get(K inputs, Function<K, V> compute) {
        V known;
        synchronized (this) {
            known = byInputs.get(inputs);
        }
        if (known != null) {
            return known;
        }
        V computed = Objects.requireNonNull(compute.apply(inputs), "computed result");
        int w = weight.applyAsInt(inputs);
        synchronized (this) {
            if (w <= maxWeight && !byInputs.containsKey(inputs)) {
                byInputs.put(inputs, computed);
                kept += w;
                Iterator<Map.Entry<K, V>> eldest = byInputs.entrySet().iterator();
                while (kept > maxWeight || byInputs.size() > maxEntries) {
                    kept -= weight.applyAsInt(eldest.next().getKey());
                    eldest.remove();
                }
            }
        }
        return computed;
    }

    /** How many results are kept. */
    public synchronized int size() {
        return byInputs.size();
    }
}
