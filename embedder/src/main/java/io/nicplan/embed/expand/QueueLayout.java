package io.nicplan.embed.expand;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import io.nicplan.graph.Port;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Where a PRG's receive queues are: the node carrying {@code rxqueue=N} for each queue, and the
 * {@code Q{N}.Valid} node that steering mechanisms target (docs/nic-descriptions.md, rule 2).
 */
public final class QueueLayout {
    /** The attribute marking the node where the LPG is attached for a queue. */
    public static final String RXQUEUE = "rxqueue";
    /** The attribute marking the description's drop sink. */
    public static final String DROP = "drop";

    private final Map<Integer, String> rxNodes;
    private final Map<Integer, String> validNodes;
    private final Map<String, Integer> queueOfNode;
    private final Optional<String> dropNode;

    private QueueLayout(Map<Integer, String> rxNodes, Map<Integer, String> validNodes, Map<String, Integer> queueOfNode,
                        Optional<String> dropNode) {
        this.rxNodes = Collections.unmodifiableMap(rxNodes);
        this.validNodes = Collections.unmodifiableMap(validNodes);
        this.queueOfNode = Collections.unmodifiableMap(queueOfNode);
        this.dropNode = dropNode;
    }

    /** Finds the queues of a PRG (configured or not). */
    public static QueueLayout of(DataflowGraph prg) {
        Map<Integer, String> rx = new TreeMap<>();
        Map<String, Integer> queueOf = new java.util.HashMap<>();
        Optional<String> drop = Optional.empty();
        for (Node n : prg.nodes()) {
            OptionalInt q = rxQueue(n);
            if (q.isPresent()) {
                rx.putIfAbsent(q.getAsInt(), n.id());
                queueOf.put(n.id(), q.getAsInt());
            }
            if (drop.isEmpty() && n.attributes().has(DROP)) {
                drop = Optional.of(n.id());
            }
        }
        Map<Integer, String> valid = new TreeMap<>();
        for (Map.Entry<Integer, String> e : rx.entrySet()) {
            for (Edge in : prg.incoming(e.getValue())) {
                Node source = prg.require(in.source());
                if (in.kind() == EdgeKind.PORT && source.kind().isOperator() && in.label().equals(Port.TRUE)) {
                    valid.putIfAbsent(e.getKey(), source.id());
                    queueOf.putIfAbsent(source.id(), e.getKey());
                }
            }
        }
        if (drop.isEmpty() && prg.contains("Drop")) {
            drop = Optional.of("Drop");
        }
        return new QueueLayout(rx, valid, queueOf, drop);
    }

    /** The queue number in a node's {@code rxqueue=N} attribute. */
    public static OptionalInt rxQueue(Node n) {
        Optional<String> v = n.attributes().value(RXQUEUE);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.get().strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Queue numbers in ascending order. */
    public List<Integer> queues() {
        return List.copyOf(rxNodes.keySet());
    }

    public int queueCount() {
        return rxNodes.size();
    }

    /** The node carrying {@code rxqueue=queue}. */
    public Optional<String> rxNode(int queue) {
        return Optional.ofNullable(rxNodes.get(queue));
    }

    /** The {@code or} node in front of the queue's receive node. */
    public Optional<String> validNode(int queue) {
        return Optional.ofNullable(validNodes.get(queue));
    }

    /** The queue a node stands for: its receive node or its valid node. */
    public OptionalInt queueOf(String nodeId) {
        Integer q = queueOfNode.get(nodeId);
        return q == null ? OptionalInt.empty() : OptionalInt.of(q);
    }

    /** The description's drop sink ({@code attr "drop"}, or a top-level node named {@code Drop}). */
    public Optional<String> dropNode() {
        return dropNode;
    }
}
