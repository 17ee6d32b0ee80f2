package io.nicplan.embed.reach;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Orders a graph's nodes so every packet edge goes forward (spawn edges do not count). */
public final class Topology {
    /** A graph's plain order, kept by the graph: every embedding of a plan asks for it several times per graph. */
    private record PlainOrder(List<String> ids) {
    }

    private Topology() {
    }

    /**
     * A topological order of the packet edges, ties broken by declaration order; computed once per graph
     * object, and unmodifiable.
     *
     * @throws IllegalArgumentException if packet edges form a loop
     */
    public static List<String> order(DataflowGraph graph) {
        return graph.derived(PlainOrder.class, g -> new PlainOrder(Collections.unmodifiableList(order(g, null)))).ids();
    }

    /**
     * A topological order with ties broken by a seeded shuffle: any such order is a valid
     * processing order, which is how tests check that results do not depend on it.
     */
    public static List<String> shuffledOrder(DataflowGraph graph, long seed) {
        return order(graph, new Random(seed));
    }

    private static List<String> order(DataflowGraph graph, Random random) {
        Map<String, Integer> inDegree = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (Node n : graph.nodes()) {
            ids.add(n.id());
            inDegree.put(n.id(), 0);
        }
        for (Edge e : graph.edges()) {
            if (e.kind() == EdgeKind.PORT) {
                inDegree.merge(e.target(), 1, Integer::sum);
            }
        }
        if (random != null) {
            Collections.shuffle(ids, random);
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        Deque<String> ready = new ArrayDeque<>();
        for (String id : ids) {
            if (inDegree.get(id) == 0) {
                ready.add(id);
            }
        }
        List<String> out = new ArrayList<>(ids.size());
        while (!ready.isEmpty()) {
            String id = random != null && ready.size() > 1 && random.nextBoolean() ? ready.pollLast() : ready.pollFirst();
            out.add(id);
            List<String> next = new ArrayList<>();
            for (Edge e : graph.outgoing(id)) {
                if (e.kind() == EdgeKind.PORT && inDegree.merge(e.target(), -1, Integer::sum) == 0) {
                    next.add(e.target());
                }
            }
            if (random != null) {
                Collections.shuffle(next, random);
            } else {
                next.sort((a, b) -> Integer.compare(position.get(a), position.get(b)));
            }
            ready.addAll(next);
        }
        if (out.size() != ids.size()) {
            throw new IllegalArgumentException("packet edges of graph " + graph.name() + " form a loop; it has no processing order");
        }
        return out;
    }
}
