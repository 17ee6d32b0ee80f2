package io.nicplan.graph.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * The JSON form of a {@link DataflowGraph} (docs/predicates.md "Graph files"): what {@link GraphJson#export}
 * writes and what the service's OpenAPI document describes, one definition for both. {@link GraphJson#importGraph}
 * reads it with JGraphT's importer, which also accepts {@code ports}, {@code attributes} and {@code config} as
 * nested JSON.
 *
 * @param format always {@value GraphJson#FORMAT}
 * @param version always {@value GraphJson#VERSION}
 * @param name the graph's name
 * @param resources each resource's capacity, by name, in declaration order
 * @param graph the nodes and edges in JGraphT's JSON graph format
 */
public record GraphDocument(@JsonProperty(required = true) String format, @JsonProperty(required = true) int version,
                            @JsonProperty(required = true) String name, Map<String, Long> resources,
                            @JsonProperty(required = true) GraphTopology graph) {

    /**
     * JGraphT's JSON graph format (its {@code JSONImporter} reads it), which has no graph-level attributes:
     * hence the envelope.
     *
     * @param creator always {@value #CREATOR}, as JGraphT's own exporter writes it
     * @param version the JGraphT format's version, always {@code "1"}
     */
    public record GraphTopology(String creator, String version, @JsonProperty(required = true) List<GraphNode> nodes,
                                @JsonProperty(required = true) List<GraphEdge> edges) {
        public static final String CREATOR = "JGraphT JSON Exporter";
        public static final String VERSION = "1";
    }

    /**
     * A node. JGraphT's format holds scalar attributes only, so the nested values are JSON text (shapes in
     * docs/predicates.md, written by {@link JsonCodec}).
     *
     * @param kind the Unicorn keyword: node, boolean, and, or, nand, nor, config
     * @param ports JSON text of the ports in order: {@code [{"name", "predicate"?}]}
     * @param attributes JSON text {@code {"flags": [...], "values": {...}}}; absent when the node has none
     * @param implementation absent when the node names none
     * @param cycles software cycles per packet; absent when not given
     * @param config JSON text {@code {"type", "function", "resources"}} of a C-node; absent on other nodes
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GraphNode(@JsonProperty(required = true) String id, @JsonProperty(required = true) String kind,
                            @JsonProperty(required = true) String ports, String attributes, String implementation,
                            Long cycles, String config) {
        static GraphNode of(Node n) {
            return new GraphNode(n.id(), n.kind().keyword(), JsonCodec.ports(n.ports()).toString(),
                    n.attributes().isEmpty() ? null : JsonCodec.attributes(n.attributes()).toString(),
                    n.implementation().orElse(null), n.cycles().isPresent() ? n.cycles().getAsLong() : null,
                    n.config().map(c -> JsonCodec.config(c).toString()).orElse(null));
        }
    }

    /**
     * An edge from a node's port (or spawn label) to a node.
     *
     * @param kind {@code port} or {@code spawn}
     */
    public record GraphEdge(@JsonProperty(required = true) String source, @JsonProperty(required = true) String target,
                            @JsonProperty(required = true) String label, @JsonProperty(required = true) String kind) {
        static GraphEdge of(Edge e) {
            return new GraphEdge(e.source(), e.target(), e.label(), e.kind().name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The document of {@code graph}, nodes and edges in the graph's order. Its node and edge lists make each
     * entry as it is read, so a writer bounded by size stops before the whole document exists.
     */
    public static GraphDocument of(DataflowGraph graph) {
        Map<String, Long> resources = new LinkedHashMap<>();
        graph.resources().values().forEach(r -> resources.put(r.name(), r.capacity()));
        List<String> ids = new ArrayList<>(graph.topology().vertexSet());
        List<Edge> edges = new ArrayList<>(graph.topology().edgeSet());
        return new GraphDocument(GraphJson.FORMAT, GraphJson.VERSION, graph.name(), resources,
                new GraphTopology(GraphTopology.CREATOR, GraphTopology.VERSION,
                        mapped(ids, id -> GraphNode.of(graph.require(id))), mapped(edges, GraphEdge::of)));
    }

    private static <T, R> List<R> mapped(List<T> items, Function<T, R> entry) {
        final class Mapped extends AbstractList<R> implements RandomAccess {
            @Override
            public R get(int index) {
                return entry.apply(items.get(index));
            }

            @Override
            public int size() {
                return items.size();
            }
        }
        return new Mapped();
    }
}
