package io.nicplan.embed.embedding;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nicplan.embed.reach.Topology;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an {@link Embedding} (docs/formats.md "Embedding"): what {@link EmbeddingRenderer#json}
 * writes and what the service's OpenAPI document describes, one definition for both.
 *
 * @param nic the NIC description's name
 * @param lpg the protocol graph's name
 * @param queues every queue some packet reaches
 * @param unreachedQueues queues no packet reaches
 * @param transmitQueues every transmit queue: the LPG's transmit path minus the offloads configured on
 */
public record EmbeddingDocument(String nic, String lpg, List<Queue> queues, List<Integer> unreachedQueues,
                                List<TransmitQueue> transmitQueues) {

    /**
     * One queue's embedding.
     *
     * @param cyclesPerPacket the costliest source-to-sink path of the software pipeline
     * @param hardware the NIC nodes on the way to the queue (filter chains as their C-node)
     * @param software the software nodes that remain, in topological order
     * @param transmitQueue the transmit queue that carries this queue's replies
     * @param transmitCyclesPerPacket the costliest frame on that transmit queue's software path
     */
    public record Queue(int queue, long cyclesPerPacket, List<String> hardware, List<SoftwareNode> software,
                        List<PipelineEdge> edges, List<RemovedNode> removed, List<FlowCycles> flows, int transmitQueue,
                        long transmitCyclesPerPacket) {
    }

    /**
     * One transmit queue's embedding.
     *
     * @param offloads the transmit offloads configured on
     * @param software the LPG transmit nodes software still runs
     * @param removed the transmit nodes an offload does on every frame (fate {@code done_by_nic})
     * @param cyclesByEntry software cycles of one frame from each transmit entry to the queue
     */
    public record TransmitQueue(int queue, long cyclesPerPacket, List<String> hardware, List<String> offloads,
                                List<String> software, List<RemovedNode> removed, Map<String, Long> cyclesByEntry) {
    }

    /** A software node: {@code offloaded} when kept only to branch on the NIC's verdict, {@code decided} when its port is fixed. */
    public record SoftwareNode(String id, String kind,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String implementation, long cycles, boolean offloaded,
                               boolean decided, boolean sink) {
    }

    /** An edge of the software pipeline, from a node's port. */
    public record PipelineEdge(String from, String port, String to) {
    }

    /** An LPG node removed from the queue's pipeline: its fate ({@link NodeFate#label()}) and why. */
    public record RemovedNode(String id, String fate, String reason) {
    }

    /**
     * A flow of the queue: the sinks it reaches (none for a wildcard flow), its receive cost in cycles per packet
     * and the transmit cycles per received packet of what its path sends.
     */
    public record FlowCycles(String flow, List<String> sinks, long cycles, long transmitCycles) {
    }

    /** The document of {@code e}. */
    public static EmbeddingDocument of(Embedding e) {
        return new EmbeddingDocument(e.nic(), e.lpg(), e.queues().stream().map(EmbeddingDocument::queue).toList(),
                List.copyOf(e.unreachedQueues()), e.transmitQueues().stream().map(EmbeddingDocument::transmitQueue).toList());
    }

    private static TransmitQueue transmitQueue(TransmitEmbedding t) {
        List<RemovedNode> removed = t.removed().entrySet().stream()
                .map(r -> new RemovedNode(r.getKey(), NodeFate.DONE_BY_NIC.label(), r.getValue())).toList();
        return new TransmitQueue(t.queue(), t.cyclesPerPacket(), t.hardware(), t.offloads(), t.software(), removed,
                t.cyclesByEntry());
    }

    private static Queue queue(QueueEmbedding q) {
        DataflowGraph p = q.pipeline();
        List<SoftwareNode> software = Topology.order(p).stream().map(id -> {
            Node n = p.require(id);
            return new SoftwareNode(id, n.kind().keyword(), n.implementation().orElse(null), n.cyclesOrZero(),
                    n.attributes().has(EmbeddingEngine.OFFLOADED), n.attributes().has(EmbeddingEngine.DECIDED),
                    n.attributes().has(Attributes.SINK));
        }).toList();
        List<PipelineEdge> edges = p.edges().stream()
                .sorted(Comparator.comparing(Edge::source).thenComparing(Edge::label).thenComparing(Edge::target))
                .map(ed -> new PipelineEdge(ed.source(), ed.label(), ed.target())).toList();
        List<RemovedNode> removed = q.removed().entrySet().stream()
                .map(r -> new RemovedNode(r.getKey(), r.getValue().fate().label(), r.getValue().reason())).toList();
        List<FlowCycles> flows = q.flows().stream().map(f -> new FlowCycles(f.flow(), List.copyOf(f.sinks()), f.cycles(), f.transmitCycles()))
                .toList();
        return new Queue(q.queue(), q.cyclesPerPacket(), List.copyOf(q.hardware()), software, edges, removed, flows,
                q.transmitQueue(), q.transmitCyclesPerPacket());
    }
}
