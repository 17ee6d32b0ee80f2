package io.nicplan.descriptions.conventions;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Resource;
import io.nicplan.graph.ValidationIssue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a NIC description (PRG) against docs/nic-descriptions.md: one source, the receive
 * queues and their Valid nodes, the Drop sink, the configuration nodes' functions, types and
 * ports, and the transmit queues. A description that passes works with the embedder and the
 * optimizer without being known by name.
 */
public final class PrgConventions {

    /** Attribute key of the node where the LPG attaches for a receive queue. */
    public static final String RXQUEUE = "rxqueue";
    /** Attribute key of a transmit queue's entry node. */
    public static final String TXQUEUE = "txqueue";
    /** Flag of every node on the transmit side. */
    public static final String TRANSMIT = "transmit";
    /**
     * Flag of a {@code tx_offload} C-node whose offload covers IPv6 frames as well as IPv4 ones (Linux:
     * NETIF_F_TSO6 beside NETIF_F_TSO, NETIF_F_IPV6_CSUM beside NETIF_F_IP_CSUM); without it the offload is
     * IPv4 only and software keeps the IPv6 transmit path's work (docs/nic-descriptions.md "Transmit side").
     */
    public static final String TX_IPV6 = "tx_ipv6";
    /** Flag of the node that discards packets. */
    public static final String DROP = "drop";
    /** Id of the top-level drop sink. */
    public static final String DROP_ID = "Drop";

    private PrgConventions() {
    }

    /**
     * Every departure from the conventions, errors and warnings, in a stable order. A C-node whose
     * function no {@link ConfigFunction} documents is a warning: these checks do not know which
     * functions the embedder registers.
     */
    public static List<ValidationIssue> check(DataflowGraph graph) {
        return check(graph, name -> ConfigFunction.byName(name).map(f -> f), false);
    }

    /**
     * Every departure from the conventions, with the rules of exactly these configuration
     * functions (by name): a C-node whose function has no rule is an error, since nothing could
     * expand it.
     */
    public static List<ValidationIssue> check(DataflowGraph graph, Map<String, ? extends ConfigFunctionRule> rules) {
        return check(graph, name -> Optional.ofNullable(rules.get(name)), true);
    }

    private static List<ValidationIssue> check(DataflowGraph graph, Function<String, Optional<ConfigFunctionRule>> rules,
                                               boolean unknownIsError) {
        List<ValidationIssue> issues = new ArrayList<>();
        checkSource(graph, issues);
        checkReceiveQueues(graph, issues);
        checkDrop(graph, issues);
        for (Node n : graph.nodesOfKind(NodeKind.CONFIG)) {
            ConfigNodeChecks.check(graph, n, rules, unknownIsError, issues);
        }
        checkTransmitQueues(graph, issues);
        return issues;
    }

    private static void checkSource(DataflowGraph graph, List<ValidationIssue> issues) {
        List<Node> sources = graph.sources();
        if (sources.size() != 1) {
            issues.add(ValidationIssue.error("convention-source", graph.name(), "graph '" + graph.name()
                    + "' must have exactly one node with attr \"source\" (the wire), found " + sources.size()
                    + (sources.isEmpty() ? "" : ": " + sources.stream().map(Node::id).toList())));
        }
    }

    private static void checkReceiveQueues(DataflowGraph graph, List<ValidationIssue> issues) {
        Optional<Resource> rxQueues = graph.resource(Resource.RX_QUEUES);
        if (rxQueues.isEmpty() || rxQueues.get().capacity() < 1) {
            issues.add(ValidationIssue.error("convention-resource", graph.name(), "graph '" + graph.name()
                    + "' must declare resource rx_queues of at least 1"));
            return;
        }
        long count = rxQueues.get().capacity();
        for (long q = 0; q < count; q++) {
            String rxId = "Q" + q + ".Rx";
            String validId = ConfigNodeChecks.validId(q);
            Optional<Node> rx = graph.node(rxId);
            if (rx.isEmpty() || !rx.get().attributes().has(Attributes.SINK)
                    || !rx.get().attributes().value(RXQUEUE).equals(Optional.of(Long.toString(q)))) {
                issues.add(ValidationIssue.error("convention-queue", rxId, "queue " + q + " needs a sink node '" + rxId
                        + "' with attr \"rxqueue=" + q + "\""));
            }
            Optional<Node> valid = graph.node(validId);
            if (valid.isEmpty() || valid.get().kind() != NodeKind.OR || !graph.targets(validId, "true").contains(rxId)) {
                issues.add(ValidationIssue.error("convention-queue", validId, "queue " + q + " needs an or node '" + validId
                        + "' whose true port leads to '" + rxId + "'"));
            }
        }
        Map<String, String> seen = new HashMap<>();
        for (Node n : graph.nodes()) {
            n.attributes().value(RXQUEUE).ifPresent(q -> {
                String other = seen.putIfAbsent(q, n.id());
                if (other != null) {
                    issues.add(ValidationIssue.error("convention-queue", n.id(), "nodes '" + other + "' and '" + n.id()
                            + "' both carry rxqueue=" + q));
                } else if (!n.id().equals("Q" + q + ".Rx")) {
                    issues.add(ValidationIssue.error("convention-queue", n.id(), "node '" + n.id() + "' carries rxqueue=" + q
                            + " but only Q" + q + ".Rx may (rx_queues = " + count + ")"));
                }
            });
        }
    }

    private static void checkDrop(DataflowGraph graph, List<ValidationIssue> issues) {
        Optional<Node> drop = graph.node(DROP_ID);
        if (drop.isEmpty() || !drop.get().attributes().has(Attributes.SINK) || !drop.get().attributes().has(DROP)) {
            issues.add(ValidationIssue.error("convention-drop", DROP_ID, "graph '" + graph.name()
                    + "' needs a top-level node Drop with attr \"sink\" and attr \"drop\""));
        }
    }

    private static void checkTransmitQueues(DataflowGraph graph, List<ValidationIssue> issues) {
        Optional<Resource> txQueues = graph.resource(Resource.TX_QUEUES);
        Map<String, List<String>> byQueue = new HashMap<>();
        for (Node n : graph.nodes()) {
            n.attributes().value(TXQUEUE).ifPresent(q -> byQueue.computeIfAbsent(q, k -> new ArrayList<>()).add(n.id()));
            if (n.attributes().has(TRANSMIT) && n.attributes().has(Attributes.SOURCE)) {
                issues.add(ValidationIssue.error("convention-transmit", n.id(), "transmit node '" + n.id()
                        + "' must not be a source: the wire is the graph's one source"));
            }
        }
        if (txQueues.isEmpty()) {
            if (!byQueue.isEmpty()) {
                issues.add(ValidationIssue.error("convention-transmit", graph.name(), "graph '" + graph.name()
                        + "' has txqueue nodes but no resource tx_queues"));
            }
            return;
        }
        long count = txQueues.get().capacity();
        for (long q = 0; q < count; q++) {
            List<String> ids = byQueue.getOrDefault(Long.toString(q), List.of());
            if (ids.size() != 1 || !graph.require(ids.get(0)).attributes().has(TRANSMIT)) {
                issues.add(ValidationIssue.error("convention-transmit", "Tx.Q" + q, "transmit queue " + q
                        + " needs exactly one node with attr \"txqueue=" + q + "\" and attr \"transmit\", found " + ids));
            }
        }
        if (byQueue.size() > count) {
            issues.add(ValidationIssue.error("convention-transmit", graph.name(), "graph '" + graph.name() + "' has "
                    + byQueue.size() + " txqueue values but tx_queues = " + count));
        }
    }
}
