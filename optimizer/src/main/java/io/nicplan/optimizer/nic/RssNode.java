package io.nicplan.optimizer.nic;

import java.util.Objects;

/**
 * A NIC's RSS C-node as the optimizer places on it: its id and capacity (how a bucket is computed
 * is {@code io.nicplan.embed.rss.RssSpec}).
 *
 * @param nodeId id of the {@code rss} C-node
 * @param tableEntries size of the indirection table (a power of two; 82599: 128)
 * @param maxQueues how many queues the table may point to (82599: 16)
 */
public record RssNode(String nodeId, int tableEntries, int maxQueues) {
    public RssNode {
        Objects.requireNonNull(nodeId, "nodeId");
        if (tableEntries < 1 || Integer.bitCount(tableEntries) != 1) {
            throw new IllegalArgumentException("RSS table size " + tableEntries + " is not a power of two");
        }
        if (maxQueues < 1) {
            throw new IllegalArgumentException("RSS needs at least one queue");
        }
    }
}
