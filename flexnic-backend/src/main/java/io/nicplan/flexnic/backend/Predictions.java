package io.nicplan.flexnic.backend;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.classify.FlowClassifier;
import io.nicplan.embed.classify.Placement;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The queues each flow is predicted to reach, by flow id: one queue for a placed or concrete flow,
 * several for a wildcard flow that RSS spreads, none for a flow the NIC drops. Flows without a
 * prediction are not compared.
 */
public record Predictions(Map<String, Set<Integer>> queues) {
    public Predictions {
        Map<String, Set<Integer>> copy = new LinkedHashMap<>();
        queues.forEach((flow, qs) -> copy.put(flow, Collections.unmodifiableSet(new TreeSet<>(qs))));
        queues = Collections.unmodifiableMap(copy);
    }

    /** One queue per flow, e.g. a plan's placements. */
    public static Predictions ofQueues(Map<String, Integer> queueByFlow) {
        Map<String, Set<Integer>> m = new LinkedHashMap<>();
        queueByFlow.forEach((flow, q) -> m.put(flow, Set.of(q)));
        return new Predictions(m);
    }

    /** The embedder's classification of every flow of {@code state} on {@code prg} configured with {@code configuration}. */
    public static Predictions classify(DataflowGraph prg, ProtocolState state, Configuration configuration) {
        Embedder embedder = Embedder.standard();
        FlowClassifier classifier = embedder.classifier(ConfiguredGraph.apply(prg, configuration, embedder.functions()), state);
        Map<String, Set<Integer>> m = new LinkedHashMap<>();
        List<Flow> flows = state.flows();
        for (Placement p : classifier.classifyAll(flows)) {
            m.put(p.flow(), new TreeSet<>(p.queues()));
        }
        return new Predictions(m);
    }

    /**
     * These predictions, and {@code fallback}'s for the flows these say nothing about (e.g. a plan's
     * RSS-spread flows, which have no single queue, completed by the embedder's classification).
     */
    public Predictions orElse(Predictions fallback) {
        Map<String, Set<Integer>> merged = new java.util.LinkedHashMap<>(fallback.queues());
        merged.putAll(queues);
        return new Predictions(merged);
    }
}
