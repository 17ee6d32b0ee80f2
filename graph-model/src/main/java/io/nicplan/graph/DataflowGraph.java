package io.nicplan.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * An immutable dataflow graph: a NIC's PRG or a host's LPG.
 *
 * <p>Nodes are kept in declaration order (so output is stable) and indexed by id; the topology
 * is a JGraphT directed pseudograph whose vertices are node ids and whose edges are
 * {@link Edge} values. Build one with {@link #builder(String)}; derive changed copies with
 * {@link #toBuilder()}.
 */
public final class DataflowGraph {
    private final String name;
    private final Map<String, Node> nodes;
    private final Map<String, Resource> resources;
    private final Graph<String, Edge> topology;
    private final DerivedValues derived = new DerivedValues();

    DataflowGraph(String name, Map<String, Node> nodes, Map<String, Resource> resources, Graph<String, Edge> topology) {
        this.name = name;
        this.nodes = Collections.unmodifiableMap(nodes);
        this.resources = Collections.unmodifiableMap(resources);
        this.topology = new AsUnmodifiableGraph<>(topology);
    }

    public static GraphBuilder builder(String name) {
        return new GraphBuilder(name);
    }

    /** A builder holding this graph's content, for deriving a changed copy. */
    public GraphBuilder toBuilder() {
        GraphBuilder b = new GraphBuilder(name);
        nodes.values().forEach(b::addNode);
        resources.values().forEach(b::addResource);
        topology.edgeSet().forEach(b::addEdge);
        return b;
    }

    public String name() {
        return name;
    }

    /** Nodes in declaration order. */
    public Collection<Node> nodes() {
        return nodes.values();
    }

    public int nodeCount() {
        return nodes.size();
    }

    public Optional<Node> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    public boolean contains(String id) {
        return nodes.containsKey(id);
    }

    /** The node with this id; for ids the caller took from this graph. */
    public Node require(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no node '" + id + "' in graph " + name);
        }
        return n;
    }

    public Map<String, Resource> resources() {
        return resources;
    }

    public Optional<Resource> resource(String resourceName) {
        return Optional.ofNullable(resources.get(resourceName));
    }

    /** Read-only JGraphT view: vertices are node ids, edges are {@link Edge} values. */
    public Graph<String, Edge> topology() {
        return topology;
    }

    public Set<Edge> edges() {
        return topology.edgeSet();
    }

    public Set<Edge> outgoing(String id) {
        return topology.outgoingEdgesOf(id);
    }

    public Set<Edge> incoming(String id) {
        return topology.incomingEdgesOf(id);
    }

    /** Targets of the packet edges leaving {@code port} of node {@code id}, in insertion order. */
    public List<String> targets(String id, String port) {
        List<String> out = new ArrayList<>();
        for (Edge e : topology.outgoingEdgesOf(id)) {
            if (e.kind() == EdgeKind.PORT && e.label().equals(port)) {
                out.add(e.target());
            }
        }
        return out;
    }

    /** Incoming packet edges (not spawn edges) of node {@code id}: a new list, which callers sort. */
    public List<Edge> packetInputs(String id) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : topology.incomingEdgesOf(id)) {
            if (e.kind() == EdgeKind.PORT) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The value of one kind derived from this graph alone (an index, a compiled form), built by
     * {@code derive} on first use and kept with the graph ({@link DerivedValues}).
     */
    public <T> T derived(Class<T> kind, Function<DataflowGraph, ? extends T> derive) {
        return derived.get(this, kind, derive);
    }

    /** Nodes with the {@code source} attribute, in declaration order. */
    public List<Node> sources() {
        return nodes.values().stream().filter(n -> n.attributes().has(Attributes.SOURCE)).toList();
    }

    /** Nodes of the given kind, in declaration order. */
    public List<Node> nodesOfKind(NodeKind kind) {
        return nodes.values().stream().filter(n -> n.kind() == kind).toList();
    }

    /**
     * Structural equality: same name, same nodes, same edges, same resources, regardless of the
     * order in which they were added.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DataflowGraph other)) {
            return false;
        }
        return name.equals(other.name)
                && new LinkedHashSet<>(nodes.values()).equals(new LinkedHashSet<>(other.nodes.values()))
                && resources.equals(other.resources)
                && topology.edgeSet().equals(other.topology.edgeSet());
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + nodes.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "graph " + name + " (" + nodes.size() + " nodes, " + topology.edgeSet().size() + " edges)";
    }

    static Graph<String, Edge> newTopology() {
        return new DirectedPseudograph<>(null, null, false);
    }

    static Map<String, Node> newNodeMap() {
        return new LinkedHashMap<>();
    }
}
