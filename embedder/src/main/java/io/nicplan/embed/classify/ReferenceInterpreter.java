package io.nicplan.embed.classify;

import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.expand.QueueLayout;
import io.nicplan.embed.reach.Activation;
import io.nicplan.embed.reach.PacketEvaluator;
import io.nicplan.embed.reach.Topology;
import io.nicplan.embed.rss.RssSpec;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.HeaderField;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The slow, plain interpreter of a configured graph: it evaluates every reached node in
 * topological order, each F-node's port predicates on the packet and each O-node's operator on
 * its input activations ({@link Activation}), and reports the receive queues the packet reaches.
 * It knows nothing of filter tables or hashing shortcuts; the fast {@link CompiledClassifier} is
 * checked against it.
 *
 * <p>Nodes that compute fields act before their ports are evaluated: an RSS node
 * ({@link RssSpec}) sets {@code rss.bucket}, a node with attribute
 * {@value FilterChain#SET_MARK} sets {@code meta.mark}.
 */
public final class ReferenceInterpreter {
    private final DataflowGraph graph;
    private final List<String> order;
    private final Map<String, Optional<RssSpec>> rss = new HashMap<>();
    private final Map<String, Integer> position = new HashMap<>();
    private final List<String> sources;
    private final Map<String, Integer> inputs = new HashMap<>();

    public ReferenceInterpreter(DataflowGraph graph) {
        this.graph = graph;
        this.order = Topology.order(graph);
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        this.sources = graph.sources().stream().map(Node::id).toList();
        for (Node n : graph.nodes()) {
            if (n.kind().isOperator()) {
                inputs.put(n.id(), graph.packetInputs(n.id()).size());
            }
        }
        for (Node n : graph.nodes()) {
            rss.put(n.id(), RssSpec.of(n));
        }
    }

    /** What happened to one packet: the port each reached node fired (absent: none) and the queues reached. */
    public record Run(Map<String, Optional<String>> fired, SortedSet<Integer> queues) {
    }

    /** The receive queues the packet reaches (normally one; none when dropped). */
    public SortedSet<Integer> queues(long[] packet) {
        return run(packet).queues();
    }

    /** Interprets the graph for one packet (the array is not changed). */
    public Run run(long[] original) {
        long[] packet = original.clone();
        Map<String, Optional<String>> fired = new LinkedHashMap<>();
        Map<String, int[]> activations = new HashMap<>();
        SortedSet<Integer> queues = new TreeSet<>();
        // Reached nodes wait in topological order; nodes no packet reaches are never visited.
        java.util.PriorityQueue<Integer> pending = new java.util.PriorityQueue<>();
        for (String s : sources) {
            activations.put(s, new int[2]);
            pending.add(position.get(s));
        }
        while (!pending.isEmpty()) {
            String id = order.get(pending.poll());
            int[] act = activations.get(id);
            Node n = graph.require(id);
            OptionalInt q = QueueLayout.rxQueue(n);
            if (q.isPresent()) {
                queues.add(q.getAsInt());
            }
            Optional<String> port = fire(n, act, packet);
            fired.put(id, port);
            if (port.isEmpty()) {
                continue;
            }
            boolean value = Activation.carriesTrue(port.get());
            for (Edge e : graph.outgoing(id)) {
                if (e.kind() == EdgeKind.PORT && e.label().equals(port.get())) {
                    int[] target = activations.get(e.target());
                    if (target == null) {
                        target = new int[2];
                        activations.put(e.target(), target);
                        pending.add(position.get(e.target()));
                    }
                    target[value ? 0 : 1]++;
                }
            }
        }
        return new Run(Collections.unmodifiableMap(fired), Collections.unmodifiableSortedSet(queues));
    }

    private Optional<String> fire(Node n, int[] act, long[] packet) {
        if (n.kind().isOperator()) {
            int count = inputs.get(n.id());
            if (Activation.firesTrue(n.kind(), act[0], act[1], count)) {
                return Optional.of(Port.TRUE);
            }
            if (Activation.firesFalse(n.kind(), act[0], act[1], count)) {
                return Optional.of(Port.FALSE);
            }
            return Optional.empty();
        }
        if (!n.kind().isFunction()) {
            return Optional.empty(); // a C-node no function expanded: packets stop here
        }
        rss.get(n.id()).ifPresent(spec -> packet[HeaderField.RSS_BUCKET.ordinal()] = spec.bucket(packet));
        Attributes a = n.attributes();
        a.value(FilterChain.SET_MARK).ifPresent(v -> packet[HeaderField.META_MARK.ordinal()] = Long.parseLong(v));
        a.value(FilterChain.SET_HASH).ifPresent(v -> FilterChain.applyHash(packet, Integer.parseInt(v)));
        for (Port p : n.ports()) {
            if (p.hasPredicate() && PacketEvaluator.test(p.predicate(), packet)) {
                return Optional.of(p.name());
            }
        }
        return n.ports().stream().filter(p -> !p.hasPredicate()).map(Port::name).findFirst();
    }
}
