package io.nicplan.embed.expand;

import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import java.util.List;

/**
 * What a configuration function made of one C-node: the nodes and edges that replace it, where
 * the C-node's incoming edges now lead, and existing edges it removes (e.g. a disabled queue's).
 */
public interface Expansion {
    /** The C-node this replaces. */
    String cnode();

    /** New nodes (ids not in the PRG). */
    List<Node> nodes();

    /** New edges, leaving new nodes or rewiring existing ones. */
    List<Edge> edges();

    /** Targets every edge that entered the C-node now goes to (none: those packets are dropped). */
    List<String> entry();

    /** Edges of the PRG this expansion removes. */
    default List<Edge> removedEdges() {
        return List.of();
    }

    /** An expansion given by its parts. */
    record Fixed(String cnode, List<Node> nodes, List<Edge> edges, List<String> entry, List<Edge> removedEdges)
            implements Expansion {
        public Fixed {
            nodes = List.copyOf(nodes);
            edges = List.copyOf(edges);
            entry = List.copyOf(entry);
            removedEdges = List.copyOf(removedEdges);
        }

        /** No nodes: packets entering the C-node go straight to {@code targets}. */
        public static Fixed passThrough(String cnode, List<String> targets) {
            return new Fixed(cnode, List.of(), List.of(), targets, List.of());
        }
    }
}
