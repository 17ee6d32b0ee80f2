package io.nicplan.graph.io;

import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.NodeKind;
import java.util.List;
import java.util.Optional;

/**
 * A {@link io.nicplan.graph.DataflowGraph} drawn with its replicated structure folded: nodes that differ
 * only by an index and are fed and feed alike become one group ({@code Q0.Valid .. Q127.Valid} becomes
 * {@code Q{0..127}.Valid}), and the edges between two groups with one label become one edge with a
 * count. Built by {@link GraphCollapse}; drawn by {@link #dot()} and written by {@link #json()}.
 *
 * @param name the graph's name
 * @param groups every node of the graph in exactly one group, in the graph's node order
 * @param edges the folded edges, in the graph's edge order
 */
public record CollapsedGraph(String name, List<Group> groups, List<GroupEdge> edges) {
    public CollapsedGraph {
        groups = List.copyOf(groups);
        edges = List.copyOf(edges);
    }

    /**
     * Nodes drawn as one.
     *
     * @param id the label of the group: the member's id when it is alone, else the shared id with the
     *     varying index written as a range ({@code Q{0..15}.Valid}); unique in the graph
     * @param template the members' id with every run of digits replaced by {@code *} ({@code Q*.Valid});
     *     {@link CollapseOptions#expanded()} names groups by it
     * @param kind the members' kind
     * @param software whether the members run on the host
     * @param function the configuration function of C-node members
     * @param members the node ids, by their index
     */
    public record Group(String id, String template, NodeKind kind, boolean software, Optional<String> function,
                        List<String> members) {
        public Group {
            members = List.copyOf(members);
        }

        public boolean folded() {
            return members.size() > 1;
        }
    }

    /**
     * Edges with the same source group, label, target group and kind.
     *
     * @param count how many edges of the graph this one stands for
     */
    public record GroupEdge(String source, String label, String target, EdgeKind kind, int count) {
    }

    /** Graphviz DOT, laid out left to right, with short edge labels ({@code port} or {@code port ×count}). */
    public String dot() {
        return CollapsedRendering.dot(this);
    }

    /** JSON for the console, compact: the {@link CollapsedGraphDocument} of this graph. */
    public String json() {
        return CollapsedRendering.json(this);
    }
}
