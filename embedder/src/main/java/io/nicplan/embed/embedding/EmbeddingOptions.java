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
 * How the embedder processes nodes. The result never depends on it; a seeded shuffle exists so
 * tests can show exactly that.
 *
 * @param shuffleSeed when present, every fixpoint and every per-node decision visits nodes in a
 *     random order drawn from this seed instead of topological order
 */
public record EmbeddingOptions(OptionalLong shuffleSeed) {
    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(OptionalLong.empty());
    }

    public static EmbeddingOptions shuffled(long seed) {
        return new EmbeddingOptions(OptionalLong.of(seed));
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
