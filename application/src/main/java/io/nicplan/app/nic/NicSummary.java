package io.nicplan.app.nic;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Resource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a parsed description offers, at a glance: the graph's name, how many nodes of each kind,
 * its configuration nodes with their value types, and its resources.
 */
public record NicSummary(String graph, int nodes, int edges, Map<String, Integer> nodesByKind,
                         List<ConfigNode> configNodes, Map<String, Long> resources) {

    /** One C-node: its id, value type (Unicorn syntax), configuration function and consumed resources. */
    public record ConfigNode(String id, String type, String function, List<String> uses) {
    }

    public NicSummary {
        nodesByKind = Collections.unmodifiableMap(new LinkedHashMap<>(nodesByKind));
        configNodes = List.copyOf(configNodes);
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    }

    public static NicSummary of(DataflowGraph g) {
        Map<String, Integer> byKind = new LinkedHashMap<>();
        for (NodeKind k : NodeKind.values()) {
            byKind.put(k.keyword(), 0);
        }
        List<ConfigNode> configs = new ArrayList<>();
        for (Node n : g.nodes()) {
            byKind.merge(n.kind().keyword(), 1, Integer::sum);
            n.config().ifPresent(c -> configs.add(
                    new ConfigNode(n.id(), c.type().toString(), c.function(), c.resources())));
        }
        Map<String, Long> resources = new LinkedHashMap<>();
        for (Resource r : g.resources().values()) {
            resources.put(r.name(), r.capacity());
        }
        return new NicSummary(g.name(), g.nodeCount(), g.edges().size(), new LinkedHashMap<>(byKind), configs, resources);
    }
}
