package io.nicplan.descriptions.conventions;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.ValidationIssue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks an LPG template against docs/nic-descriptions.md: the source {@code Rx.Queue}, every node
 * in software with an implementation and a cycle cost, the endpoint placeholders, the transmit
 * end and the Drop sink.
 */
public final class LpgConventions {

    /** Id of the LPG's source: a packet read from a receive queue. */
    public static final String SOURCE_ID = "Rx.Queue";
    /** Id of the UDP endpoint placeholder. */
    public static final String UDP_ENDPOINTS = "UdpEndpoints";
    /** Id of the TCP endpoint placeholder. */
    public static final String TCP_ENDPOINTS = "TcpEndpoints";
    /** Id of the transmit end, where a NIC's transmit queue takes over. */
    public static final String TX_QUEUE_ID = "Tx.Queue";

    private LpgConventions() {
    }

    /** Every departure from the conventions, in a stable order. */
    public static List<ValidationIssue> check(DataflowGraph graph) {
        List<ValidationIssue> issues = new ArrayList<>();
        List<Node> sources = graph.sources();
        if (sources.size() != 1 || !sources.get(0).id().equals(SOURCE_ID)) {
            issues.add(ValidationIssue.error("convention-source", graph.name(), "an LPG's one source must be '"
                    + SOURCE_ID + "', found " + sources.stream().map(Node::id).toList()));
        }
        for (Node n : graph.nodes()) {
            if (!n.isSoftware()) {
                issues.add(ValidationIssue.error("convention-software", n.id(), "LPG node '" + n.id() + "' needs attr \"software\""));
            }
            if (n.implementation().isEmpty()) {
                issues.add(ValidationIssue.error("convention-implementation", n.id(), "LPG node '" + n.id() + "' needs an implementation"));
            }
            if (n.cycles().isEmpty()) {
                issues.add(ValidationIssue.error("convention-cycles", n.id(), "LPG node '" + n.id() + "' needs a cycles figure"));
            }
            if (n.kind() == NodeKind.CONFIG) {
                ConfigNodeChecks.check(graph, n, name -> ConfigFunction.byName(name).map(f -> f), false, issues);
            }
        }
        checkPlaceholder(graph, UDP_ENDPOINTS, issues);
        checkPlaceholder(graph, TCP_ENDPOINTS, issues);
        Optional<Node> tx = graph.node(TX_QUEUE_ID);
        if (tx.isEmpty() || !tx.get().attributes().has(Attributes.SINK) || !tx.get().attributes().has(PrgConventions.TRANSMIT)) {
            issues.add(ValidationIssue.error("convention-transmit", TX_QUEUE_ID, "an LPG needs the transmit end '" + TX_QUEUE_ID
                    + "' with attr \"sink\" and attr \"transmit\""));
        }
        Optional<Node> drop = graph.node(PrgConventions.DROP_ID);
        if (drop.isEmpty() || !drop.get().attributes().has(Attributes.SINK)) {
            issues.add(ValidationIssue.error("convention-drop", PrgConventions.DROP_ID, "an LPG needs a top-level sink 'Drop'"));
        }
        return issues;
    }

    private static void checkPlaceholder(DataflowGraph graph, String id, List<ValidationIssue> issues) {
        Optional<Node> node = graph.node(id);
        boolean isPlaceholder = node.isPresent() && node.get().kind() == NodeKind.CONFIG
                && node.get().config().orElseThrow().function().equals(ConfigFunction.ENDPOINTS.functionName());
        if (!isPlaceholder) {
            issues.add(ValidationIssue.error("convention-endpoints", id, "an LPG needs the placeholder config node '" + id
                    + "' with function endpoints"));
            return;
        }
        if (!graph.targets(id, "matched").isEmpty()) {
            issues.add(ValidationIssue.error("convention-endpoints", id, "placeholder '" + id
                    + "' port 'matched' must have no targets: the LPG builder adds one demux node per endpoint"));
        }
    }
}
