package io.nicplan.cli;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code nicplan parse} reports about a graph: its name, node counts by kind, the
 * configuration nodes with their types, and the declared resources.
 */
record GraphSummary(String graph, Map<String, Integer> nodes, List<ConfigNode> configNodes,
                    Map<String, Long> resources, Map<String, Long> parameters, int edges) {

    /** One C-node: its id, configuration function, value type and consumed resources. */
    record ConfigNode(String id, String function, String type, List<String> uses) {
    }

    static GraphSummary of(DataflowGraph g, Map<String, Long> parameters) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("total", g.nodeCount());
        for (NodeKind kind : NodeKind.values()) {
            counts.put(kind.keyword(), g.nodesOfKind(kind).size());
        }
        List<ConfigNode> configNodes = g.nodesOfKind(NodeKind.CONFIG).stream()
                .map(GraphSummary::configNode)
                .toList();
        Map<String, Long> resources = new LinkedHashMap<>();
        for (Resource r : g.resources().values()) {
            resources.put(r.name(), r.capacity());
        }
        return new GraphSummary(g.name(), counts, configNodes, resources, parameters, g.edges().size());
    }

    private static ConfigNode configNode(Node n) {
        var spec = n.config().orElseThrow();
        return new ConfigNode(n.id(), spec.function(), spec.type().toString(), spec.resources());
    }

    /** The human-readable form printed without {@code --json}. */
    String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("graph ").append(graph).append(": ").append(nodes.get("total")).append(" nodes, ")
                .append(edges).append(" edges\n");
        sb.append("  nodes by kind:");
        nodes.forEach((kind, count) -> {
            if (!kind.equals("total") && count > 0) {
                sb.append(' ').append(kind).append('=').append(count);
            }
        });
        sb.append('\n');
        if (!parameters.isEmpty()) {
            sb.append("  parameters:");
            parameters.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append('\n');
        }
        if (!resources.isEmpty()) {
            sb.append("  resources:\n");
            resources.forEach((k, v) -> sb.append(String.format("    %-20s %d%n", k, v)));
        }
        if (!configNodes.isEmpty()) {
            sb.append("  config nodes:\n");
            for (ConfigNode c : configNodes) {
                sb.append("    ").append(c.id()).append(" (function ").append(c.function());
                if (!c.uses().isEmpty()) {
                    sb.append(", uses ").append(String.join(", ", c.uses()));
                }
                sb.append(")\n      type ").append(c.type()).append('\n');
            }
        }
        return sb.toString();
    }
}
