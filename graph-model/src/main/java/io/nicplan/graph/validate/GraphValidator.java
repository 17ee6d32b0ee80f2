package io.nicplan.graph.validate;

import io.nicplan.graph.ValidationIssue;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.ValidationIssue;
import io.nicplan.graph.predicate.FieldValues;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.HeaderSpace;
import io.nicplan.graph.predicate.PacketFields;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.graph.predicate.PredicateLogic;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.MaskSubgraph;

/**
 * Semantic checks of a built graph: ports of boolean and O-nodes, F-node ports whose predicates
 * overlap, receive paths that loop, and nodes no root reaches (the receive source, transmit
 * entry points). Structural checks (dangling references, duplicates) happen when the graph is built.
 */
public final class GraphValidator {

    private GraphValidator() {
    }

    /** Every finding, errors first within each check, in node declaration order. */
    public static List<ValidationIssue> validate(DataflowGraph graph) {
        List<ValidationIssue> issues = new ArrayList<>();
        checkPorts(graph, issues);
        checkPortOverlaps(graph, issues);
        checkLoops(graph, issues);
        checkReachability(graph, issues);
        return issues;
    }

    private static void checkPorts(DataflowGraph graph, List<ValidationIssue> issues) {
        for (Node n : graph.nodes()) {
            Set<String> seen = new HashSet<>();
            for (Port p : n.ports()) {
                if (!seen.add(p.name())) {
                    issues.add(ValidationIssue.error("duplicate-port", n.id(), "node '" + n.id() + "' declares port '" + p.name() + "' twice"));
                }
                if (n.kind().hasBooleanPorts() && !p.name().equals(Port.TRUE) && !p.name().equals(Port.FALSE)) {
                    issues.add(ValidationIssue.error("wrong-port", n.id(), n.kind().keyword() + " node '" + n.id()
                            + "' may only have ports 'true' and 'false', not '" + p.name() + "'"));
                }
                if (n.kind().isOperator() && p.hasPredicate()) {
                    issues.add(ValidationIssue.error("operator-predicate", n.id(), "operator node '" + n.id()
                            + "' port '" + p.name() + "' cannot carry a predicate: its activation follows from its inputs"));
                }
            }
            if (n.kind().isOperator() && graph.packetInputs(n.id()).isEmpty()) {
                issues.add(ValidationIssue.warning("operator-without-inputs", n.id(), "operator node '" + n.id() + "' has no inputs and never fires"));
            }
        }
    }

    /**
     * An F-node activates exactly one port per packet, so two explicit port predicates that hold for
     * the same packet contradict the description: a warning on a {@code node} (its implementation may
     * still pick one), an error on a {@code boolean} node (its true and false cannot both hold). Ports
     * without a predicate are decided by the implementation and are not compared.
     */
    private static void checkPortOverlaps(DataflowGraph graph, List<ValidationIssue> issues) {
        for (Node n : graph.nodes()) {
            if (!n.kind().isFunction()) {
                continue;
            }
            List<Port> explicit = n.ports().stream().filter(Port::hasPredicate).toList();
            if (explicit.size() < 2) {
                continue; // nothing to compare; compiling the one predicate would be wasted work
            }
            List<HeaderSpace> spaces = explicit.stream().map(p -> HeaderSpace.of(p.predicate())).toList();
            for (int i = 0; i < explicit.size(); i++) {
                for (int j = i + 1; j < explicit.size(); j++) {
                    if (!spaces.get(i).intersects(spaces.get(j))) {
                        continue;
                    }
                    Port a = explicit.get(i);
                    Port b = explicit.get(j);
                    String example = spaces.get(i).intersect(spaces.get(j)).witness()
                            .map(w -> ", e.g. a packet with " + describe(w, a.predicate(), b.predicate())).orElse("");
                    if (n.kind() == NodeKind.BOOLEAN) {
                        issues.add(ValidationIssue.error("overlapping-boolean-ports", n.id(), "boolean node '" + n.id()
                                + "' has true and false predicates that both hold" + example));
                    } else {
                        issues.add(ValidationIssue.warning("overlapping-ports", n.id(), "ports '" + a.name() + "' and '"
                                + b.name() + "' of node '" + n.id() + "' are both active for some packets" + example
                                + "; a node activates exactly one port"));
                    }
                }
            }
        }
    }

    /** The witness's values of the fields the two predicates mention, e.g. {@code ip.proto == udp, l4.dport == 53}. */
    private static String describe(PacketFields witness, Predicate a, Predicate b) {
        Set<HeaderField> fields = new TreeSet<>(PredicateLogic.fields(a));
        fields.addAll(PredicateLogic.fields(b));
        List<String> parts = new ArrayList<>();
        for (HeaderField f : fields) {
            parts.add(f.fieldName() + " == " + FieldValues.format(f, witness.get(f)));
        }
        return String.join(", ", parts);
    }

    /** A receive path that loops would process a packet forever; spawn edges may loop. */
    private static void checkLoops(DataflowGraph graph, List<ValidationIssue> issues) {
        Graph<String, Edge> packetEdges = new MaskSubgraph<>(graph.topology(), v -> false, e -> e.kind() != EdgeKind.PORT);
        var inspector = new KosarajuStrongConnectivityInspector<>(packetEdges);
        for (Set<String> component : inspector.stronglyConnectedSets()) {
            boolean selfLoop = component.size() == 1 && packetEdges.containsEdge(component.iterator().next(), component.iterator().next());
            if (component.size() > 1 || selfLoop) {
                List<String> members = graph.nodes().stream().map(Node::id).filter(component::contains).toList();
                issues.add(ValidationIssue.error("loop", members.get(0), "packet path loops through " + String.join(" -> ", members)
                        + " -> " + members.get(0)));
            }
        }
    }

    private static void checkReachability(DataflowGraph graph, List<ValidationIssue> issues) {
        List<Node> sources = graph.sources();
        if (sources.isEmpty()) {
            if (graph.nodeCount() > 0) {
                issues.add(ValidationIssue.warning("no-source", graph.name(), "graph '" + graph.name()
                        + "' has no node with attr \"source\"; reachability not checked"));
            }
            return;
        }
        Set<String> reached = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (Node s : sources) {
            if (reached.add(s.id())) {
                work.add(s.id());
            }
        }
        // The transmit side starts where the host hands packets in, not at the receive source.
        for (Node n : graph.nodes()) {
            if (n.attributes().has(Attributes.TRANSMIT) && graph.incoming(n.id()).isEmpty() && reached.add(n.id())) {
                work.add(n.id());
            }
        }
        while (!work.isEmpty()) {
            String id = work.poll();
            for (Edge e : graph.outgoing(id)) {
                if (reached.add(e.target())) {
                    work.add(e.target());
                }
            }
        }
        for (Node n : graph.nodes()) {
            // A config node without ports configures other nodes (e.g. which queues are enabled); no packet reaches it.
            boolean configuresOnly = n.kind() == NodeKind.CONFIG && n.ports().isEmpty();
            if (!reached.contains(n.id()) && !configuresOnly) {
                issues.add(ValidationIssue.warning("unreachable", n.id(), "node '" + n.id() + "' is not reachable from any source"));
            }
        }
    }
}
