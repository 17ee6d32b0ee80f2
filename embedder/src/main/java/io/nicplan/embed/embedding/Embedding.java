package io.nicplan.embed.embedding;

import java.util.List;
import java.util.Optional;

/**
 * A protocol stack embedded into a configured NIC: one {@link QueueEmbedding} per receive queue
 * that some packet can reach, the queues no packet reaches, and one {@link TransmitEmbedding} per
 * transmit queue of the NIC (the LPG's transmit path minus the offloads configured on).
 */
public record Embedding(String nic, String lpg, List<QueueEmbedding> queues, List<Integer> unreachedQueues,
                        List<TransmitEmbedding> transmitQueues) {
    public Embedding {
        queues = List.copyOf(queues);
        unreachedQueues = List.copyOf(unreachedQueues);
        transmitQueues = List.copyOf(transmitQueues);
    }

    /** A receive-only embedding. */
    public Embedding(String nic, String lpg, List<QueueEmbedding> queues, List<Integer> unreachedQueues) {
        this(nic, lpg, queues, unreachedQueues, List.of());
    }

    public Optional<TransmitEmbedding> transmitQueue(int queue) {
        return transmitQueues.stream().filter(q -> q.queue() == queue).findFirst();
    }

    public Optional<QueueEmbedding> queue(int queue) {
        return queues.stream().filter(q -> q.queue() == queue).findFirst();
    }
}
