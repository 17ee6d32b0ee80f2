package io.nicplan.embed.embedding;

import io.nicplan.graph.DataflowGraph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The LPG behind one receive queue, minus what the hardware guarantees for every packet reaching
 * that queue.
 *
 * @param hardware the NIC nodes on paths to this queue, in processing order; a steering table's
 *     filter chain is shown as its C-node's id
 * @param pipeline the software nodes that remain, with their live ports and the edges between
 *     them (edges that ran through a removed node now skip it)
 * @param removed the LPG receive nodes that do not run for this queue, and why
 * @param cyclesPerPacket the most cycles any packet of this queue spends in the pipeline (the
 *     costliest source-to-sink path)
 * @param flows the flows whose packets reach this queue, with the sinks they reach and their cost
 * @param transmitQueue the transmit queue that carries this queue's replies ({@link TransmitEmbedding#queue})
 * @param transmitCyclesPerPacket the costliest frame on that transmit queue's software path
 *     ({@link TransmitEmbedding#cyclesPerPacket}), beside the receive figure
 */
public record QueueEmbedding(int queue, List<String> hardware, DataflowGraph pipeline, Map<String, Removal> removed,
                             long cyclesPerPacket, List<FlowCost> flows, int transmitQueue, long transmitCyclesPerPacket) {
    public QueueEmbedding {
        hardware = List.copyOf(hardware);
        Objects.requireNonNull(pipeline, "pipeline");
        removed = Collections.unmodifiableMap(new LinkedHashMap<>(removed));
        flows = List.copyOf(flows);
    }

    /** A receive-only queue embedding (no transmit side: transmit queue -1, 0 cycles). */
    public QueueEmbedding(int queue, List<String> hardware, DataflowGraph pipeline, Map<String, Removal> removed,
                          long cyclesPerPacket, List<FlowCost> flows) {
        this(queue, hardware, pipeline, removed, cyclesPerPacket, flows, -1, 0);
    }

    /** Why a node was removed. */
    public record Removal(NodeFate fate, String reason) {
    }

    /**
     * A flow on this queue.
     *
     * @param sinks the pipeline sinks its packets reach (empty for a wildcard flow: it may reach several)
     * @param cycles software cycles per packet on its path (the queue's worst case for a wildcard flow)
     * @param transmitCycles software cycles per received packet of what its path sends (the frames its
     *     nodes' spawn edges start: an ACK, a reply, a reset) on the queue's transmit queue; the transmit
     *     queue's worst case for a wildcard flow
     */
    public record FlowCost(String flow, List<String> sinks, long cycles, long transmitCycles) {
        public FlowCost {
            sinks = List.copyOf(sinks);
        }

        /** A flow whose path sends nothing. */
        public FlowCost(String flow, List<String> sinks, long cycles) {
            this(flow, sinks, cycles, 0);
        }

        /** Receive and transmit cycles per received packet: what the host spends on this flow. */
        public long totalCycles() {
            return cycles + transmitCycles;
        }
    }

    /** Ids of the software nodes that remain, in pipeline order. */
    public List<String> softwareNodes() {
        return pipeline.nodes().stream().map(io.nicplan.graph.Node::id).toList();
    }
}
