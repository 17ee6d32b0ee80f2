package io.nicplan.embed.embedding;

import io.nicplan.embed.reach.Topology;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/**
 * How the embedder processes nodes, and which queues it embeds. The result never depends on the order; a seeded
 * shuffle exists so tests can show exactly that.
 *
 * @param shuffleSeed when present, every fixpoint and every per-node decision visits nodes in a
 *     random order drawn from this seed instead of topological order
 * @param flowQueuesOnly whether to embed only the queues some flow of the state lands on: a caller that reads the
 *     flows' costs alone (the optimizer's measurements) needs no other queue; each queue's embedding is the same
 *     either way, the others are neither embedded nor listed as unreached
 */
public record EmbeddingOptions(OptionalLong shuffleSeed, boolean flowQueuesOnly) {
    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(OptionalLong.empty(), false);
    }

    public static EmbeddingOptions shuffled(long seed) {
        return new EmbeddingOptions(OptionalLong.of(seed), false);
    }

    /** These options, embedding only the queues some flow lands on. */
    public EmbeddingOptions withFlowQueuesOnly() {
        return new EmbeddingOptions(shuffleSeed, true);
    }

    /** The order to process {@code graph}'s nodes in. */
    public List<String> order(DataflowGraph graph) {
        if (shuffleSeed.isEmpty()) {
            return Topology.order(graph);
        }
        List<String> ids = new ArrayList<>(graph.nodes().stream().map(Node::id).toList());
        Collections.shuffle(ids, new Random(shuffleSeed.getAsLong() ^ graph.name().hashCode()));
        return ids;
    }
}
