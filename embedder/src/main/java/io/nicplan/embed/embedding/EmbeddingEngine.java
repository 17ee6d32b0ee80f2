package io.nicplan.embed.embedding;

import io.nicplan.embed.classify.FlowPackets;
import io.nicplan.embed.classify.FlowPlacements;
import io.nicplan.embed.classify.Placement;
import io.nicplan.embed.classify.QueuePredicates;
import io.nicplan.embed.classify.ReferenceInterpreter;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.expand.Expansion;
import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.expand.QueueLayout;
import io.nicplan.embed.reach.Activation;
import io.nicplan.embed.reach.Predicates;
import io.nicplan.embed.reach.Reachability;
import io.nicplan.embed.reach.Solver;
import io.nicplan.embed.reach.Topology;
import io.nicplan.embed.state.Flow;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Embeds an LPG into a configured PRG: for each receive queue, the LPG minus what the hardware
 * guarantees for every packet that reaches that queue.
 *
 * <ol>
 *   <li>Reachability fixpoints ({@link Reachability}) of the configured PRG (the queue predicate
 *       {@code Q}: the packets that reach each queue) and of the LPG (per node and port, the
 *       packets that get there, from its source).
 *   <li>Per queue, an LPG node is reached when {@code Q && reach(n)} is satisfiable; a port is
 *       live when {@code Q && fire(n, p)} is; a node that reaches no sink by live ports is a
 *       dead end.
 *   <li>A node with several ports whose packets on this queue all take one port is decided:
 *       the port is implied by {@code Q && reach(n)}. Through O-nodes this is constant folding:
 *       an {@code or} whose inputs are always true is decided just the same.
 *   <li>A node whose implementation a hardware node performs on every path these packets take
 *       is done by the NIC: {@code notX(q) && reach(n)} is unsatisfiable, where {@code notX} is
 *       the fixpoint of the PRG with the nodes implementing {@code X} blocked.
 *   <li>Removed nodes are bypassed: edges into them lead to the targets of their decided port
 *       (or, for a check the NIC did, its {@code true} port).
 * </ol>
 *
 * <p>Every decision is a function of the fixpoints, which do not depend on processing order, so
 * the embedding does not either ({@link EmbeddingOptions#shuffled}). Satisfiability queries first
 * simplify the queue predicate under the fields the LPG predicate fixes
 * ({@link Predicates#simplify}), which keeps only the steering entries that matter.
 */
public final class EmbeddingEngine {
    /** Attribute of a pipeline node whose work the NIC did but whose branch the pipeline still needs. */
    public static final String OFFLOADED = "offloaded";
    /** Attribute of a pipeline node whose outcome is fixed but whose port value an O-node needs. */
    public static final String DECIDED = "decided";

    private final Solver solver;

    public EmbeddingEngine(Solver solver) {
        this.solver = solver;
    }

    /** Embeds {@code lpg} behind every queue of {@code placements}' configured graph. */
    public Embedding embed(FlowPlacements placements, DataflowGraph lpg, EmbeddingOptions options) {
        ConfiguredGraph configured = placements.classifier().graph();
        DataflowGraph prg = configured.graph();
        Reachability prgReach = Reachability.compute(prg, options.order(prg), Set.of());
        QueuePredicates queues = QueuePredicates.of(configured, prgReach);
        Reachability lpgReach = Reachability.compute(lpg, options.order(lpg), Set.of());
        Map<String, Reachability> withoutImpl = hardwareImplementations(prg, lpg, options);
        QueueLayout layout = QueueLayout.of(prg);
        List<String> lpgOrder = options.order(lpg);
        List<String> lpgTopology = Topology.order(lpg);
        List<String> prgTopology = Topology.order(prg);
        List<QueueEmbedding> out = new ArrayList<>();
        List<Integer> unreached = new ArrayList<>();
        Map<Integer, List<Placement>> flowsByQueue = new TreeMap<>();
        for (Placement p : placements.all()) {
            p.queues().forEach(q -> flowsByQueue.computeIfAbsent(q, k -> new ArrayList<>()).add(p));
        }
        List<Integer> queueOrder = new ArrayList<>(queues.queues());
        if (options.shuffleSeed().isPresent()) {
            Collections.shuffle(queueOrder, new java.util.Random(options.shuffleSeed().getAsLong()));
        }
        Map<Integer, QueueEmbedding> byQueue = new TreeMap<>();
        for (int q : queueOrder) {
            Predicate qp = queues.of(q);
            if (qp instanceof Predicate.False || !solver.satisfiable(qp)) {
                continue;
            }
            Map<String, Predicate> notDone = new HashMap<>();
            String rx = layout.rxNode(q).orElseThrow();
            withoutImpl.forEach((impl, r) -> notDone.put(impl, r.reach(rx)));
            PerQueue pq = new PerQueue(q, qp, lpg, lpgReach, lpgOrder, lpgTopology, notDone, placements,
                    flowsByQueue.getOrDefault(q, List.of()));
            byQueue.put(q, pq.build(hardwarePath(configured, prg, prgTopology, prgReach, rx)));
        }
        for (int q : queues.queues()) {
            if (byQueue.containsKey(q)) {
                out.add(byQueue.get(q));
            } else {
                unreached.add(q);
            }
        }
        return new Embedding(prg.name(), lpg.name(), out, unreached);
    }

    /**
     * For each implementation both a hardware node of the PRG and a node of the LPG have: the
     * PRG fixpoint with the hardware nodes of that implementation blocked, i.e. the packets that
     * reach each node without passing one of them.
     */
    private static Map<String, Reachability> hardwareImplementations(DataflowGraph prg, DataflowGraph lpg, EmbeddingOptions options) {
        Set<String> software = new HashSet<>();
        lpg.nodes().forEach(n -> n.implementation().ifPresent(software::add));
        Map<String, Set<String>> hardware = new TreeMap<>();
        for (Node n : prg.nodes()) {
            if (!n.isSoftware() && n.implementation().isPresent() && software.contains(n.implementation().get())) {
                hardware.computeIfAbsent(n.implementation().get(), k -> new HashSet<>()).add(n.id());
            }
        }
        Map<String, Reachability> out = new LinkedHashMap<>();
        hardware.forEach((impl, nodes) -> out.put(impl, Reachability.compute(prg, options.order(prg), nodes)));
        return out;
    }

    /** The PRG nodes with a non-empty path to {@code rx}, in topological order, filter chains collapsed. */
    private static List<String> hardwarePath(ConfiguredGraph configured, DataflowGraph prg, List<String> topology, Reachability r,
                                             String rx) {
        Map<String, String> chainOf = new HashMap<>();
        for (Expansion x : configured.expansions().values()) {
            if (x instanceof FilterChain c) {
                c.nodes().forEach(n -> chainOf.put(n.id(), c.cnode()));
            }
        }
        Set<String> onPath = new HashSet<>();
        List<String> work = new ArrayList<>(List.of(rx));
        onPath.add(rx);
        while (!work.isEmpty()) {
            String id = work.remove(work.size() - 1);
            for (Edge e : prg.packetInputs(id)) {
                if (!(r.fire(e.source(), e.label()) instanceof Predicate.False) && onPath.add(e.source())) {
                    work.add(e.source());
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String id : topology) {
            if (onPath.contains(id)) {
                out.add(chainOf.getOrDefault(id, id));
            }
        }
        return List.copyOf(out);
    }

    /** The decisions for one queue. */
    private final class PerQueue {
        private final int queue;
        private final Predicate qp;
        private final DataflowGraph lpg;
        private final Reachability lpgReach;
        private final List<String> order;
        private final List<String> topology;
        private final Map<String, Predicate> notDone;
        private final FlowPlacements placements;
        private final List<Placement> flows;
        private final Map<Predicate, Boolean> satCache = new IdentityHashMap<>();
        private final Set<String> reached = new HashSet<>();
        private final Map<String, Set<String>> live = new HashMap<>();
        private final Set<String> useful = new HashSet<>();
        /** Removed nodes that packets pass through: the port they continue by. */
        private final Map<String, String> bypass = new HashMap<>();
        private final Set<String> offloaded = new HashSet<>();
        /** Decided nodes kept (at no cost) because an O-node needs the value their port carries. */
        private final Set<String> decidedKept = new HashSet<>();
        /** Edges of bypassed nodes into O-nodes whose constant input was folded away. */
        private final Set<String> folded = new HashSet<>();
        private final Map<String, QueueEmbedding.Removal> removed = new TreeMap<>();

        PerQueue(int queue, Predicate qp, DataflowGraph lpg, Reachability lpgReach, List<String> order, List<String> topology,
                 Map<String, Predicate> notDone, FlowPlacements placements, List<Placement> flows) {
            this.queue = queue;
            this.qp = qp;
            this.lpg = lpg;
            this.lpgReach = lpgReach;
            this.order = order;
            this.topology = topology;
            this.notDone = notDone;
            this.placements = placements;
            this.flows = flows;
        }

        /** Is {@code qp && p} satisfiable? The queue predicate is first simplified under what {@code p} fixes. */
        private boolean sat(Predicate p) {
            if (p instanceof Predicate.False) {
                return false;
            }
            return satCache.computeIfAbsent(p, x -> {
                Predicate q = Predicates.simplify(qp, Predicates.fixedFields(x));
                return !(q instanceof Predicate.False) && solver.satisfiable(Predicate.and(q, x));
            });
        }

        /** Is {@code context && other} satisfiable? {@code other} is first simplified under what {@code context} fixes. */
        private boolean satUnder(Predicate context, Predicate other) {
            if (context instanceof Predicate.False || other instanceof Predicate.False) {
                return false;
            }
            Predicate o = Predicates.simplify(other, Predicates.fixedFields(context));
            return !(o instanceof Predicate.False) && solver.satisfiable(Predicate.and(context, o));
        }

        QueueEmbedding build(List<String> hardware) {
            for (String id : order) {
                Node n = lpg.require(id);
                if (n.attributes().has("transmit") || !sat(lpgReach.reach(id))) {
                    continue;
                }
                reached.add(id);
                Set<String> ports = new LinkedHashSet<>();
                for (Port p : n.ports()) {
                    if (sat(lpgReach.fire(id, p.name()))) {
                        ports.add(p.name());
                    }
                }
                live.put(id, ports);
            }
            for (int i = topology.size() - 1; i >= 0; i--) {
                String id = topology.get(i);
                if (!reached.contains(id)) {
                    continue;
                }
                Node n = lpg.require(id);
                boolean leadsOn = n.attributes().has(Attributes.SINK);
                for (String port : live.get(id)) {
                    for (String t : lpg.targets(id, port)) {
                        leadsOn |= useful.contains(t);
                    }
                }
                if (leadsOn) {
                    useful.add(id);
                }
            }
            for (String id : order) {
                if (reached.contains(id) && useful.contains(id)) {
                    decide(lpg.require(id));
                }
            }
            settleBypasses();
            for (String id : order) {
                Node n = lpg.require(id);
                if (n.attributes().has("transmit") || lpgReach.reach(id) instanceof Predicate.False) {
                    continue; // not part of the receive path at all (transmit side, or unreachable in the LPG)
                }
                if (!reached.contains(id)) {
                    removed.put(id, new QueueEmbedding.Removal(NodeFate.UNREACHED, "no packet of queue " + queue + " gets here"));
                } else if (!useful.contains(id)) {
                    removed.put(id, new QueueEmbedding.Removal(NodeFate.DEAD_END, "packets of queue " + queue + " reach no sink from here"));
                }
            }
            DataflowGraph pipeline = pipeline();
            long worst = worstPath(pipeline, null);
            List<QueueEmbedding.FlowCost> costs = new ArrayList<>();
            Map<String, Flow> flowsById = placements.classifier().state().flowsById();
            FlowPackets packets = placements.classifier().packets();
            ReferenceInterpreter interpreter = new ReferenceInterpreter(pipeline);
            for (Placement p : flows) {
                Flow f = flowsById.get(p.flow());
                if (f != null && f.isConcrete()) {
                    ReferenceInterpreter.Run run = interpreter.run(packets.packet(f));
                    List<String> sinks = run.fired().keySet().stream()
                            .filter(id -> pipeline.require(id).attributes().has(Attributes.SINK)).toList();
                    costs.add(new QueueEmbedding.FlowCost(p.flow(), sinks, worstPath(pipeline, run.fired())));
                } else {
                    costs.add(new QueueEmbedding.FlowCost(p.flow(), List.of(), worst));
                }
            }
            return new QueueEmbedding(queue, hardware, pipeline, removed, worst, costs);
        }

        /** Decides whether a reached, useful node stays, and by which port it is bypassed if not. */
        private void decide(Node n) {
            String id = n.id();
            if (n.attributes().has(Attributes.SOURCE) || n.attributes().has(Attributes.SINK)) {
                return;
            }
            Set<String> ports = live.get(id);
            Optional<String> decided = Optional.empty();
            if (n.ports().size() >= 2 && ports.size() == 1) {
                String p = ports.iterator().next();
                Predicate queueHere = Predicate.and(qp, Predicate.not(lpgReach.fire(id, p)));
                if (!satUnder(lpgReach.reach(id), queueHere)) {
                    decided = Optional.of(p);
                }
            }
            Optional<String> impl = n.implementation().filter(notDone::containsKey);
            // notDone(q) holds the packets of this queue that passed no hardware node of the implementation.
            boolean doneByNic = impl.isPresent() && !satUnder(lpgReach.reach(id), notDone.get(impl.get()));
            if (doneByNic) {
                Optional<String> pass = decided.isPresent() ? decided
                        : ports.size() == 1 ? Optional.of(ports.iterator().next())
                        : n.kind() == NodeKind.BOOLEAN && ports.contains(Port.TRUE) ? Optional.of(Port.TRUE) : Optional.empty();
                if (pass.isPresent()) {
                    bypass.put(id, pass.get());
                    removed.put(id, new QueueEmbedding.Removal(NodeFate.DONE_BY_NIC, "the NIC performs " + impl.get()
                            + " on every path to queue " + queue + "; packets continue by '" + pass.get() + "'"));
                } else {
                    offloaded.add(id);
                }
                return;
            }
            if (decided.isPresent()) {
                bypass.put(id, decided.get());
                removed.put(id, new QueueEmbedding.Removal(NodeFate.DECIDED, "every packet of queue " + queue + " leaves by '"
                        + decided.get() + "'"));
            }
        }

        /**
         * Bypassing a node changes the activation an O-node downstream receives: the edge into it
         * then leaves an earlier node's port, whose value (true or false) may differ. Where it does,
         * the O-node input is folded away when it is a constant — present whenever the O-node is
         * reached, and not the value one of the O-node's live "any" ports waits for — and
         * otherwise the decided node stays in the pipeline at no cost. Rounds remove every
         * violating bypass at once until none is left, so the outcome does not depend on order.
         */
        private void settleBypasses() {
            while (true) {
                Map<String, Set<Boolean>> arriving = new HashMap<>();
                Set<String> violators = new java.util.TreeSet<>();
                for (Map.Entry<String, String> by : bypass.entrySet()) {
                    String n = by.getKey();
                    String b = by.getValue();
                    boolean value = Activation.carriesTrue(b);
                    for (String u : lpg.targets(n, b)) {
                        if (!lpg.require(u).kind().isOperator() || !kept(u)) {
                            continue;
                        }
                        Set<Boolean> values = arriving(n, arriving);
                        if (values.size() == 1 && values.contains(value)) {
                            continue;
                        }
                        if (foldable(n, b, u)) {
                            folded.add(edgeKey(n, b, u));
                        } else {
                            violators.add(n);
                        }
                    }
                }
                if (violators.isEmpty()) {
                    return;
                }
                for (String v : violators) {
                    bypass.remove(v);
                    removed.remove(v);
                    decidedKept.add(v);
                }
            }
        }

        /** The activation values of the kept ports whose edges reach {@code n} (through bypassed nodes). */
        private Set<Boolean> arriving(String n, Map<String, Set<Boolean>> memo) {
            Set<Boolean> known = memo.get(n);
            if (known != null) {
                return known;
            }
            Set<Boolean> out = new HashSet<>();
            for (Edge e : lpg.packetInputs(n)) {
                String s = e.source();
                if (!reached.contains(s) || !useful.contains(s) || !live.get(s).contains(e.label())) {
                    continue;
                }
                if (bypass.containsKey(s)) {
                    if (bypass.get(s).equals(e.label())) {
                        out.addAll(arriving(s, memo));
                    }
                } else {
                    out.add(Activation.carriesTrue(e.label()));
                }
            }
            memo.put(n, out);
            return out;
        }

        /** Whether the input ({@code n}, {@code port}) of O-node {@code u} is a constant that can be dropped. */
        private boolean foldable(String n, String port, String u) {
            boolean value = Activation.carriesTrue(port);
            NodeKind kind = lpg.require(u).kind();
            for (String p : live.get(u)) {
                boolean fires = p.equals(Port.TRUE);
                // The "any" ports: or.true and nor.false wait for a true input, and.false and nand.true for a false one.
                boolean anyTrue = (kind == NodeKind.OR && fires) || (kind == NodeKind.NOR && !fires);
                boolean anyFalse = (kind == NodeKind.AND && !fires) || (kind == NodeKind.NAND && fires);
                if ((anyTrue && value) || (anyFalse && !value)) {
                    return false;
                }
            }
            return !satUnder(lpgReach.reach(u), Predicate.and(qp, Predicate.not(lpgReach.fire(n, port))));
        }

        private static String edgeKey(String n, String port, String u) {
            return n + " -" + port + "-> " + u;
        }

        private boolean kept(String id) {
            return reached.contains(id) && useful.contains(id) && !bypass.containsKey(id);
        }

        /** Where an edge into {@code target} leads once removed nodes are skipped. */
        private Set<String> resolve(String target, Map<String, Set<String>> memo) {
            Set<String> known = memo.get(target);
            if (known != null) {
                return known;
            }
            Set<String> out = new LinkedHashSet<>();
            if (kept(target)) {
                out.add(target);
            } else if (bypass.containsKey(target) && useful.contains(target)) {
                String port = bypass.get(target);
                for (String t : lpg.targets(target, port)) {
                    if (!folded.contains(edgeKey(target, port, t))) {
                        out.addAll(resolve(t, memo));
                    }
                }
            }
            memo.put(target, out);
            return out;
        }

        private DataflowGraph pipeline() {
            GraphBuilder b = DataflowGraph.builder(lpg.name() + "@" + queue);
            Map<String, Set<String>> memo = new HashMap<>();
            for (Node n : lpg.nodes()) {
                if (!kept(n.id())) {
                    continue;
                }
                Set<String> ports = live.get(n.id());
                List<Port> keptPorts = n.ports().stream().filter(p -> ports.contains(p.name())).toList();
                Node k = n.withPorts(keptPorts);
                if (offloaded.contains(n.id()) || decidedKept.contains(n.id())) {
                    String flag = offloaded.contains(n.id()) ? OFFLOADED : DECIDED;
                    k = new Node(n.id(), n.kind(), keptPorts, n.attributes().with(flag), n.implementation(), OptionalLong.of(0),
                            n.config());
                }
                b.addNode(k);
                for (Port p : keptPorts) {
                    for (String t : lpg.targets(n.id(), p.name())) {
                        for (String u : resolve(t, memo)) {
                            b.addEdge(Edge.port(n.id(), p.name(), u));
                        }
                    }
                }
            }
            return b.build();
        }

        /**
         * The costliest path from the source to a sink, in cycles; with {@code fired} given, only
         * along the ports a packet fired.
         */
        private long worstPath(DataflowGraph g, Map<String, Optional<String>> fired) {
            Map<String, Long> best = new HashMap<>();
            long worst = 0;
            for (String id : Topology.order(g)) {
                Node n = g.require(id);
                long in = n.attributes().has(Attributes.SOURCE) ? 0 : -1;
                for (Edge e : g.packetInputs(id)) {
                    Long b = best.get(e.source());
                    boolean active = fired == null || fired.getOrDefault(e.source(), Optional.empty()).map(e.label()::equals).orElse(false);
                    if (b != null && active) {
                        in = Math.max(in, b);
                    }
                }
                if (in < 0 || (fired != null && !fired.containsKey(id))) {
                    continue;
                }
                long total = in + n.cyclesOrZero();
                best.put(id, total);
                if (n.attributes().has(Attributes.SINK)) {
                    worst = Math.max(worst, total);
                }
            }
            return worst;
        }
    }
}
