package io.nicplan.embed.embedding;

import java.util.List;
import java.util.Optional;

/**
 * A protocol stack embedded into a configured NIC: one {@link QueueEmbedding} per receive queue
 * that some packet can reach, and the queues no packet reaches.
 */
public record Embedding(String nic, String lpg, List<QueueEmbedding> queues, List<Integer> unreachedQueues) {
    public Embedding {
        queues = List.copyOf(queues);
        unreachedQueues = List.copyOf(unreachedQueues);
    }

    public Optional<QueueEmbedding> queue(int queue) {
        return queues.stream().filter(q -> q.queue() == queue).findFirst();
    }
}
