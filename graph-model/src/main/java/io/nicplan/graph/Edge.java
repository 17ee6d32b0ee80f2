package io.nicplan.graph;

import java.util.Objects;

/**
 * A directed edge from a named port (or spawn label) of one node to another node.
 *
 * <p>Edges are values: two edges with the same ends, label and kind are equal, so a graph never
 * holds the same connection twice.
 */
public record Edge(String source, String label, String target, EdgeKind kind) {
    public Edge {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
    }

    public static Edge port(String source, String port, String target) {
        return new Edge(source, port, target, EdgeKind.PORT);
    }

    public static Edge spawn(String source, String label, String target) {
        return new Edge(source, label, target, EdgeKind.SPAWN);
    }

    @Override
    public String toString() {
        return source + (kind == EdgeKind.SPAWN ? " =" : " -") + label + "-> " + target;
    }
}
