package io.nicplan.embed.classify;

import io.nicplan.embed.config.ConfigChange;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.expand.ChainAction;
import io.nicplan.embed.expand.ChainEntry;
import io.nicplan.embed.expand.Expansion;
import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.expand.QueueLayout;
import io.nicplan.embed.expand.TupleSpaceMatcher;
import io.nicplan.embed.reach.Activation;
import io.nicplan.embed.reach.PacketTest;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast path of flow classification: a configured graph compiled to an array of vertices in
 * topological order, walked per packet in that order with a bit set of reached vertices.
 *
 * <p>Generic F- and O-nodes keep their exact semantics (compiled port predicates,
 * {@link Activation} for operators). A filter chain (a steering table) becomes one vertex that
 * finds the winning entry with a {@link TupleSpaceMatcher} — one hash lookup for a flow-director
 * table, a few for a 5-tuple table — and activates that entry's targets, or the table's default.
 * Adding or removing one filter ({@link #patched}) rebuilds only that table's matcher group.
 *
 * <p>Thread-safe: per-packet scratch state is per thread.
 */
public final class CompiledClassifier {
    /** {@link #queue} of a packet that reaches no queue. */
    public static final int DROPPED = -1;
    /** {@link #queue} of a packet that reaches more than one queue. */
    public static final int SEVERAL = -2;

    private static final int RSS = HeaderField.RSS_BUCKET.ordinal();
    private static final int MARK = HeaderField.META_MARK.ordinal();
    /** The port names of every operator vertex (shared: never written). */
    private static final String[] OPERATOR_PORTS = {Port.TRUE, Port.FALSE};

    private final ConfiguredGraph configured;
    private final Map<String, Integer> index;
    private final Vertex[] vertices;
    private final int[] inputs;
    private final int[] sources;
    private final Rejects rejects;
    private final ThreadLocal<Scratch> scratch;
    /** Node id of each vertex, and its port names by index (operators: true, false). */
    private final String[] ids;
    private final String[][] portNames;

    private CompiledClassifier(ConfiguredGraph configured, Map<String, Integer> index, Vertex[] vertices, int[] inputs, int[] sources,
                               String[] ids, String[][] portNames, Rejects rejects) {
        this.configured = configured;
        this.index = index;
        this.ids = ids;
        this.portNames = portNames;
        this.vertices = vertices;
        this.inputs = inputs;
        this.sources = sources;
        this.rejects = rejects;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(vertices.length));
    }

    /** The graph this classifier was compiled from. */
    public ConfiguredGraph configured() {
        return configured;
    }

    /**
     * The queue a packet reaches: {@link #DROPPED} for none, {@link #SEVERAL} for more than one.
     * The packet is its header fields indexed by {@link HeaderField#ordinal()}; it is not changed.
     */
    public int queue(long[] packet) {
        Scratch s = scratch.get();
        run(packet, s);
        return s.queueCount == 0 ? DROPPED : s.queueCount == 1 ? s.queues[0] : SEVERAL;
    }

    /** Every queue a packet reaches, ascending. */
    public int[] queues(long[] packet) {
        Scratch s = scratch.get();
        run(packet, s);
        int[] out = Arrays.copyOf(s.queues, s.queueCount);
        Arrays.sort(out);
        return out;
    }

    /**
     * The nodes a packet reaches, in processing (topological) order, each with the port it fired
     * (empty: none) — what {@link ReferenceInterpreter.Run#fired()} reports, computed the fast way.
     */
    public Map<String, java.util.Optional<String>> trace(long[] packet) {
        Scratch s = scratch.get();
        run(packet, s);
        Map<String, java.util.Optional<String>> out = new LinkedHashMap<>();
        for (int k = 0; k < s.visitedCount; k++) {
            int i = s.visited[k];
            int port = s.fired[i];
            out.put(ids[i], port < 0 ? java.util.Optional.empty() : java.util.Optional.of(portNames[i][port]));
        }
        return out;
    }

    /** Number of vertices (graph nodes, a steering table counting as one). */
    public int vertexCount() {
        return vertices.length;
    }

    /** The vertex of a node, if the node is one (a steering table's filters are not). */
    public java.util.OptionalInt vertexOf(String nodeId) {
        Integer i = index.get(nodeId);
        return i == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(i);
    }

    /** The node id of a vertex. */
    public String nodeAt(int vertex) {
        return ids[vertex];
    }

    /** The index of {@code port} among the ports of a vertex's node (operators: true 0, false 1), or -1. */
    public int portIndex(int vertex, String port) {
        String[] names = portNames[vertex];
        for (int k = 0; k < names.length; k++) {
            if (names[k].equals(port)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Walks a packet and copies out what {@link #trace} reports, without building strings: the
     * visited vertices in topological order into {@code visited}, and for each visited vertex
     * the index of the port it fired (-1: none) into {@code firedPort}. Returns the number visited.
     */
    public int walk(long[] packet, int[] visited, int[] firedPort) {
        Scratch s = scratch.get();
        run(packet, s);
        for (int k = 0; k < s.visitedCount; k++) {
            int v = s.visited[k];
            visited[k] = v;
            firedPort[v] = s.fired[v];
        }
        return s.visitedCount;
    }

    private void run(long[] in, Scratch s) {
        long[] p = s.packet;
        System.arraycopy(in, 0, p, 0, p.length);
        s.begin();
        for (int src : sources) {
            s.activate(src, true);
        }
        Rejects r = rejects;
        while (s.pending > 0) {
            int i = s.pop();
            s.visited[s.visitedCount++] = i;
            s.fired[i] = -1;
            int from = r.from[i];
            if (from >= 0 && !r.passes(from, r.to[i], p)) {
                // Its one test fails: the node fires its else port, read from flat arrays.
                int port = r.elsePort[i];
                s.fired[i] = port;
                boolean value = r.elseValue[i];
                for (int k = r.targetsFrom[i]; k < r.targetsFrom[i + 1]; k++) {
                    s.activate(r.targets[k], value);
                }
                continue;
            }
            Vertex v = vertices[i];
            if (v.queue >= 0) {
                s.addQueue(v.queue);
            }
            if (v instanceof FVertex f) {
                s.fired[i] = runF(f, p, s);
            } else if (v instanceof ChainVertex c) {
                runChain(c, i, p, s);
            } else if (v instanceof OVertex o) {
                int t = s.trueIn[i];
                int fl = s.falseIn[i];
                if (Activation.firesTrue(o.kind, t, fl, inputs[i])) {
                    s.fired[i] = 0;
                    s.activateAll(o.trueTargets, true);
                } else if (Activation.firesFalse(o.kind, t, fl, inputs[i])) {
                    s.fired[i] = 1;
                    s.activateAll(o.falseTargets, false);
                }
            }
        }
    }

    private static int runF(FVertex vertex, long[] p, Scratch s) {
        FunctionCode f = vertex.code;
        if (f.rss != null) {
            p[RSS] = f.rss.bucket(p);
        }
        if (f.mark >= 0) {
            p[MARK] = f.mark;
        }
        if (f.hashBuckets > 0) {
            FilterChain.applyHash(p, f.hashBuckets);
        }
        int port = f.elsePort;
        if (f.switchTable != null) {
            long v = p[f.switchField];
            if (v >= 0 && v < f.switchTable.length && f.switchTable[(int) v] >= 0) {
                port = f.switchTable[(int) v];
            }
        } else {
            PacketTest[] tests = f.tests;
            for (int k = 0; k < tests.length; k++) {
                if (tests[k].test(p)) {
                    port = f.testPorts[k];
                    break;
                }
            }
        }
        if (port >= 0) {
            s.activateAll(vertex.targets[port], f.values[port]);
        }
        return port;
    }

    private static void runChain(ChainVertex c, int i, long[] p, Scratch s) {
        TupleSpaceMatcher.Entry<CEntry> hit = c.matcher.lookup(p);
        if (hit != null) {
            CEntry e = hit.value();
            if (e.mark >= 0) {
                p[MARK] = e.mark;
            }
            if (e.hashBuckets > 0) {
                FilterChain.applyHash(p, e.hashBuckets);
            }
            s.activateAll(e.targets, true);
        } else if (c.empty) {
            // An empty table is transparent: every activation it received goes on as it was.
            int t = s.trueIn[i];
            int f = s.falseIn[i];
            for (int k = 0; k < t; k++) {
                s.activateAll(c.defaults, true);
            }
            for (int k = 0; k < f; k++) {
                s.activateAll(c.defaults, false);
            }
        } else {
            // The default leaves the last filter's false port, or the pass-through Miss node.
            s.activateAll(c.defaults, c.missNode);
        }
    }

    // ---------------------------------------------------------------- compilation

    /** The classifier of a configured graph: compiled on first use, then kept with the graph. */
    public static CompiledClassifier of(ConfiguredGraph g) {
        return g.derived(CompiledClassifier.class, CompiledClassifier::compile);
    }

    /** Compiles a configured graph. */
    public static CompiledClassifier compile(ConfiguredGraph g) {
        Plan plan = new Plan(g);
        return plan.build();
    }

    /**
     * The classifier of {@code next}, which is this classifier's graph after {@code change}.
     * Adding or removing one entry of a steering table patches that table's vertex; other
     * changes recompile.
     */
    public CompiledClassifier patched(ConfiguredGraph next, ConfigChange change) {
        Integer at = index.get(change.cnode());
        if (at == null || !(vertices[at] instanceof ChainVertex old) || next.chain(change.cnode()).isEmpty()
                || configured.chain(change.cnode()).isEmpty()) {
            return compile(next);
        }
        FilterChain before = configured.chain(change.cnode()).get();
        FilterChain after = next.chain(change.cnode()).get();
        if (before.entries().isEmpty() != after.entries().isEmpty()) {
            return compile(next); // the table's entry node appears or vanishes: edges into it resolve anew
        }
        TupleSpaceMatcher<CEntry> matcher;
        int[] in = inputs.clone();
        if (change instanceof ConfigChange.AddEntry) {
            ChainEntry added = after.entryAt(after.size() - 1);
            matcher = old.matcher.with(new TupleSpaceMatcher.Entry<>(added.match(), added.rank(), centry(added, next, index)));
            adjust(in, after.entryEdgeCounts(added), next, +1);
        } else if (change instanceof ConfigChange.RemoveEntry r) {
            ChainEntry removed = before.entryAt(r.index());
            matcher = old.matcher.without(removed.match(), removed.rank());
            adjust(in, before.entryEdgeCounts(removed), configured, -1);
        } else {
            return compile(next);
        }
        Vertex[] v = vertices.clone();
        v[at] = new ChainVertex(matcher, old.defaults, after.entries().isEmpty(), after.hasMissNode(), old.queue);
        // Only the table's vertex changed, and tables have no shortcut: the rejects still hold.
        return new CompiledClassifier(next, index, v, in, sources, ids, portNames, rejects);
    }

    private void adjust(int[] in, Map<String, Integer> counts, ConfiguredGraph g, int sign) {
        counts.forEach((target, n) -> {
            for (String t : g.resolve(target)) {
                Integer j = index.get(t);
                if (j != null) {
                    in[j] += sign * n;
                }
            }
        });
    }

    private static CEntry centry(ChainEntry e, ConfiguredGraph g, Map<String, Integer> index) {
        return new CEntry(indices(resolveCompiled(g, e.targets()), index), e.mark().orElse(-1),
                e.action() instanceof ChainAction.Hash h ? h.buckets() : 0);
    }

    /** The vertices of those {@code ids} that are vertices, in order. */
    private static int[] indices(List<String> ids, Map<String, Integer> index) {
        int[] out = new int[ids.size()];
        int n = 0;
        for (String id : ids) {
            Integer i = index.get(id);
            if (i != null) {
                out[n++] = i;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Resolves targets as compiled: into a steering table's own vertex, else through expansions. */
    static List<String> resolveCompiled(ConfiguredGraph g, List<String> targets) {
        List<String> out = new ArrayList<>(targets.size());
        for (String t : targets) {
            resolveCompiled(g, t, out);
        }
        return out;
    }

    /** Adds what {@code t} resolves to (as compiled) to {@code out}, each vertex once. */
    private static void resolveCompiled(ConfiguredGraph g, String t, List<String> out) {
        if (!g.expansions().containsKey(t)) {
            // Most targets: a node the configuration leaves as it is.
            if (!out.contains(t)) {
                out.add(t);
            }
            return;
        }
        Set<String> expanded = new LinkedHashSet<>();
        resolveCompiled(g, t, expanded, new HashSet<>());
        for (String x : expanded) {
            if (!out.contains(x)) {
                out.add(x);
            }
        }
    }

    private static void resolveCompiled(ConfiguredGraph g, String t, Set<String> out, Set<String> visiting) {
        Expansion e = g.expansions().get(t);
        if (e == null || e instanceof FilterChain || replacedWithSameId(e, t)) {
            out.add(t);
            return;
        }
        if (visiting.add(t)) {
            for (String x : e.entry()) {
                resolveCompiled(g, x, out, visiting);
            }
            visiting.remove(t);
        }
    }

    private static boolean replacedWithSameId(Expansion e, String cnode) {
        for (Node n : e.nodes()) {
            if (n.id().equals(cnode)) {
                return true;
            }
        }
        return false;
    }

    /** Collects the compiled graph's vertices and edges, orders them, and builds the vertex array. */
    private static final class Plan {
        private final ConfiguredGraph g;
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final Map<String, FilterChain> chains = new LinkedHashMap<>();
        /** Per vertex: port name to resolved targets (for chains: all targets any entry may take). */
        private final Map<String, Map<String, List<String>>> ports = new LinkedHashMap<>();
        /**
         * The packet edges of the materialised graph into O-nodes that leave a vertex other than a
         * steering table, each once (source, port, resolved target): the O-nodes' input counts.
         */
        private final Set<Edge> operatorInputs = new HashSet<>();

        Plan(ConfiguredGraph g) {
            this.g = g;
            Set<Edge> removed = new HashSet<>();
            g.expansions().values().forEach(x -> removed.addAll(x.removedEdges()));
            for (Node n : g.prg().nodes()) {
                Expansion x = g.expansions().get(n.id());
                if (x instanceof FilterChain c) {
                    chains.put(n.id(), c);
                    nodes.put(n.id(), n);
                } else if (x == null) {
                    nodes.put(n.id(), n);
                }
            }
            for (Expansion x : g.expansions().values()) {
                if (!(x instanceof FilterChain)) {
                    x.nodes().forEach(n -> nodes.put(n.id(), n));
                }
            }
            // The expansions' edges first, then the PRG's: the order of each port's targets.
            for (Expansion x : g.expansions().values()) {
                if (!(x instanceof FilterChain)) {
                    x.edges().forEach(this::addEdge);
                }
            }
            for (Edge e : g.prg().edges()) {
                if (!removed.contains(e) && (!g.expansions().containsKey(e.source()) || chains.containsKey(e.source()))) {
                    addEdge(e);
                }
            }
        }

        private void addEdge(Edge e) {
            if (e.kind() != EdgeKind.PORT || !nodes.containsKey(e.source())) {
                return;
            }
            // Sized for the usual node: one or two ports, one or two targets each.
            Map<String, List<String>> byPort = ports.computeIfAbsent(e.source(), k -> new LinkedHashMap<>(4));
            resolveCompiled(g, e.target(), byPort.computeIfAbsent(e.label(), k -> new ArrayList<>(2)));
            if (!chains.containsKey(e.source())) {
                for (String t : g.resolve(e.target())) {
                    Node target = nodes.get(t);
                    if (target != null && target.kind().isOperator()) { // only an operator's vertex reads its input count
                        operatorInputs.add(t.equals(e.target()) ? e : new Edge(e.source(), e.label(), t, EdgeKind.PORT));
                    }
                }
            }
        }

        CompiledClassifier build() {
            List<String> order = order();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                index.put(order.get(i), i);
            }
            Vertex[] vertices = new Vertex[order.size()];
            for (int i = 0; i < vertices.length; i++) {
                vertices[i] = vertex(order.get(i), index);
            }
            int[] inputs = new int[vertices.length];
            for (Edge e : operatorInputs) {
                Integer j = index.get(e.target());
                if (j != null) {
                    inputs[j]++;
                }
            }
            for (FilterChain c : chains.values()) {
                c.externalEdgeCounts().forEach((target, n) -> {
                    for (String t : g.resolve(target)) {
                        Integer j = index.get(t);
                        if (j != null) {
                            inputs[j] += n;
                        }
                    }
                });
            }
            int[] sources = new int[nodes.size()];
            int sourceCount = 0;
            for (Node n : nodes.values()) {
                if (n.attributes().has(Attributes.SOURCE)) {
                    sources[sourceCount++] = index.get(n.id());
                }
            }
            sources = Arrays.copyOf(sources, sourceCount);
            String[] ids = order.toArray(new String[0]);
            String[][] portNames = new String[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                Node n = nodes.get(ids[i]);
                portNames[i] = n.kind().isOperator() ? OPERATOR_PORTS : portNames(n.ports());
            }
            return new CompiledClassifier(g, index, vertices, inputs, sources, ids, portNames, new Rejects(vertices));
        }

        private Vertex vertex(String id, Map<String, Integer> index) {
            Node n = nodes.get(id);
            int queue = QueueLayout.rxQueue(n).orElse(-1);
            Map<String, List<String>> byPort = ports.getOrDefault(id, Map.of());
            FilterChain chain = chains.get(id);
            if (chain != null) {
                List<TupleSpaceMatcher.Entry<CEntry>> entries = new ArrayList<>();
                for (ChainEntry e : chain.entries()) {
                    entries.add(new TupleSpaceMatcher.Entry<>(e.match(), e.rank(), centry(e, g, index)));
                }
                int[] defaults = indices(resolveCompiled(g, chain.defaultTargets()), index);
                return new ChainVertex(TupleSpaceMatcher.of(entries), defaults, chain.entries().isEmpty(), chain.hasMissNode(), queue);
            }
            if (n.kind().isOperator()) {
                return new OVertex(n.kind(), indices(byPort.getOrDefault(Port.TRUE, List.of()), index),
                        indices(byPort.getOrDefault(Port.FALSE, List.of()), index), queue);
            }
            if (!n.kind().isFunction()) {
                return new Vertex(queue);
            }
            List<Port> ps = n.ports();
            int[][] targets = new int[ps.size()][];
            for (int k = 0; k < ps.size(); k++) {
                targets[k] = indices(byPort.getOrDefault(ps.get(k).name(), List.of()), index);
            }
            return new FVertex(functionCode(n), targets, queue);
        }

        /** The code of a function node: kept with the PRG for the PRG's own nodes, which every configuration shares. */
        private FunctionCode functionCode(Node n) {
            DataflowGraph prg = g.prg();
            if (!prg.contains(n.id()) || prg.require(n.id()) != n) {
                return FunctionCode.of(n); // a node of a C-node's expansion
            }
            return prg.derived(PrgFunctionCode.class, p -> new PrgFunctionCode()).of(n);
        }

        private static String[] portNames(List<Port> ports) {
            String[] names = new String[ports.size()];
            for (int k = 0; k < names.length; k++) {
                names[k] = ports.get(k).name();
            }
            return names;
        }

        /** Kahn's algorithm over the compiled edges, ties in declaration order (nodes numbered in that order). */
        private List<String> order() {
            List<String> ids = new ArrayList<>(nodes.keySet());
            Map<String, Integer> number = new HashMap<>(2 * ids.size());
            for (int i = 0; i < ids.size(); i++) {
                number.put(ids.get(i), i);
            }
            int[] inDegree = new int[ids.size()];
            for (Map<String, List<String>> byPort : ports.values()) {
                for (List<String> ts : byPort.values()) {
                    for (String t : ts) {
                        inDegree[numberOf(number, t)]++;
                    }
                }
            }
            // Each node is ready once, so the queue is an array with a head and a tail.
            int[] ready = new int[ids.size()];
            int head = 0;
            int tail = 0;
            for (int i = 0; i < inDegree.length; i++) {
                if (inDegree[i] == 0) {
                    ready[tail++] = i;
                }
            }
            List<String> out = new ArrayList<>(ids.size());
            while (head < tail) {
                String id = ids.get(ready[head++]);
                out.add(id);
                Map<String, List<String>> byPort = ports.get(id);
                if (byPort == null) {
                    continue;
                }
                for (List<String> ts : byPort.values()) {
                    for (String t : ts) {
                        int j = numberOf(number, t);
                        if (--inDegree[j] == 0) {
                            ready[tail++] = j;
                        }
                    }
                }
            }
            if (out.size() != nodes.size()) {
                throw new IllegalArgumentException("packet edges of configured graph " + g.prg().name() + " form a loop");
            }
            return out;
        }

        private int numberOf(Map<String, Integer> number, String target) {
            Integer n = number.get(target);
            if (n == null) {
                throw new IllegalArgumentException("a packet edge of configured graph " + g.prg().name() + " leads to unknown node " + target);
            }
            return n;
        }
    }

    // ---------------------------------------------------------------- vertices and scratch

    /**
     * The walk's shortcut for the most common vertex of an LPG: an F-node with one port test (a
     * demux node's {@code true} port) that most packets fail on its protocol or port number. For
     * these vertices the masked atoms the test's conjunction requires and the else port's targets
     * are laid out in flat arrays in vertex order, so rejecting a packet reads a few consecutive
     * words instead of following the vertex's objects and closures. A packet that satisfies the
     * atoms goes the ordinary way (the compiled test decides).
     */
    private static final class Rejects {
        /** Per vertex: its atoms are {@code guards[from, to)} as (field ordinal, mask, value); from is -1 without the shortcut. */
        final int[] from;
        final int[] to;
        final long[] guards;
        final int[] elsePort;
        final boolean[] elseValue;
        /** Per vertex: its else port's targets are {@code targets[targetsFrom[v], targetsFrom[v + 1])}. */
        final int[] targetsFrom;
        final int[] targets;

        Rejects(Vertex[] vertices) {
            int n = vertices.length;
            from = new int[n];
            to = new int[n];
            elsePort = new int[n];
            elseValue = new boolean[n];
            targetsFrom = new int[n + 1];
            List<Predicate.Masked> atoms = new ArrayList<>();
            List<int[]> targetList = new ArrayList<>();
            int t = 0;
            for (int v = 0; v < n; v++) {
                from[v] = -1;
                targetsFrom[v] = t;
                if (!(vertices[v] instanceof FVertex vertex) || vertex.queue >= 0) {
                    continue;
                }
                FunctionCode f = vertex.code;
                if (f.rss == null && f.mark < 0 && f.hashBuckets == 0 && f.switchTable == null && f.tests.length == 1) {
                    int before = atoms.size();
                    required(f.testPredicates[0], atoms);
                    if (atoms.size() == before) {
                        continue;
                    }
                    from[v] = 3 * before;
                    to[v] = 3 * atoms.size();
                    elsePort[v] = f.elsePort;
                    if (f.elsePort >= 0) {
                        elseValue[v] = f.values[f.elsePort];
                        targetList.add(vertex.targets[f.elsePort]);
                        t += vertex.targets[f.elsePort].length;
                    }
                }
            }
            targetsFrom[n] = t;
            guards = new long[3 * atoms.size()];
            for (int i = 0; i < atoms.size(); i++) {
                Predicate.Masked m = atoms.get(i);
                guards[3 * i] = m.field().ordinal();
                guards[3 * i + 1] = m.mask();
                guards[3 * i + 2] = m.value();
            }
            targets = new int[t];
            int at = 0;
            for (int[] a : targetList) {
                System.arraycopy(a, 0, targets, at, a.length);
                at += a.length;
            }
        }

        /** The masked atoms {@code p} requires: those of its conjunction, nested conjunctions included. */
        private static void required(Predicate p, List<Predicate.Masked> out) {
            p.accept(new Required(out));
        }

        /** {@link #required}: collects masked conjuncts; other kinds require nothing it can use. */
        private record Required(List<Predicate.Masked> out) implements Predicate.Visitor<Void> {
            @Override public Void visitTrue(Predicate.True p) { return null; }
            @Override public Void visitFalse(Predicate.False p) { return null; }
            @Override public Void visitRange(Predicate.Range p) { return null; }
            @Override public Void visitInSet(Predicate.InSet p) { return null; }
            @Override public Void visitOr(Predicate.Or p) { return null; }
            @Override public Void visitNot(Predicate.Not p) { return null; }

            @Override
            public Void visitMasked(Predicate.Masked m) {
                out.add(m);
                return null;
            }

            @Override
            public Void visitAnd(Predicate.And a) {
                a.terms().forEach(t -> t.accept(this));
                return null;
            }
        }

        /** Whether the packet satisfies the atoms {@code guards[from, to)}. */
        boolean passes(int from, int to, long[] p) {
            for (int g = from; g < to; g += 3) {
                if ((p[(int) guards[g]] & guards[g + 1]) != guards[g + 2]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A vertex that does nothing but may be a queue (a sink, or a C-node no function expands). */
    private static class Vertex {
        final int queue;

        Vertex(int queue) {
            this.queue = queue;
        }
    }

    /** A function node as compiled: its {@link FunctionCode}, and the vertices each port leads to. */
    private static final class FVertex extends Vertex {
        final FunctionCode code;
        final int[][] targets;

        FVertex(FunctionCode code, int[][] targets, int queue) {
            super(queue);
            this.code = code;
            this.targets = targets;
        }
    }

    /**
     * What a function node compiles to, apart from where its ports lead: the same in every
     * configuration of its graph, so a PRG's nodes are compiled once ({@link PrgFunctionCode}).
     * Immutable (its arrays are never written).
     */
    private static final class FunctionCode {
        final PacketTest[] tests;
        /** The predicates {@link #tests} were compiled from. */
        final Predicate[] testPredicates;
        final int[] testPorts;
        final int elsePort;
        final boolean[] values;
        final RssSpec rss;
        final long mark;
        /** Buckets of the {@code meta.hash} the node writes, or 0. */
        final int hashBuckets;
        final int switchField;
        /** The port by value of {@link #switchField}, or null when the ports are tested in order. */
        final int[] switchTable;

        private FunctionCode(PacketTest[] tests, Predicate[] testPredicates, int[] testPorts, int elsePort, boolean[] values,
                             RssSpec rss, long mark, int hashBuckets, Switch switchTable) {
            this.tests = tests;
            this.testPredicates = testPredicates;
            this.testPorts = testPorts;
            this.elsePort = elsePort;
            this.values = values;
            this.rss = rss;
            this.mark = mark;
            this.hashBuckets = hashBuckets;
            this.switchField = switchTable == null ? 0 : switchTable.field();
            this.switchTable = switchTable == null ? null : switchTable.table();
        }

        static FunctionCode of(Node n) {
            List<Port> ps = n.ports();
            List<PacketTest> tests = new ArrayList<>();
            List<Predicate> testPredicates = new ArrayList<>();
            int[] testPorts = new int[ps.size()];
            int elsePort = -1;
            boolean[] values = new boolean[ps.size()];
            for (int k = 0; k < ps.size(); k++) {
                Port p = ps.get(k);
                values[k] = Activation.carriesTrue(p.name());
                if (p.hasPredicate()) {
                    testPorts[tests.size()] = k;
                    tests.add(PacketTest.compile(p.predicate()));
                    testPredicates.add(p.predicate());
                } else if (elsePort < 0) {
                    elsePort = k;
                }
            }
            RssSpec rss = RssSpec.of(n).orElse(null);
            long mark = n.attributes().value(FilterChain.SET_MARK).map(Long::parseLong).orElse(-1L);
            int hashBuckets = n.attributes().value(FilterChain.SET_HASH).map(Integer::parseInt).orElse(0);
            return new FunctionCode(tests.toArray(new PacketTest[0]), testPredicates.toArray(new Predicate[0]),
                    Arrays.copyOf(testPorts, tests.size()), elsePort, values, rss, mark, hashBuckets, switchTable(ps).orElse(null));
        }

        /** A value-to-port table over one field. */
        private record Switch(int field, int[] table) {
        }

        /**
         * When every port predicate is a set of values (or one value) of the same small field —
         * an RSS node's ports on {@code rss.bucket}, a classifier on {@code ip.proto} — the port is
         * found by indexing a table with the field's value; the first port listing a value wins,
         * as in declaration-order evaluation.
         */
        private static java.util.Optional<Switch> switchTable(List<Port> ports) {
            HeaderField field = null;
            List<java.util.SortedSet<Long>> sets = new ArrayList<>();
            for (Port p : ports) {
                if (!p.hasPredicate()) {
                    sets.add(null);
                    continue;
                }
                io.nicplan.graph.predicate.Predicate pr = p.predicate();
                HeaderField f;
                java.util.SortedSet<Long> values;
                if (pr instanceof io.nicplan.graph.predicate.Predicate.InSet in) {
                    f = in.field();
                    values = in.values();
                } else if (pr instanceof io.nicplan.graph.predicate.Predicate.Masked m && m.isExact()) {
                    f = m.field();
                    values = new java.util.TreeSet<>(List.of(m.value()));
                } else {
                    return java.util.Optional.empty();
                }
                if ((field != null && f != field) || f.width() > 16) {
                    return java.util.Optional.empty();
                }
                field = f;
                sets.add(values);
            }
            if (field == null) {
                return java.util.Optional.empty();
            }
            SwitchKey key = new SwitchKey(field.ordinal(), java.util.Collections.unmodifiableList(sets));
            synchronized (RECENT_SWITCHES) {
                Switch known = RECENT_SWITCHES.get(key);
                if (known != null) {
                    return java.util.Optional.of(known);
                }
            }
            Switch built = new Switch(field.ordinal(), table(field, sets));
            synchronized (RECENT_SWITCHES) {
                RECENT_SWITCHES.putIfAbsent(key, built);
            }
            return java.util.Optional.of(built);
        }

        /**
         * The tables of the most recently compiled switches, by field and value sets, shared by every node that
         * switches alike (tables are never written after they are built). A 16-bit field's table is 256 KB, and the
         * nodes a configuration adds (a filter bank's port switch) compile one per configured graph: kept by a
         * classifier that lives across young collections, each was copied and promoted, most of what a busy
         * service's collections copied (docs/PERFORMANCE.md "HTTP service"). At most {@link #SHARED_SWITCHES} kept.
         */
        private static final int SHARED_SWITCHES = 16;
        private static final Map<SwitchKey, Switch> RECENT_SWITCHES = new java.util.LinkedHashMap<>(32, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SwitchKey, Switch> eldest) {
                return size() > SHARED_SWITCHES;
            }
        };

        /** A switch's field and, per port, its values (null: a port without a predicate). */
        private record SwitchKey(int field, List<java.util.SortedSet<Long>> sets) {
        }

        private static int[] table(HeaderField field, List<java.util.SortedSet<Long>> sets) {
            int[] table = new int[(int) field.maxValue() + 1];
            Arrays.fill(table, -1);
            for (int k = sets.size() - 1; k >= 0; k--) {
                if (sets.get(k) != null) {
                    for (long v : sets.get(k)) {
                        table[(int) v] = k;
                    }
                }
            }
            return table;
        }
    }

    /** The {@link FunctionCode} of a PRG's function nodes by id, kept with the PRG ({@link DataflowGraph#derived}). */
    private static final class PrgFunctionCode {
        private final Map<String, FunctionCode> byId = new java.util.concurrent.ConcurrentHashMap<>();

        FunctionCode of(Node n) {
            FunctionCode known = byId.get(n.id());
            if (known == null) {
                known = FunctionCode.of(n);
                byId.putIfAbsent(n.id(), known);
            }
            return known;
        }
    }

    private static final class OVertex extends Vertex {
        final NodeKind kind;
        final int[] trueTargets;
        final int[] falseTargets;

        OVertex(NodeKind kind, int[] trueTargets, int[] falseTargets, int queue) {
            super(queue);
            this.kind = kind;
            this.trueTargets = trueTargets;
            this.falseTargets = falseTargets;
        }
    }

    private static final class ChainVertex extends Vertex {
        final TupleSpaceMatcher<CEntry> matcher;
        final int[] defaults;
        final boolean empty;
        final boolean missNode;

        ChainVertex(TupleSpaceMatcher<CEntry> matcher, int[] defaults, boolean empty, boolean missNode, int queue) {
            super(queue);
            this.matcher = matcher;
            this.defaults = defaults;
            this.empty = empty;
            this.missNode = missNode;
        }
    }

    /** A table entry as compiled: the vertices it activates, the mark it sets (-1: none), its hash's buckets (0: none). */
    private static final class CEntry {
        final int[] targets;
        final long mark;
        final int hashBuckets;

        CEntry(int[] targets, long mark, int hashBuckets) {
            this.targets = targets;
            this.mark = mark;
            this.hashBuckets = hashBuckets;
        }
    }

    /**
     * Per-thread state of one walk; arrays are stamped with an epoch instead of cleared. The
     * reached vertices not yet processed are a bit set scanned upwards: vertices are numbered in
     * topological order, so the smallest pending one is next, as a min-heap would give it, at the
     * price of a word scan instead of a sift (a walk over an LPG activates hundreds of demux
     * vertices at once).
     */
    private static final class Scratch {
        final long[] packet = new long[FlowPackets.FIELDS];
        final int[] seen;
        final int[] trueIn;
        final int[] falseIn;
        final long[] pendingBits;
        final int[] fired;
        final int[] visited;
        int visitedCount;
        /** Number of pending vertices, and the word of the smallest one (no pending vertex is below it). */
        int pending;
        int lowWord;
        int epoch;
        int[] queues = new int[4];
        int queueCount;

        Scratch(int n) {
            seen = new int[n];
            trueIn = new int[n];
            falseIn = new int[n];
            pendingBits = new long[(n + 63) >>> 6];
            fired = new int[n];
            visited = new int[n];
        }

        void begin() {
            if (++epoch == Integer.MAX_VALUE) {
                Arrays.fill(seen, 0);
                epoch = 1;
            }
            if (pending != 0) {
                Arrays.fill(pendingBits, 0); // a walk that did not finish (an exception) left bits set
            }
            pending = 0;
            lowWord = 0;
            queueCount = 0;
            visitedCount = 0;
        }

        void addQueue(int q) {
            if (queueCount == queues.length) {
                queues = Arrays.copyOf(queues, queueCount * 2);
            }
            queues[queueCount++] = q;
        }

        void activateAll(int[] targets, boolean value) {
            for (int t : targets) {
                activate(t, value);
            }
        }

        void activate(int j, boolean value) {
            if (seen[j] != epoch) {
                seen[j] = epoch;
                trueIn[j] = 0;
                falseIn[j] = 0;
                push(j);
            }
            if (value) {
                trueIn[j]++;
            } else {
                falseIn[j]++;
            }
        }

        private void push(int v) {
            int w = v >>> 6;
            pendingBits[w] |= 1L << (v & 63);
            if (pending++ == 0 || w < lowWord) {
                lowWord = w;
            }
        }

        /** Removes and returns the smallest pending vertex; there must be one. */
        int pop() {
            int w = lowWord;
            while (pendingBits[w] == 0) {
                w++;
            }
            long bits = pendingBits[w];
            pendingBits[w] = bits & (bits - 1);
            lowWord = w;
            pending--;
            return (w << 6) + Long.numberOfTrailingZeros(bits);
        }
    }
}
