package io.nicplan.optimizer.nic;

import io.nicplan.net.RssHashType;
import java.util.List;
import java.util.Objects;

/**
 * A NIC's RSS C-node as the optimizer places on it: its id and capacity (how a bucket is computed
 * is {@code io.nicplan.embed.rss.RssSpec}).
 *
 * @param nodeId id of the {@code rss} C-node
 * @param tableEntries size of the indirection table (a power of two; 82599: 128)
 * @param maxQueues how many queues the table may point to (82599: 16)
 * @param ethtoolTable whether the table must be one {@code ethtool -X} sets ({@code equal N}, or {@code weight ...}:
 *     one contiguous run of entries per queue in queue order), as under the {@code linux} target
 * @param keyBytes the length of the NIC's Toeplitz key register (40; the X710's 52), which a chosen key is written at
 * @param hashTypes the hash types the C-node's {@code hash} field declares (the ones a plan may configure)
 */
public record RssNode(String nodeId, int tableEntries, int maxQueues, boolean ethtoolTable, int keyBytes,
                      List<RssHashType> hashTypes) {
    /** The standard key length (Microsoft's RSS specification). */
    public static final int STANDARD_KEY_BYTES = 40;

    /** An RSS node whose table may be any (the {@code hardware} target), with a standard-length key. */
    public RssNode(String nodeId, int tableEntries, int maxQueues) {
        this(nodeId, tableEntries, maxQueues, false, STANDARD_KEY_BYTES, List.of(RssHashType.values()));
    }

    public RssNode {
        Objects.requireNonNull(nodeId, "nodeId");
        hashTypes = List.copyOf(hashTypes);
        if (hashTypes.isEmpty()) {
            throw new IllegalArgumentException("RSS node " + nodeId + " declares no hash type");
        }
        if (tableEntries < 1 || Integer.bitCount(tableEntries) != 1) {
            throw new IllegalArgumentException("RSS table size " + tableEntries + " is not a power of two");
        }
        if (keyBytes < STANDARD_KEY_BYTES) {
            throw new IllegalArgumentException("RSS key of " + keyBytes + " bytes is shorter than the standard 40");
        }
        if (maxQueues < 1) {
            throw new IllegalArgumentException("RSS needs at least one queue");
        }
    }

    /** An RSS node whose table may be any (the {@code hardware} target), with a standard-length key, declaring {@code hashTypes}. */
    public RssNode(String nodeId, int tableEntries, int maxQueues, List<RssHashType> hashTypes) {
        this(nodeId, tableEntries, maxQueues, false, STANDARD_KEY_BYTES, hashTypes);
    }

    /** Whether the C-node declares hash type {@code type}. */
    public boolean declares(RssHashType type) {
        return hashTypes.contains(type);
    }
}
