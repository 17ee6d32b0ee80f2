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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private final Wiring wiring;
    /** By node index of {@link #wiring}. */
    private final Predicate[] reach;
    /** By node index, then port index of that node. */
    private final Predicate[][] fire;

    private Reachability(Wiring wiring, Predicate[] reach, Predicate[][] fire) {
        this.wiring = wiring;
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
        // Worked out once per graph and kept by it (so it goes with the graph): a plan's embeddings compute several
        // fixpoints of one graph.
        Wiring w = graph.derived(Wiring.class, Wiring::of);
        int n = w.nodes.length;
        Predicate[] reach = new Predicate[n];
        Predicate[][] fire = new Predicate[n][];
        for (int i = 0; i < n; i++) {
            reach[i] = Predicate.FALSE;
            fire[i] = w.none(i);
        }
        PathConjunctions paths = new PathConjunctions();
        int[] work = new int[n];
        int head = 0;
        int size = 0;
        boolean[] queued = new boolean[n];
        for (String id : order) {
            int i = w.index(id);
            if (!queued[i]) {
                queued[i] = true;
                work[size++] = i;
            }
        }
        while (size > 0) {
            int i = work[head];
            head = (head + 1) % n;
            size--;
            queued[i] = false;
            Node node = w.nodes[i];
            Predicate r = w.source[i] ? Predicate.TRUE : reached(w, i, fire);
            Predicate[] ports = blocked.contains(node.id()) ? w.none(i) : fire(w, i, r, fire, paths);
            if (!r.equals(reach[i]) || !Arrays.equals(ports, fire[i])) {
                reach[i] = r;
                fire[i] = ports;
                for (int next : w.successors[i]) {
                    if (!queued[next]) {
                        queued[next] = true;
                        work[(head + size++) % n] = next;
                    }
                }
            }
        }
        return new Reachability(w, reach, fire);
    }

    /**
     * What the fixpoint needs of a graph besides the predicates it computes, by node index (declaration
     * order): nodes, packet inputs in canonical order, successors over packet edges, port conditions, and
     * what a node does to the fields it rewrites.
     */
    private static final class Wiring {
        final Node[] nodes;
        final Map<String, Integer> indexById;
        /** Per node, its packet input edges in canonical order: the source node's index and port index (-1: no such port). */
        final int[][] inputNode;
        final int[][] inputPort;
        /** Per node, whether each input carries {@code true} into an O-node ({@link Activation#carriesTrue}). */
        final boolean[][] inputTrue;
        /** Per node, the targets of its packet edges (repeated for parallel edges, as the worklist needs them once). */
        final int[][] successors;
        final boolean[] source;
        /** Per F-node, {@link PortSemantics#effective}; null for other nodes. */
        final List<Predicate>[] effective;
        final boolean[] forgetsRss;
        final boolean[] forgetsHash;
        /** Per node, the mark it sets, null when none. */
        final Long[] setsMark;
        /** Per node, a {@code false} for each port: what a node fires before it is processed or when blocked. */
        private final Predicate[][] none;

        @SuppressWarnings("unchecked")
        private Wiring(DataflowGraph graph) {
            int n = graph.nodeCount();
            nodes = graph.nodes().toArray(new Node[0]);
            indexById = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                indexById.put(nodes[i].id(), i);
            }
            inputNode = new int[n][];
            inputPort = new int[n][];
            inputTrue = new boolean[n][];
            successors = new int[n][];
            source = new boolean[n];
            effective = new List[n];
            forgetsRss = new boolean[n];
            forgetsHash = new boolean[n];
            setsMark = new Long[n];
            none = new Predicate[n][];
            for (int i = 0; i < n; i++) {
                Node node = nodes[i];
                List<Edge> in = graph.packetInputs(node.id());
                in.sort(CANONICAL);
                inputNode[i] = new int[in.size()];
                inputPort[i] = new int[in.size()];
                inputTrue[i] = new boolean[in.size()];
                for (int k = 0; k < in.size(); k++) {
                    Edge e = in.get(k);
                    inputNode[i][k] = indexById.get(e.source());
                    inputPort[i][k] = portIndex(nodes[inputNode[i][k]], e.label());
                    inputTrue[i][k] = Activation.carriesTrue(e.label());
                }
                Set<Edge> out = graph.outgoing(node.id());
                int[] next = new int[out.size()];
                int count = 0;
                for (Edge e : out) {
                    if (e.kind() == EdgeKind.PORT) {
                        next[count++] = indexById.get(e.target());
                    }
                }
                successors[i] = count == next.length ? next : Arrays.copyOf(next, count);
                source[i] = node.attributes().has(Attributes.SOURCE);
                if (node.kind().isFunction()) {
                    effective[i] = PortSemantics.effective(node);
                }
                forgetsRss[i] = RssSpec.of(node).isPresent();
                forgetsHash[i] = node.attributes().value(FilterChain.SET_HASH).isPresent();
                setsMark[i] = node.attributes().value(FilterChain.SET_MARK).map(Long::parseLong).orElse(null);
                none[i] = new Predicate[node.ports().size()];
                Arrays.fill(none[i], Predicate.FALSE);
            }
        }

        static Wiring of(DataflowGraph graph) {
            return new Wiring(graph);
        }

        int index(String id) {
            Integer i = indexById.get(id);
            if (i == null) {
                throw new IllegalArgumentException("no node '" + id + "' in the graph");
            }
            return i;
        }

        /** The index of the node's port named {@code port}, -1 when it has none. */
        static int portIndex(Node node, String port) {
            List<Port> ports = node.ports();
            for (int k = 0; k < ports.size(); k++) {
                if (ports.get(k).name().equals(port)) {
                    return k;
                }
            }
            return -1;
        }

        /** Every port of node {@code i} firing nothing; shared, never changed. */
        Predicate[] none(int i) {
            return none[i];
        }
    }

    private static Predicate[] fire(Wiring w, int i, Predicate reached, Predicate[][] fire, PathConjunctions paths) {
        Node n = w.nodes[i];
        if (n.kind().isOperator()) {
            List<Predicate> trues = activations(w, i, fire, Boolean.TRUE);
            List<Predicate> falses = activations(w, i, fire, Boolean.FALSE);
            int inputs = w.inputNode[i].length;
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
            Predicate[] ports = new Predicate[n.ports().size()];
            for (int k = 0; k < ports.length; k++) {
                String name = n.ports().get(k).name();
                ports[k] = name.equals(Port.TRUE) ? t : name.equals(Port.FALSE) ? f : Predicate.FALSE;
            }
            return ports;
        }
        List<Predicate> effective = w.effective[i];
        if (n.kind() == NodeKind.CONFIG || effective == null) {
            return w.none(i);
        }
        Predicate r = reached;
        if (w.forgetsRss[i]) {
            r = Predicates.forget(r, HeaderField.RSS_BUCKET);
        }
        Long mark = w.setsMark[i];
        if (mark != null) {
            r = paths.and(Predicates.forget(r, HeaderField.META_MARK), Predicate.eq(HeaderField.META_MARK, mark));
        }
        if (w.forgetsHash[i]) {
            // meta.hash becomes a function of kv.key_hash, which predicates cannot state: any value.
            r = Predicates.forget(r, HeaderField.META_HASH);
        }
        Predicate[] ports = new Predicate[effective.size()];
        for (int k = 0; k < ports.length; k++) {
            ports[k] = paths.and(r, effective.get(k));
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
     * The packets that reach node {@code i}: the disjunction of its inputs' fire predicates
     * ({@link #factoredOr}), without building a list for a node with one input (most nodes).
     */
    private static Predicate reached(Wiring w, int i, Predicate[][] fire) {
        int[] from = w.inputNode[i];
        if (from.length == 1) {
            int port = w.inputPort[i][0];
            Predicate p = port < 0 ? Predicate.FALSE : fire[from[0]][port];
            // what factoredOr gives for this one term: or() keeps a term that is not a constant
            return p instanceof Predicate.True ? Predicate.TRUE : p instanceof Predicate.False ? Predicate.FALSE : p;
        }
        return factoredOr(activations(w, i, fire, null));
    }

    /**
     * The fire predicates of node {@code i}'s incoming edges, in canonical order; with {@code value}
     * given, only the edges that carry that activation value (null: all).
     */
    private static List<Predicate> activations(Wiring w, int i, Predicate[][] fire, Boolean value) {
        int[] from = w.inputNode[i];
        List<Predicate> out = new ArrayList<>(from.length);
        for (int k = 0; k < from.length; k++) {
            if (value != null && w.inputTrue[i][k] != value) {
                continue;
            }
            int port = w.inputPort[i][k];
            Predicate p = port < 0 ? Predicate.FALSE : fire[from[k]][port];
            if (!(p instanceof Predicate.False)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The packets that reach node {@code id} ({@code false} for an unknown node). */
    public Predicate reach(String id) {
        Integer i = wiring.indexById.get(id);
        return i == null ? Predicate.FALSE : reach[i];
    }

    /** The packets that leave node {@code id} by {@code port}. */
    public Predicate fire(String id, String port) {
        Integer i = wiring.indexById.get(id);
        if (i == null) {
            return Predicate.FALSE;
        }
        int k = Wiring.portIndex(wiring.nodes[i], port);
        return k < 0 ? Predicate.FALSE : fire[i][k];
    }

    /** Equal fixpoints (same predicates for every node and port). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Reachability r && byId().equals(r.byId());
    }

    /** Per node id, its reach predicate and its fire predicates in port order: what {@link #equals} compares. */
    private Map<String, List<Predicate>> byId() {
        Map<String, List<Predicate>> out = new HashMap<>();
        for (int i = 0; i < reach.length; i++) {
            List<Predicate> all = new ArrayList<>();
            all.add(reach[i]);
            all.addAll(Arrays.asList(fire[i]));
            out.put(wiring.nodes[i].id(), all);
        }
        return out;
    }

    @Override
    public int hashCode() {
        return wiring.indexById.keySet().hashCode();
    }
}
