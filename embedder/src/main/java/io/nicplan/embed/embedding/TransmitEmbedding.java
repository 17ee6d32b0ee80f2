package io.nicplan.embed.embedding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LPG's transmit path behind one transmit queue of a configured NIC: the LPG transmit nodes
 * minus those whose work a transmit offload on every path from that queue to the wire performs
 * (TSO, checksum insertion, when the description's {@code tx_offload} C-nodes are on).
 *
 * @param queue the transmit queue ({@code txqueue=} of the NIC's node), or -1 for a NIC that
 *     describes no transmit queue (everything in software)
 * @param hardware the NIC's transmit nodes from the queue to the wire, in processing order
 * @param offloads the implementations the NIC performs on every frame of this queue
 * @param software the LPG transmit nodes that still run in software, in processing order
 * @param removed the LPG transmit nodes the NIC's offloads make redundant, and by which hardware node
 * @param cyclesByEntry per entry of the transmit path (a spawn target such as {@code Tx.Tcp}), the
 *     software cycles of one frame from there to the driver's transmit queue
 * @param cyclesPerPacket the costliest entry's cycles
 */
public record TransmitEmbedding(int queue, List<String> hardware, List<String> offloads, List<String> software,
                                Map<String, String> removed, Map<String, Long> cyclesByEntry, long cyclesPerPacket) {
    public TransmitEmbedding {
        hardware = List.copyOf(hardware);
        offloads = List.copyOf(offloads);
        software = List.copyOf(software);
        removed = Collections.unmodifiableMap(new LinkedHashMap<>(removed));
        cyclesByEntry = Collections.unmodifiableMap(new LinkedHashMap<>(cyclesByEntry));
    }

    /** The cycles of a frame entering the transmit path at {@code entry}; 0 for a node that is no entry. */
    public long cycles(String entry) {
        return cyclesByEntry.getOrDefault(entry, 0L);
    }
}
