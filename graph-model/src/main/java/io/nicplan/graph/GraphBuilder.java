package io.nicplan.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;

/**
 * Collects nodes, edges and resources and builds an immutable {@link DataflowGraph}.
 *
 * <p>Structural problems (a duplicate id, an edge from an undeclared port, an edge to a missing
 * node) are collected rather than thrown one at a time, so a caller can report all of them.
 */
public final class GraphBuilder {
    private final String name;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final Set<Edge> edges = new LinkedHashSet<>();
    private final List<ValidationIssue> problems = new ArrayList<>();

    GraphBuilder(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public GraphBuilder addNode(Node node) {
        if (nodes.putIfAbsent(node.id(), node) != null) {
            problems.add(ValidationIssue.error("duplicate-node", node.id(), "node '" + node.id() + "' is declared twice"));
        }
        return this;
    }

    /** Replaces a node with the same id (or adds it). */
    public GraphBuilder putNode(Node node) {
        nodes.put(node.id(), node);
        return this;
    }

    public GraphBuilder removeNode(String id) {
        nodes.remove(id);
        edges.removeIf(e -> e.source().equals(id) || e.target().equals(id));
        return this;
    }

    public boolean hasNode(String id) {
        return nodes.containsKey(id);
    }

    public java.util.Optional<Node> node(String id) {
        return java.util.Optional.ofNullable(nodes.get(id));
    }

    public GraphBuilder addEdge(Edge edge) {
        edges.add(edge);
        return this;
    }

    public GraphBuilder removeEdge(Edge edge) {
        edges.remove(edge);
        return this;
    }

    public GraphBuilder connect(String source, String port, String target) {
        return addEdge(Edge.port(source, port, target));
    }

    public GraphBuilder addResource(Resource resource) {
        if (resources.putIfAbsent(resource.name(), resource) != null) {
            problems.add(ValidationIssue.error("duplicate-resource", resource.name(), "resource '" + resource.name() + "' is declared twice"));
        }
        return this;
    }

    /** Structural problems found so far, including those {@link #build()} would find in edges. */
    public List<ValidationIssue> problems() {
        List<ValidationIssue> all = new ArrayList<>(problems);
        for (Edge e : edges) {
            Node source = nodes.get(e.source());
            if (source == null) {
                all.add(ValidationIssue.error("dangling-reference", e.source(), "edge " + e + " leaves an unknown node '" + e.source() + "'"));
                continue;
            }
            if (e.kind() == EdgeKind.PORT && source.port(e.label()).isEmpty()) {
                all.add(ValidationIssue.error("unknown-port", e.source(), "node '" + e.source() + "' has no port '" + e.label() + "'"));
            }
            if (!nodes.containsKey(e.target())) {
                all.add(ValidationIssue.error("dangling-reference", e.source(), "node '" + e.source() + "' port '" + e.label()
                        + "' refers to unknown node '" + e.target() + "'"));
            }
        }
        return all;
    }

    /**
     * Builds the graph.
     *
     * @throws InvalidGraphException listing every structural problem, if there are any
     */
    public DataflowGraph build() {
        List<ValidationIssue> all = problems();
        if (!all.isEmpty()) {
            throw new InvalidGraphException(name, all);
        }
        Graph<String, Edge> topology = DataflowGraph.newTopology();
        Map<String, Node> nodeMap = DataflowGraph.newNodeMap();
        for (Node n : nodes.values()) {
            nodeMap.put(n.id(), n);
            topology.addVertex(n.id());
        }
        for (Edge e : edges) {
            topology.addEdge(e.source(), e.target(), e);
        }
        return new DataflowGraph(name, nodeMap, new LinkedHashMap<>(resources), topology);
    }
}
