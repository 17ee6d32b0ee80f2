package io.nicplan.graph;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One node of a dataflow graph. Immutable; the edges leaving its ports are kept by the graph.
 *
 * @param id fully qualified name, cluster names joined with '.' (e.g. {@code Rx.ValidCRC})
 * @param kind F-, O- or C-node kind
 * @param ports named outputs with their predicates, in declaration order
 * @param attributes flags and key=value attributes
 * @param implementation name of the code that implements the node, if given
 * @param cycles software cost in CPU cycles per packet, if given
 * @param config type, function and resources of a C-node; empty for other kinds
 */
public record Node(String id, NodeKind kind, List<Port> ports, Attributes attributes,
                   Optional<String> implementation, OptionalLong cycles, Optional<ConfigSpec> config) {

    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        ports = List.copyOf(ports);
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(cycles, "cycles");
        Objects.requireNonNull(config, "config");
        if (config.isPresent() != (kind == NodeKind.CONFIG)) {
            throw new IllegalArgumentException("node " + id + ": a config spec belongs exactly to config nodes");
        }
    }

    /** A node with ports and nothing else. */
    public static Node of(String id, NodeKind kind, List<Port> ports) {
        return new Node(id, kind, ports, Attributes.NONE, Optional.empty(), OptionalLong.empty(), Optional.empty());
    }

    public Optional<Port> port(String name) {
        // A loop, not a stream: graph construction asks this for every edge.
        for (Port p : ports) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean isSoftware() {
        return attributes.isSoftware();
    }

    /** Software cycles per packet, 0 when none were given. */
    public long cyclesOrZero() {
        return cycles.orElse(0);
    }

    /** The last component of the id (the name inside its cluster). */
    public String simpleName() {
        return id.substring(id.lastIndexOf('.') + 1);
    }

    public Node withId(String newId) {
        return new Node(newId, kind, ports, attributes, implementation, cycles, config);
    }

    public Node withPorts(List<Port> newPorts) {
        return new Node(id, kind, newPorts, attributes, implementation, cycles, config);
    }

    public Node withAttributes(Attributes newAttributes) {
        return new Node(id, kind, ports, newAttributes, implementation, cycles, config);
    }
}
