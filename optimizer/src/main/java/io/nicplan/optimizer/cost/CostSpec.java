package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.TrafficClass;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A declarative objective: weighted soft terms (see {@link Terms}) plus hard {@link Rules}.
 * Pure data; {@link CostSpecReader} reads it from JSON.
 *
 * @param weights the weight of every term in use (terms absent here cost nothing)
 * @param includeDefaultQueue whether spread terms count the default queue (Dragonet's balance does not)
 * @param goldFlowsPerQueue the priority term's gold flows per exclusive queue
 * @param goldQueues the priority term's gold queues, when given explicitly
 * @param staticQueues the static term's queues per class
 * @param classesByRate whether priority and static balance each class by packet rate (Dragonet: by flow count)
 * @param rules hard rules
 * @param chooseRssTable whether the plan chooses the queue of each RSS bucket a flow hashes into (JSON
 *     {@code "rssTable": "chosen"}) rather than filling the table round-robin over the balanced queues
 * @param chooseRssKey whether the plan chooses the Toeplitz key among {@link CostModel#RSS_KEY_CANDIDATES} seeded
 *     keys (JSON {@code "rssKey": "chosen"}) rather than using the standard key
 */
public record CostSpec(Map<Term, Long> weights, boolean includeDefaultQueue, int goldFlowsPerQueue,
                       Optional<List<Integer>> goldQueues, Map<TrafficClass, List<Integer>> staticQueues,
                       boolean classesByRate, Rules rules, boolean chooseRssTable, boolean chooseRssKey) {

    /** Upper bound of a weight; keeps every weighted sum inside a long. */
    public static final long MAX_WEIGHT = 10_000;

    public CostSpec {
        // the standard terms in their order (as plans list them), then any others in the order given
        List<Map.Entry<Term, Long>> entries = new java.util.ArrayList<>(weights.entrySet());
        entries.sort(java.util.Comparator.comparingInt(e -> Terms.rank(e.getKey())));
        Map<Term, Long> w = new LinkedHashMap<>();
        entries.forEach(e -> w.put(e.getKey(), e.getValue()));
        weights = java.util.Collections.unmodifiableMap(w);
        goldQueues = goldQueues.map(List::copyOf);
        EnumMap<TrafficClass, List<Integer>> s = new EnumMap<>(TrafficClass.class);
        staticQueues.forEach((k, v) -> s.put(k, List.copyOf(v)));
        staticQueues = java.util.Collections.unmodifiableMap(s);
        if (goldFlowsPerQueue < 1) {
            throw new IllegalArgumentException("goldFlowsPerQueue must be at least 1");
        }
    }

    /** A specification with the standard RSS key. */
    public CostSpec(Map<Term, Long> weights, boolean includeDefaultQueue, int goldFlowsPerQueue,
                    Optional<List<Integer>> goldQueues, Map<TrafficClass, List<Integer>> staticQueues,
                    boolean classesByRate, Rules rules, boolean chooseRssTable) {
        this(weights, includeDefaultQueue, goldFlowsPerQueue, goldQueues, staticQueues, classesByRate, rules, chooseRssTable, false);
    }

    /** A specification with the round-robin RSS table and the standard key. */
    public CostSpec(Map<Term, Long> weights, boolean includeDefaultQueue, int goldFlowsPerQueue,
                    Optional<List<Integer>> goldQueues, Map<TrafficClass, List<Integer>> staticQueues,
                    boolean classesByRate, Rules rules) {
        this(weights, includeDefaultQueue, goldFlowsPerQueue, goldQueues, staticQueues, classesByRate, rules, false);
    }

    /** Only the given term, with weight 1 and defaults for its options. */
    public static CostSpec of(Term term) {
        return new CostSpec(Map.of(term, 1L), false, 1, Optional.empty(), Map.of(), false, Rules.NONE);
    }

    public long weight(Term term) {
        return weights.getOrDefault(term, 0L);
    }

    public boolean uses(Term term) {
        return weights.containsKey(term);
    }

    /** Whether a term splits the queues between classes (priority or static). */
    public boolean splitsClasses() {
        return weights.keySet().stream().anyMatch(t -> t instanceof ClassBalance);
    }

    public CostSpec withWeight(Term term, long weight) {
        Map<Term, Long> w = new LinkedHashMap<>(weights);
        w.put(term, weight);
        return new CostSpec(w, includeDefaultQueue, goldFlowsPerQueue, goldQueues, staticQueues, classesByRate, rules, chooseRssTable, chooseRssKey);
    }

    public CostSpec withGoldFlowsPerQueue(int n) {
        return new CostSpec(weights, includeDefaultQueue, n, goldQueues, staticQueues, classesByRate, rules, chooseRssTable, chooseRssKey);
    }

    /** The same specification with the RSS table chosen by the plan ({@code true}) or round-robin. */
    public CostSpec withChosenRssTable(boolean chosen) {
        return new CostSpec(weights, includeDefaultQueue, goldFlowsPerQueue, goldQueues, staticQueues, classesByRate, rules, chosen, chooseRssKey);
    }

    /** The same specification with the RSS key chosen by the plan ({@code true}) or the standard one. */
    public CostSpec withChosenRssKey(boolean chosen) {
        return new CostSpec(weights, includeDefaultQueue, goldFlowsPerQueue, goldQueues, staticQueues, classesByRate, rules, chooseRssTable, chosen);
    }

    public CostSpec withRules(Rules newRules) {
        return new CostSpec(weights, includeDefaultQueue, goldFlowsPerQueue, goldQueues, staticQueues, classesByRate, newRules, chooseRssTable, chooseRssKey);
    }
}
