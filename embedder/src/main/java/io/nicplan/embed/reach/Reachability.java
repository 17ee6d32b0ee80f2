package io.nicplan.embed.reach;

import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.rss.RssSpec;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which packets reach each node and leave by each port: a predicate per node ("reach") and per
 * port ("fire"), computed as the least fixpoint of the graph's equations.
 *
 * <ul>
 *   <li>a source is reached by every packet; any other node by the packets that fire a port with
 *       an edge to it (the disjunction over its incoming edges);
 *   <li>an F-node fires port {@code p} for the packets that reach it and satisfy {@code p}'s
 *       effective predicate ({@link PortSemantics}); a node that writes a field (RSS, mark)
 *       first forgets what was known about that field;
 *   <li>an O-node fires by its operator over its inputs' true and false activations
 *       ({@link Activation}); a C-node no function expanded, and any blocked node, fires nothing.
 * </ul>
 *
 * <p>The result does not depend on the order in which nodes are processed: each node's
 * predicates are a function of its predecessors' (incoming edges are combined in a canonical
 * order), and a worklist recomputes a node whenever a predecessor changed, until nothing changes.
 * Any processing order gives the same fixpoint, which tests check with shuffled orders.
 */
public final class Reachability {
    private static final Comparator<Edge> CANONICAL = Comparator.comparing(Edge::source).thenComparing(Edge::label);

    private final Map<String, Predicate> reach;
    private final Map<String, Map<String, Predicate>> fire;

    private Reachability(Map<String, Predicate> reach, Map<String, Map<String, Predicate>> fire) {
        this.reach = reach;
        this.fire = fire;
    }

    /** The fixpoint, processing nodes in topological order (each node once). */
    public static Reachability compute(DataflowGraph graph) {
        return compute(graph, Topology.order(graph), Set.of());
    }

    /**
     * The fixpoint, with the worklist first filled in {@code order} (any order of the graph's
     * nodes); nodes in {@code blocked} fire no port (used to ask which packets avoid them).
     */
    public static Reachability compute(DataflowGraph graph, List<String> order, Set<String> blocked) {
        Map<String, Predicate> reach = new HashMap<>();
        Map<String, Map<String, Predicate>> fire = new HashMap<>();
        Map<String, List<Predicate>> effective = new HashMap<>();
        Map<String, List<Edge>> inputs = new HashMap<>();
        for (Node n : graph.nodes()) {
            reach.put(n.id(), Predicate.FALSE);
            Map<String, Predicate> ports = new LinkedHashMap<>();
            n.ports().forEach(p -> ports.put(p.name(), Predicate.FALSE));
            fire.put(n.id(), ports);
            if (n.kind().isFunction()) {
                effective.put(n.id(), PortSemantics.effective(n));
            }
            List<Edge> in = new ArrayList<>(graph.packetInputs(n.id()));
            in.sort(CANONICAL);
            inputs.put(n.id(), in);
        }
        PathConjunctions paths = new PathConjunctions();
        Deque<String> work = new ArrayDeque<>(order);
        Set<String> queued = new HashSet<>(order);
        while (!work.isEmpty()) {
            String id = work.poll();
            queued.remove(id);
            Node n = graph.require(id);
            List<Edge> in = inputs.get(id);
            Predicate r = n.attributes().has(Attributes.SOURCE) ? Predicate.TRUE : factoredOr(activations(in, fire, null));
            Map<String, Predicate> ports = blocked.contains(id) ? none(n) : fire(n, r, in, fire, effective.get(id), paths);
            boolean changed = !r.equals(reach.get(id)) || !ports.equals(fire.get(id));
            if (changed) {
                reach.put(id, r);
                fire.put(id, ports);
                for (Edge e : graph.outgoing(id)) {
                    if (e.kind() == EdgeKind.PORT && queued.add(e.target())) {
                        work.add(e.target());
                    }
                }
            }
        }
        Map<String, Map<String, Predicate>> frozen = new HashMap<>();
        fire.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
        return new Reachability(Collections.unmodifiableMap(reach), Collections.unmodifiableMap(frozen));
    }

    private static Map<String, Predicate> none(Node n) {
        Map<String, Predicate> ports = new LinkedHashMap<>();
        n.ports().forEach(p -> ports.put(p.name(), Predicate.FALSE));
        return ports;
    }

    private static Map<String, Predicate> fire(Node n, Predicate reached, List<Edge> in, Map<String, Map<String, Predicate>> fire,
                                               List<Predicate> effective, PathConjunctions paths) {
        Map<String, Predicate> ports = new LinkedHashMap<>();
        if (n.kind().isOperator()) {
            List<Predicate> trues = activations(in, fire, Boolean.TRUE);
            List<Predicate> falses = activations(in, fire, Boolean.FALSE);
            int inputs = in.size();
            // An input that can never carry the needed value makes an "all inputs" condition false.
            Predicate allTrue = trues.size() == inputs && inputs > 0 ? factoredAnd(trues) : Predicate.FALSE;
            Predicate allFalse = falses.size() == inputs && inputs > 0 ? factoredAnd(falses) : Predicate.FALSE;
            Predicate anyTrue = factoredOr(trues);
            Predicate anyFalse = factoredOr(falses);
            Predicate t;
            Predicate f;
            switch (n.kind()) {
                case OR:
                    t = anyTrue;
                    f = allFalse;
                    break;
                case AND:
                    t = allTrue;
                    f = anyFalse;
                    break;
                case NAND:
                    t = anyFalse;
                    f = allTrue;
                    break;
                default:
                    t = allFalse;
                    f = anyTrue;
                    break;
            }
            for (Port p : n.ports()) {
                ports.put(p.name(), p.name().equals(Port.TRUE) ? t : p.name().equals(Port.FALSE) ? f : Predicate.FALSE);
            }
            return ports;
        }
        if (n.kind() == NodeKind.CONFIG || effective == null) {
            return none(n);
        }
        Predicate r = reached;
        if (RssSpec.of(n).isPresent()) {
            r = Predicates.forget(r, HeaderField.RSS_BUCKET);
        }
        Optional<String> mark = n.attributes().value(FilterChain.SET_MARK);
        if (mark.isPresent()) {
            r = paths.and(Predicates.forget(r, HeaderField.META_MARK), Predicate.eq(HeaderField.META_MARK, Long.parseLong(mark.get())));
        }
        if (n.attributes().value(FilterChain.SET_HASH).isPresent()) {
            // meta.hash becomes a function of kv.key_hash, which predicates cannot state: any value.
            r = Predicates.forget(r, HeaderField.META_HASH);
        }
        for (int k = 0; k < n.ports().size(); k++) {
            ports.put(n.ports().get(k).name(), paths.and(r, effective.get(k)));
        }
        return ports;
    }

    /**
     * The conjunction of {@code terms} with the conjuncts they all share (the same predicate
     * objects, e.g. the path to a fan-out that feeds an O-node) written once:
     * {@code (r && a) && (r && b)} becomes {@code r && a && b}.
     */
    static Predicate factoredAnd(List<Predicate> terms) {
        List<Predicate> common = commonConjuncts(terms);
        if (common.isEmpty()) {
            return Predicate.and(terms);
        }
        List<Predicate> out = new ArrayList<>(common);
        for (Predicate t : terms) {
            out.addAll(without(conjuncts(t), common));
        }
        return Predicate.and(out);
    }

    /** The disjunction of {@code terms} with their shared conjuncts factored out: {@code (r && a) || (r && b)} is {@code r && (a || b)}. */
    static Predicate factoredOr(List<Predicate> terms) {
        List<Predicate> common = commonConjuncts(terms);
        if (common.isEmpty()) {
            return Predicate.or(terms);
        }
        List<Predicate> rest = new ArrayList<>();
        for (Predicate t : terms) {
            rest.add(Predicate.and(without(conjuncts(t), common)));
        }
        List<Predicate> out = new ArrayList<>(common);
        out.add(Predicate.or(rest));
        return Predicate.and(out);
    }

    private static List<Predicate> conjuncts(Predicate p) {
        return p instanceof Predicate.And a ? a.terms() : List.of(p);
    }

    /** Conjuncts (by identity) every term has; empty for fewer than two terms. */
    private static List<Predicate> commonConjuncts(List<Predicate> terms) {
        if (terms.size() < 2) {
            return List.of();
        }
        List<Predicate> common = new ArrayList<>(conjuncts(terms.get(0)));
        for (int i = 1; i < terms.size() && !common.isEmpty(); i++) {
            List<Predicate> c = conjuncts(terms.get(i));
            common.removeIf(x -> c.stream().noneMatch(y -> y == x));
        }
        return common;
    }

    private static List<Predicate> without(List<Predicate> conjuncts, List<Predicate> common) {
        List<Predicate> out = new ArrayList<>(conjuncts.size());
        for (Predicate c : conjuncts) {
            if (common.stream().noneMatch(x -> x == c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The fire predicates of the incoming edges, in canonical order; with {@code value} given,
     * only the edges that carry that activation value (null: all).
     */
    private static List<Predicate> activations(List<Edge> in, Map<String, Map<String, Predicate>> fire, Boolean value) {
        List<Predicate> out = new ArrayList<>(in.size());
        for (Edge e : in) {
            if (value != null && Activation.carriesTrue(e.label()) != value) {
                continue;
            }
            Predicate p = fire.get(e.source()).getOrDefault(e.label(), Predicate.FALSE);
            if (!(p instanceof Predicate.False)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The packets that reach node {@code id} ({@code false} for an unknown node). */
    public Predicate reach(String id) {
        return reach.getOrDefault(id, Predicate.FALSE);
    }

    /** The packets that leave node {@code id} by {@code port}. */
    public Predicate fire(String id, String port) {
        Map<String, Predicate> ports = fire.get(id);
        return ports == null ? Predicate.FALSE : ports.getOrDefault(port, Predicate.FALSE);
    }

    /** Equal fixpoints (same predicates for every node and port). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Reachability r && reach.equals(r.reach) && fire.equals(r.fire);
    }

    @Override
    public int hashCode() {
        return reach.keySet().hashCode();
    }
}
