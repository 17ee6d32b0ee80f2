package io.nicplan.embed.embedding;

import io.nicplan.embed.classify.FlowPackets;
import io.nicplan.embed.classify.FlowPlacements;
import io.nicplan.embed.classify.Placement;
import io.nicplan.embed.classify.QueuePredicates;
import io.nicplan.embed.classify.CompiledClassifier;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.feature.NicFeatures;
import io.nicplan.embed.expand.Expansion;
import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.expand.QueueLayout;
import io.nicplan.embed.reach.Activation;
import io.nicplan.embed.reach.ContextSimplifier;
import io.nicplan.embed.reach.PacketEvaluator;
import io.nicplan.embed.reach.PortSemantics;
import io.nicplan.embed.rss.RssSpec;
import io.nicplan.graph.predicate.HeaderField;
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
import java.util.EnumSet;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

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
    private static final int MAX_WITNESSES = 8;
    /** Per field ordinal, the mask of the field's width (what an exact atom compares). */
    private static final long[] FULL_MASK = java.util.Arrays.stream(HeaderField.values()).mapToLong(HeaderField::fullMask).toArray();
    /** A well-formed IPv4 UDP packet to a local address: the first guess at a packet an LPG path allows. */
    private static final long[] TYPICAL_PACKET = typicalPacket();

    private static long[] typicalPacket() {
        long[] p = new long[HeaderField.values().length];
        p[HeaderField.ETH_TYPE.ordinal()] = 0x0800;
        p[HeaderField.ETH_FCS_OK.ordinal()] = 1;
        p[HeaderField.IP_VERSION.ordinal()] = 4;
        p[HeaderField.IP_IHL.ordinal()] = 5;
        p[HeaderField.IP_TTL.ordinal()] = 64;
        p[HeaderField.IP_PROTO.ordinal()] = 17;
        p[HeaderField.IP_CSUM_OK.ordinal()] = 1;
        p[HeaderField.IP_LEN_OK.ordinal()] = 1;
        p[HeaderField.IP_LOCAL.ordinal()] = 1;
        p[HeaderField.L4_CSUM_OK.ordinal()] = 1;
        p[HeaderField.L4_SPORT.ordinal()] = 40_000;
        return p;
    }
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
        // Without a shuffle the processing order is the topological one: worked out once per graph.
        List<String> prgOrder = options.order(prg);
        List<String> prgTopology = options.shuffleSeed().isEmpty() ? prgOrder : Topology.order(prg);
        LpgFacts lpgFacts = LpgFacts.of(lpg, options);
        List<String> lpgOrder = lpgFacts.order();
        List<String> lpgTopology = options.shuffleSeed().isEmpty() ? lpgOrder : Topology.order(lpg);
        Reachability prgReach = Reachability.compute(prg, prgOrder, Set.of());
        QueuePredicates queues = QueuePredicates.of(configured, prgReach);
        Reachability lpgReach = lpgFacts.reach();
        LpgIndex lpgIndex = new LpgIndex(lpg, lpgReach, lpgTopology, lpgOrder);
        Map<String, Reachability> withoutImpl = hardwareImplementations(prg, prgOrder, lpgIndex);
        QueueLayout layout = QueueLayout.of(prg);
        Map<String, List<Predicate>> effective = lpgFacts.effective();
        Predicates.FieldIndex fields = new Predicates.FieldIndex();
        // Satisfiability of LPG predicates alone, shared by all queues.
        Map<Predicate, Boolean> lpgSat = new IdentityHashMap<>();
        Predicates.FixedIndex fixedIndex = new Predicates.FixedIndex();
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
        Map<Integer, List<long[]>> seeds = WitnessSeeds.of(placements, queues);
        Set<HeaderField> lpgFields = EnumSet.noneOf(HeaderField.class);
        for (Node n : lpg.nodes()) {
            n.ports().forEach(p -> lpgFields.addAll(fields.of(p.predicate())));
        }
        Map<SharingKey, Analysis> analyses = new HashMap<>();
        // Queues whose analyses decide alike share one pipeline and its compiled cost model.
        Map<Decisions, Analysis> alike = new HashMap<>();
        // Satisfiability of LPG-side questions a branch of a queue predicate does not settle, shared by all queues.
        Map<List<Predicate>, Boolean> withoutBranchSat = new HashMap<>();
        Map<String, String> chainOf = filterChains(configured);
        // Every queue's hardware path walks back through the same steering nodes: their inputs are listed once.
        Map<String, List<Edge>> prgInputs = new HashMap<>();
        // One simplifier for all queue predicates: they are paths through the same steering
        // tables, and a subterm they share is simplified once per context, not once per queue.
        List<Predicate> queuePredicates = new ArrayList<>();
        queues.queues().forEach(q -> queuePredicates.add(queues.of(q)));
        ContextSimplifier simplifier = ContextSimplifier.of(queuePredicates);
        Map<Long[], ContextSimplifier.Context> contexts = new IdentityHashMap<>();
        Map<String, Flow> flowsById = placements.classifier().state().flowsById();
        Map<Integer, QueueEmbedding> byQueue = new TreeMap<>();
        TransmitSide transmit = TransmitSide.of(prg, prgTopology, lpg, lpgTopology);
        SpawnWalk spawns = new SpawnWalk(lpg);
        for (int q : queueOrder) {
            // A queue's analysis is the unit of work (seconds on a large state): a caller that gave up
            // (a request whose client left or whose deadline passed) interrupts the thread, and the
            // embedding stops here instead of running to its end for nobody.
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("embedding stopped before queue " + q + ": its thread was interrupted");
            }
            if (options.flowQueuesOnly() && !flowsByQueue.containsKey(q)) {
                continue;
            }
            Predicate qp = queues.of(q);
            List<long[]> known = seeds.getOrDefault(q, List.of());
            if (qp instanceof Predicate.False || (known.isEmpty() && !solver.satisfiable(qp))) {
                continue;
            }
            Map<String, Predicate> notDone = new HashMap<>();
            String rx = layout.rxNode(q).orElseThrow();
            withoutImpl.forEach((impl, r) -> notDone.put(impl, r.reach(rx)));
            // Queues whose predicates differ only in fields the LPG never reads (RSS buckets) get
            // the same software pipeline; it is worked out once.
            SharingKey key = SharingKey.of(qp, notDone, lpgFields, fields);
            Analysis a = analyses.computeIfAbsent(key, k -> new PerQueue(qp, lpgIndex, lpgReach, notDone,
                    effective, fields, lpgSat, withoutBranchSat, known, fixedIndex, simplifier, contexts).analyse(alike));
            byQueue.put(q, a.forQueue(q, hardwarePath(chainOf, prgInputs, prg, prgTopology, prgReach, rx), placements, flowsById,
                    flowsByQueue.getOrDefault(q, List.of()), transmit.forReceiveQueue(q), spawns));
        }
        for (int q : queues.queues()) {
            if (byQueue.containsKey(q)) {
                out.add(byQueue.get(q));
            } else if (!options.flowQueuesOnly() || flowsByQueue.containsKey(q)) {
                unreached.add(q);
            }
        }
        return new Embedding(prg.name(), lpg.name(), out, unreached, transmit.queues());
    }

    /**
     * What an embedding needs of the LPG alone: its processing order, its fixpoint and the port conditions of its
     * plain F-nodes (nodes that write fields are left to the solver). All are immutable, and kept for the LPG last
     * embedded (by identity), since a plan's embeddings of several configurations share one LPG
     * ({@code Embedder.lpg}).
     */
    private record LpgFacts(DataflowGraph lpg, List<String> order, Reachability reach, Map<String, List<Predicate>> effective) {
        /** The facts of the LPG last embedded in the default order. */
        private static final AtomicReference<LpgFacts> LAST = new AtomicReference<>();

        static LpgFacts of(DataflowGraph lpg, EmbeddingOptions options) {
            if (options.shuffleSeed().isPresent()) {
                return compute(lpg, options);
            }
            LpgFacts last = LAST.get();
            if (last != null && last.lpg() == lpg) {
                return last;
            }
            LpgFacts facts = compute(lpg, options);
            LAST.set(facts);
            return facts;
        }

        private static LpgFacts compute(DataflowGraph lpg, EmbeddingOptions options) {
            List<String> order = List.copyOf(options.order(lpg));
            Map<String, List<Predicate>> effective = new HashMap<>();
            for (Node n : lpg.nodes()) {
                if (n.kind().isFunction() && RssSpec.of(n).isEmpty() && n.attributes().value(FilterChain.SET_MARK).isEmpty()) {
                    effective.put(n.id(), PortSemantics.effective(n));
                }
            }
            return new LpgFacts(lpg, order, Reachability.compute(lpg, order, Set.of()), Collections.unmodifiableMap(effective));
        }
    }

    /**
     * For each implementation both a hardware node of the PRG and a receive-path node of the LPG
     * have: the PRG fixpoint with the hardware nodes of that implementation blocked, i.e. the
     * packets that reach each node without passing one of them. Only receive-path nodes are ever
     * asked whether the NIC did their work ({@link PerQueue#decide(Node)}); the LPG's transmit
     * offloads (TSO, transmit checksums) are {@link TransmitSide}'s, which needs no fixpoint.
     */
    private static Map<String, Reachability> hardwareImplementations(DataflowGraph prg, List<String> prgOrder, LpgIndex lpg) {
        Set<String> software = new HashSet<>();
        for (String id : lpg.receiveOrder()) {
            lpg.require(id).implementation().ifPresent(software::add);
        }
        Map<String, Set<String>> hardware = new TreeMap<>();
        for (Node n : prg.nodes()) {
            if (!n.isSoftware() && n.implementation().isPresent() && software.contains(n.implementation().get())) {
                hardware.computeIfAbsent(n.implementation().get(), k -> new HashSet<>()).add(n.id());
            }
        }
        Map<String, Reachability> out = new LinkedHashMap<>();
        hardware.forEach((impl, nodes) -> out.put(impl, Reachability.compute(prg, prgOrder, nodes)));
        return out;
    }

    /** Per node of a filter chain the configuration expanded, the C-node the chain stands for. */
    private static Map<String, String> filterChains(ConfiguredGraph configured) {
        Map<String, String> chainOf = new HashMap<>();
        for (Expansion x : configured.expansions().values()) {
            if (x instanceof FilterChain c) {
                c.nodes().forEach(n -> chainOf.put(n.id(), c.cnode()));
            }
        }
        return chainOf;
    }

    /** The PRG nodes with a non-empty path to {@code rx}, in topological order, filter chains collapsed. */
    private static List<String> hardwarePath(Map<String, String> chainOf, Map<String, List<Edge>> inputs, DataflowGraph prg,
                                             List<String> topology, Reachability r, String rx) {
        Set<String> onPath = new HashSet<>();
        List<String> work = new ArrayList<>(List.of(rx));
        onPath.add(rx);
        while (!work.isEmpty()) {
            String id = work.remove(work.size() - 1);
            for (Edge e : inputs.computeIfAbsent(id, prg::packetInputs)) {
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
        private final Predicate qp;
        private final DataflowGraph lpg;
        private final LpgIndex g;
        private final Reachability lpgReach;
        private final Map<String, Predicate> notDone;
        private final Map<Predicate, Boolean> satCache = new IdentityHashMap<>();
        private final Map<Predicate, Boolean> queueSat = new IdentityHashMap<>();
        /** {@link #satisfiableWithoutBranch}'s answers, by the two predicates' values; shared by all queues. */
        private final Map<List<Predicate>, Boolean> withoutBranchSat;
        /** {@link #branches} of each simplified queue predicate, kept so the branches' fixed fields are looked up, not walked again. */
        private final Map<Predicate, List<Predicate>> branchesOf = new IdentityHashMap<>();
        private final Map<Predicate, Boolean> lpgSat;
        /** Packets known to reach this queue, found by earlier queries: most queries are answered by one of them. */
        private final List<long[]> witnesses = new ArrayList<>();
        private final ContextSimplifier simplifier;
        /** The simplifier's context per fixed-fields array of {@link #fixedIndex}, by identity; shared by all queues. */
        private final Map<Long[], ContextSimplifier.Context> contexts;
        /** The simplified queue predicate per fixed-fields array of {@link #fixedIndex}, by identity. */
        private final Map<Long[], Predicate> simplifiedByFixed = new IdentityHashMap<>();
        /** Packets known to reach this queue (see {@link WitnessSeeds}); they never leave the pool. */
        private final List<long[]> seeds;
        private final Set<String> reached = new HashSet<>();
        /** The packet {@link #withFixed} writes its guesses into. */
        private long[] scratch;
        private final Map<String, Set<String>> live = new HashMap<>();
        private final Set<String> useful = new HashSet<>();
        /** Removed nodes that packets pass through: the port they continue by. */
        private final Map<String, String> bypass = new HashMap<>();
        private final Set<String> offloaded = new HashSet<>();
        /** Decided nodes kept (at no cost) because an O-node needs the value their port carries. */
        private final Set<String> decidedKept = new HashSet<>();
        /** Edges of bypassed nodes into O-nodes whose constant input was folded away. */
        private final Set<String> folded = new HashSet<>();
        private final Map<String, Predicate> inputReach = new HashMap<>();
        private final Predicates.FixedIndex fixedIndex;
        private final Map<String, QueueEmbedding.Removal> removed = new TreeMap<>();

        private final Map<String, List<Predicate>> effective;
        private final Predicates.FieldIndex fields;

        PerQueue(Predicate qp, LpgIndex g, Reachability lpgReach,
                 Map<String, Predicate> notDone, Map<String, List<Predicate>> effective, Predicates.FieldIndex fields,
                 Map<Predicate, Boolean> lpgSat, Map<List<Predicate>, Boolean> withoutBranchSat, List<long[]> seeds,
                 Predicates.FixedIndex fixedFieldsIndex,
                 ContextSimplifier simplifier, Map<Long[], ContextSimplifier.Context> contexts) {
            this.qp = qp;
            this.lpg = g.graph();
            this.g = g;
            this.lpgReach = lpgReach;
            this.notDone = notDone;
            this.effective = effective;
            this.fields = fields;
            this.simplifier = simplifier;
            this.contexts = contexts;
            this.lpgSat = lpgSat;
            this.withoutBranchSat = withoutBranchSat;
            this.seeds = List.copyOf(seeds);
            this.fixedIndex = fixedFieldsIndex;
        }

        /**
         * Is the port of a reached F-node, active under {@code eff}, live on this queue? A port
         * without a condition is; a condition on fields that neither the node's reach predicate
         * nor the queue predicate (simplified under it) mention is independent of both, so it is
         * live when it is satisfiable at all; otherwise the solver decides.
         */
        private boolean liveFPort(String id, String port, Predicate eff) {
            if (eff instanceof Predicate.True) {
                return true;
            }
            if (eff instanceof Predicate.False) {
                return false;
            }
            Predicate reach = lpgReach.reach(id);
            Set<HeaderField> own = fields.of(eff);
            if (!intersects(own, fields.of(reach)) && !intersects(own, fields.of(simplifiedQueue(fixedIndex.of(reach))))) {
                return lpgSat.computeIfAbsent(eff, this::lpgSatisfiable);
            }
            return sat(lpgReach.fire(id, port));
        }

        private static boolean intersects(Set<HeaderField> a, Set<HeaderField> b) {
            for (HeaderField f : a) {
                if (b.contains(f)) {
                    return true;
                }
            }
            return false;
        }

        /** Is {@code qp && p} satisfiable? */
        private boolean sat(Predicate p) {
            if (p instanceof Predicate.False) {
                return false;
            }
            return satCache.computeIfAbsent(p, x -> satQueue(x, Predicate.TRUE));
        }

        /**
         * Is {@code qp && context && extra} satisfiable? Every packet in the pool reaches this queue,
         * so one that satisfies {@code context && extra} answers at once; otherwise the queue
         * predicate is simplified under the fields {@code context} fixes and the solver decides.
         */
        private boolean satQueue(Predicate context, Predicate extra) {
            if (context instanceof Predicate.False || extra instanceof Predicate.False) {
                return false;
            }
            // A packet of the pool can satisfy the context only with the values it fixes: comparing
            // those first spares evaluating the context (the whole LPG path to a demux node) on
            // every packet, for the hundreds of endpoints no packet of this queue is for.
            Long[] fixed = fixedIndex.of(context);
            for (long[] w : seeds) {
                if (agrees(w, fixed) && PacketEvaluator.test(context, w) && PacketEvaluator.test(extra, w)) {
                    return true;
                }
            }
            for (long[] w : witnesses) {
                if (agrees(w, fixed) && PacketEvaluator.test(context, w) && PacketEvaluator.test(extra, w)) {
                    return true;
                }
            }
            Predicate q = simplifiedQueue(fixed);
            Predicate e = simplified(extra, fixed);
            if (q instanceof Predicate.False || e instanceof Predicate.False) {
                return false;
            }
            // A known packet of the queue with the fields the context fixes set to its values is
            // often a packet of the question too (say, one of a demux node's endpoint).
            for (long[] base : seeds) {
                long[] guess = withFixed(base, fixed);
                if (PacketEvaluator.test(context, guess) && PacketEvaluator.test(q, guess) && PacketEvaluator.test(e, guess)) {
                    return true;
                }
            }
            // Conditions on disjoint sets of fields are independent: once the fields the context
            // fixes are simplified away, the queue's remaining condition (an RSS bucket set, say)
            // often shares no field with the LPG's, and the two are decided apart (and cached).
            Set<HeaderField> queueFields = fields.of(q);
            if (e instanceof Predicate.True && !intersects(queueFields, fields.of(context))) {
                return queueSat.computeIfAbsent(q, this::queueSatisfiable) && lpgSat.computeIfAbsent(context, this::lpgSatisfiable);
            }
            // A queue fed by several filters is a disjunction of their paths, each of which fixes
            // fields (a destination port, a flow's 5-tuple); deciding branch by branch lets each
            // branch simplify the LPG's side (say, the 700 endpoints a no-endpoint node excludes)
            // down to the few conditions on its own values.
            List<Predicate> branches = branchesOf.computeIfAbsent(q, PerQueue::branches);
            if (branches.size() > 1) {
                // Most of these questions are unsatisfiable on every branch (a node's port that all
                // packets of the queue take), and a branch of a filter chain's queue carries the
                // negation of every filter ranked before it: deciding the whole branch costs as much
                // as the chain is long, for each branch, so thousands of filters cost their square
                // (issue #18). The context and question without the branch are decided first, once
                // per pair; only when they allow a packet is the branch itself asked about.
                for (Predicate b : branches) {
                    Long[] own = fixedIndex.of(b);
                    Predicate c = simplified(context, own);
                    Predicate x = simplified(e, own);
                    if (!(c instanceof Predicate.False) && !(x instanceof Predicate.False) && satisfiableWithoutBranch(c, x)
                            && decide(Predicate.and(c, b, x))) {
                        return true;
                    }
                }
                return false;
            }
            return decide(Predicate.and(context, q, e));
        }

        /**
         * Is {@code c && x} satisfiable, for {@code c} and {@code x} simplified under the fields a
         * branch fixes? False means no packet of the branch satisfies them either: every packet of
         * the branch has those field values, and the simplified predicates no longer mention
         * those fields. The witness is not a packet of the queue, so it stays out of the pool. The
         * question mentions no queue, so queues whose branches fix the same values share the answer.
         */
        private boolean satisfiableWithoutBranch(Predicate c, Predicate x) {
            return withoutBranchSat.computeIfAbsent(List.of(c, x), k -> solver.satisfiable(Predicate.and(c, x)));
        }

        /**
         * {@link Predicates#simplify}, but a constant (most questions' {@code extra} is {@code true}) is returned as it is
         * without the memo a simplification sets up.
         */
        private static Predicate simplified(Predicate p, Long[] fixed) {
            return p instanceof Predicate.True || p instanceof Predicate.False ? p : Predicates.simplify(p, fixed);
        }

        /** Whether {@code packet} has the values {@code fixed} gives (null: any value). */
        private static boolean agrees(long[] packet, Long[] fixed) {
            for (int f = 0; f < fixed.length; f++) {
                Long v = fixed[f];
                if (v != null && (packet[f] & FULL_MASK[f]) != v) {
                    return false;
                }
            }
            return true;
        }

        /** {@code q} as a disjunction: its branches, each with the conjuncts all branches share. */
        private static List<Predicate> branches(Predicate q) {
            if (q instanceof Predicate.Or o) {
                return o.terms();
            }
            if (q instanceof Predicate.And a) {
                List<Predicate> ors = a.terms().stream().filter(t -> t instanceof Predicate.Or).toList();
                if (ors.size() == 1) {
                    List<Predicate> common = a.terms().stream().filter(t -> t != ors.get(0)).toList();
                    List<Predicate> out = new ArrayList<>();
                    for (Predicate b : ((Predicate.Or) ors.get(0)).terms()) {
                        List<Predicate> terms = new ArrayList<>(common);
                        terms.add(b);
                        out.add(Predicate.and(terms));
                    }
                    return out;
                }
            }
            return List.of(q);
        }

        /**
         * {@code packet} with the given field values, in this queue's scratch packet: each guess is tested and dropped
         * before the next is made (the evaluator keeps no reference to it).
         */
        private long[] withFixed(long[] packet, Long[] fixed) {
            if (scratch == null || scratch.length != packet.length) {
                scratch = new long[packet.length];
            }
            long[] out = scratch;
            System.arraycopy(packet, 0, out, 0, packet.length);
            for (int f = 0; f < fixed.length; f++) {
                if (fixed[f] != null) {
                    out[f] = fixed[f];
                }
            }
            return out;
        }

        /** Is an LPG predicate satisfiable? A well-formed packet with the fields it fixes usually says so. */
        private boolean lpgSatisfiable(Predicate p) {
            Long[] fixed = fixedIndex.of(p);
            if (PacketEvaluator.test(p, withFixed(TYPICAL_PACKET, fixed))) {
                return true;
            }
            for (long[] base : seeds) {
                if (PacketEvaluator.test(p, withFixed(base, fixed))) {
                    return true;
                }
            }
            return solver.satisfiable(p);
        }

        /** Is the simplified queue predicate {@code q} satisfiable? A known packet of the queue usually says so. */
        private boolean queueSatisfiable(Predicate q) {
            for (long[] w : seeds) {
                if (PacketEvaluator.test(q, w)) {
                    return true;
                }
            }
            return solver.satisfiable(q);
        }

        /** Is {@code context && subset} satisfiable, for a {@code subset} of the queue's packets? */
        private boolean satWithin(Predicate context, Predicate subset) {
            if (context instanceof Predicate.False || subset instanceof Predicate.False) {
                return false;
            }
            Predicate s = Predicates.simplify(subset, fixedIndex.of(context));
            return !(s instanceof Predicate.False) && decide(Predicate.and(context, s));
        }

        /** Asks the solver about a query whose packets all reach this queue; a witness joins the pool. */
        private boolean decide(Predicate query) {
            if (!solver.providesWitnesses()) {
                return solver.satisfiable(query);
            }
            Optional<long[]> w = solver.witness(query);
            w.ifPresent(packet -> {
                if (witnesses.size() == MAX_WITNESSES) {
                    witnesses.remove(0);
                }
                witnesses.add(packet);
            });
            return w.isPresent();
        }

        /** The queue predicate simplified under fixed fields (shared between contexts that look alike to it). */
        private Predicate simplifiedQueue(Long[] fixed) {
            // The arrays come from the shared FixedIndex and never change: a node's ports and
            // queries repeat them, so the truth-vector key need not be worked out again.
            return simplifiedByFixed.computeIfAbsent(fixed, x -> simplifier.simplify(qp, contexts.computeIfAbsent(x, simplifier::context)));
        }

        /** Whether a reached node's live port has an edge to {@code id}. */
        private boolean reachedByLivePort(String id) {
            for (Edge e : g.packetInputs(id)) {
                if (reached.contains(e.source()) && live.get(e.source()).contains(e.label())) {
                    return true;
                }
            }
            return false;
        }

        /** The decisions made, then the pipeline they give (the one of {@code alike} when another queue's decisions were the same). */
        Analysis analyse(Map<Decisions, Analysis> alike) {
            // In topological order: a node is reached exactly when a live port has an edge to it
            // (its reach predicate is the disjunction of those ports' fire predicates), so only
            // ports need the solver.
            for (String id : g.receiveTopology()) {
                Node n = g.require(id);
                if (!n.attributes().has(Attributes.SOURCE) && !reachedByLivePort(id)) {
                    continue;
                }
                reached.add(id);
                Set<String> ports = new LinkedHashSet<>();
                List<Predicate> eff = effective.get(id);
                for (int k = 0; k < n.ports().size(); k++) {
                    String port = n.ports().get(k).name();
                    if (eff != null ? liveFPort(id, port, eff.get(k)) : sat(lpgReach.fire(id, port))) {
                        ports.add(port);
                    }
                }
                live.put(id, ports);
            }
            // Only receive-path nodes are reached (the loop above sees no other).
            List<String> receiveTopology = g.receiveTopology();
            for (int i = receiveTopology.size() - 1; i >= 0; i--) {
                String id = receiveTopology.get(i);
                if (!reached.contains(id)) {
                    continue;
                }
                Node n = g.require(id);
                boolean leadsOn = n.attributes().has(Attributes.SINK);
                for (String port : live.get(id)) {
                    for (String t : g.targets(id, port)) {
                        leadsOn |= useful.contains(t);
                    }
                }
                if (leadsOn) {
                    useful.add(id);
                }
            }
            for (String id : g.receiveOrder()) {
                if (reached.contains(id) && useful.contains(id)) {
                    decide(g.require(id));
                }
            }
            settleBypasses();
            // Nodes off the receive path (transmit side, or unreachable in the LPG) are not part of it at all.
            for (String id : g.receiveOrder()) {
                if (!reached.contains(id)) {
                    removed.put(id, new QueueEmbedding.Removal(NodeFate.UNREACHED, "no packet of this queue gets here"));
                } else if (!useful.contains(id)) {
                    removed.put(id, new QueueEmbedding.Removal(NodeFate.DEAD_END, "packets of this queue reach no sink from here"));
                }
            }
            Decisions decisions = new Decisions(reached, useful, live, bypass, offloaded, decidedKept, folded, removed);
            return alike.computeIfAbsent(decisions, d -> new Analysis(pipeline(), removed));
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
                // An F-node with a port without predicate activates some port for every packet, so
                // its one live port is taken by all of them; otherwise ask.
                boolean exhaustive = n.kind().isFunction() && n.ports().stream().anyMatch(x -> !x.hasPredicate());
                if (exhaustive || !satQueue(lpgReach.reach(id), Predicate.not(lpgReach.fire(id, p)))) {
                    decided = Optional.of(p);
                }
            }
            Optional<String> impl = n.implementation().filter(notDone::containsKey);
            // notDone(q) holds the packets of this queue that passed no hardware node of the implementation.
            boolean doneByNic = impl.isPresent() && !satWithin(lpgReach.reach(id), notDone.get(impl.get()));
            if (doneByNic) {
                Optional<String> pass = decided.isPresent() ? decided
                        : ports.size() == 1 ? Optional.of(ports.iterator().next())
                        : n.kind() == NodeKind.BOOLEAN && ports.contains(Port.TRUE) ? Optional.of(Port.TRUE) : Optional.empty();
                if (pass.isPresent()) {
                    bypass.put(id, pass.get());
                    removed.put(id, new QueueEmbedding.Removal(NodeFate.DONE_BY_NIC, "the NIC performs " + impl.get()
                            + " on every path to this queue; packets continue by '" + pass.get() + "'"));
                } else {
                    offloaded.add(id);
                }
                return;
            }
            if (decided.isPresent()) {
                bypass.put(id, decided.get());
                removed.put(id, new QueueEmbedding.Removal(NodeFate.DECIDED, "every packet of this queue leaves by '"
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
                    for (String u : g.targets(n, b)) {
                        if (!g.require(u).kind().isOperator() || !kept(u)) {
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
            for (Edge e : g.packetInputs(n)) {
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
            NodeKind kind = g.require(u).kind();
            for (String p : live.get(u)) {
                boolean fires = p.equals(Port.TRUE);
                // The "any" ports: or.true and nor.false wait for a true input, and.false and nand.true for a false one.
                boolean anyTrue = (kind == NodeKind.OR && fires) || (kind == NodeKind.NOR && !fires);
                boolean anyFalse = (kind == NodeKind.AND && !fires) || (kind == NodeKind.NAND && fires);
                if ((anyTrue && value) || (anyFalse && !value)) {
                    return false;
                }
            }
            // n is bypassed because it always fires this port when reached; if every input of u
            // comes from a node reached exactly when n is (the fan-out of endpoint demux nodes),
            // u is never reached without n, so the input is present whenever u is reached.
            Predicate reachN = lpgReach.reach(n);
            if (port.equals(bypass.get(n)) && sharedInputReach(u) == reachN) {
                return true;
            }
            return !satQueue(lpgReach.reach(u), Predicate.not(lpgReach.fire(n, port)));
        }

        /** The reach predicate every input source of {@code u} has (the same object), or null. */
        private Predicate sharedInputReach(String u) {
            return inputReach.computeIfAbsent(u, x -> {
                Predicate shared = null;
                for (Edge e : g.packetInputs(x)) {
                    Predicate r = lpgReach.reach(e.source());
                    if (shared != null && r != shared) {
                        return Predicate.FALSE;
                    }
                    shared = r;
                }
                return shared == null ? Predicate.FALSE : shared;
            });
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
                for (String t : g.targets(target, port)) {
                    if (!folded.contains(edgeKey(target, port, t))) {
                        out.addAll(resolve(t, memo));
                    }
                }
            }
            memo.put(target, out);
            return out;
        }

        private DataflowGraph pipeline() {
            GraphBuilder b = DataflowGraph.builder(lpg.name());
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
                    for (String t : g.targets(n.id(), p.name())) {
                        for (String u : resolve(t, memo)) {
                            b.addEdge(Edge.port(n.id(), p.name(), u));
                        }
                    }
                }
            }
            return b.build();
        }

    }

    /**
     * Everything {@link PerQueue#pipeline} and the removals are built from: queues whose decisions are equal get equal
     * pipelines, so one is built (and its cost model compiled) for all of them.
     */
    private record Decisions(Set<String> reached, Set<String> useful, Map<String, Set<String>> live, Map<String, String> bypass,
                             Set<String> offloaded, Set<String> decidedKept, Set<String> folded,
                             Map<String, QueueEmbedding.Removal> removed) {
    }

    /** The software pipeline worked out for one queue predicate, shared by queues alike to the LPG. */
    private static final class Analysis {
        private final DataflowGraph pipeline;
        private final Map<String, QueueEmbedding.Removal> removed;
        private final long worst;
        private CostModel costs;

        Analysis(DataflowGraph pipeline, Map<String, QueueEmbedding.Removal> removed) {
            this.pipeline = pipeline;
            this.removed = removed;
            this.worst = worstPath(pipeline);
        }

        /** The costliest path from a source to a sink of the pipeline, in cycles. */
        private static long worstPath(DataflowGraph g) {
            Map<String, Long> best = new HashMap<>();
            long most = 0;
            for (String id : Topology.order(g)) {
                Node n = g.require(id);
                long in = n.attributes().has(Attributes.SOURCE) ? 0 : -1;
                for (Edge e : g.packetInputs(id)) {
                    Long b = best.get(e.source());
                    if (b != null) {
                        in = Math.max(in, b);
                    }
                }
                if (in < 0) {
                    continue;
                }
                long total = in + n.cyclesOrZero();
                best.put(id, total);
                if (n.attributes().has(Attributes.SINK)) {
                    most = Math.max(most, total);
                }
            }
            return most;
        }

        /** This pipeline as queue {@code queue}'s, with the cost of each of its flows. */
        QueueEmbedding forQueue(int queue, List<String> hardware, FlowPlacements placements, Map<String, Flow> flowsById,
                                List<Placement> flows, TransmitEmbedding transmit, SpawnWalk spawns) {
            List<QueueEmbedding.FlowCost> out = new ArrayList<>();
            FlowPackets packets = placements.classifier().packets();
            for (Placement p : flows) {
                Flow f = flowsById.get(p.flow());
                if (f != null && f.isConcrete()) {
                    long[] packet = packets.packet(f);
                    QueueEmbedding.FlowCost rx = costs().of(p.flow(), packet);
                    out.add(new QueueEmbedding.FlowCost(p.flow(), rx.sinks(), rx.cycles(),
                            spawns.transmitCycles(packet, transmit, removed)));
                } else {
                    out.add(new QueueEmbedding.FlowCost(p.flow(), List.of(), worst, transmit.cyclesPerPacket()));
                }
            }
            return new QueueEmbedding(queue, hardware, pipeline, removed, worst, out, transmit.queue(),
                    transmit.cyclesPerPacket());
        }

        private CostModel costs() {
            if (costs == null) {
                costs = new CostModel(pipeline);
            }
            return costs;
        }
    }

    /**
     * Per-flow cost on a pipeline: the packet walks the compiled pipeline (the walk the reference
     * interpreter defines), and its cost is the costliest path, along the ports it fired, from the
     * source to a sink it reached.
     */
    private static final class CostModel {
        private final CompiledClassifier walker;
        private final long[] cycles;
        private final boolean[] sink;
        private final boolean[] source;
        /** Per vertex, its incoming edges: source vertex and the index of the source's port. */
        private final int[][] inSource;
        private final int[][] inPort;
        private final int[] visited;
        private final int[] fired;
        private final long[] best;
        private final int[] stamp;
        private int epoch;

        CostModel(DataflowGraph pipeline) {
            walker = CompiledClassifier.compile(ConfiguredGraph.apply(pipeline, Configuration.EMPTY, NicFeatures.standard().functions()));
            int n = walker.vertexCount();
            cycles = new long[n];
            sink = new boolean[n];
            source = new boolean[n];
            List<List<int[]>> in = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                Node node = pipeline.require(walker.nodeAt(v));
                cycles[v] = node.cyclesOrZero();
                sink[v] = node.attributes().has(Attributes.SINK);
                source[v] = node.attributes().has(Attributes.SOURCE);
                in.add(new ArrayList<>());
            }
            for (Edge e : pipeline.edges()) {
                if (e.kind() != io.nicplan.graph.EdgeKind.PORT) {
                    continue;
                }
                int s = walker.vertexOf(e.source()).orElseThrow();
                int t = walker.vertexOf(e.target()).orElseThrow();
                in.get(t).add(new int[] {s, walker.portIndex(s, e.label())});
            }
            inSource = new int[n][];
            inPort = new int[n][];
            for (int v = 0; v < n; v++) {
                inSource[v] = in.get(v).stream().mapToInt(x -> x[0]).toArray();
                inPort[v] = in.get(v).stream().mapToInt(x -> x[1]).toArray();
            }
            visited = new int[n];
            fired = new int[n];
            best = new long[n];
            stamp = new int[n];
        }

        QueueEmbedding.FlowCost of(String flow, long[] packet) {
            int count = walker.walk(packet, visited, fired);
            epoch++;
            long most = 0;
            List<String> reachedSinks = new ArrayList<>(1);
            for (int k = 0; k < count; k++) {
                int v = visited[k];
                long in = source[v] ? 0 : -1;
                int[] srcs = inSource[v];
                for (int j = 0; j < srcs.length; j++) {
                    int u = srcs[j];
                    if (stamp[u] == epoch && fired[u] == inPort[v][j]) {
                        in = Math.max(in, best[u]);
                    }
                }
                if (in < 0) {
                    continue;
                }
                best[v] = in + cycles[v];
                stamp[v] = epoch;
                if (sink[v]) {
                    most = Math.max(most, best[v]);
                    reachedSinks.add(walker.nodeAt(v));
                }
            }
            return new QueueEmbedding.FlowCost(flow, reachedSinks, most);
        }
    }

    /**
     * What of a queue predicate (and of the packets that skip each hardware implementation)
     * the LPG can see. When a predicate's top-level conjuncts each mention either only fields
     * some LPG port reads or only fields none does, the second kind cannot change any answer
     * about LPG ports (conditions on disjoint fields are independent, and the queue is reached),
     * so the key is the first kind, compared by identity. Otherwise the key is the predicate.
     */
    private static final class SharingKey {
        private final List<Object> parts;
        private final int hash;

        private SharingKey(List<Object> parts) {
            this.parts = parts;
            int h = 1;
            for (Object o : parts) {
                h = 31 * h + System.identityHashCode(o);
            }
            this.hash = h;
        }

        static SharingKey of(Predicate qp, Map<String, Predicate> notDone, Set<HeaderField> lpgFields, Predicates.FieldIndex fields) {
            List<Object> parts = new ArrayList<>();
            addVisible(qp, lpgFields, fields, parts);
            new TreeMap<>(notDone).forEach((impl, p) -> {
                parts.add(impl);
                addVisible(p, lpgFields, fields, parts);
            });
            return new SharingKey(parts);
        }

        private static void addVisible(Predicate p, Set<HeaderField> lpgFields, Predicates.FieldIndex fields, List<Object> parts) {
            List<Predicate> conjuncts = p instanceof Predicate.And a ? a.terms() : List.of(p);
            List<Predicate> visible = new ArrayList<>();
            for (Predicate c : conjuncts) {
                Set<HeaderField> f = fields.of(c);
                boolean seen = false;
                boolean unseen = false;
                for (HeaderField x : f) {
                    if (lpgFields.contains(x)) {
                        seen = true;
                    } else {
                        unseen = true;
                    }
                }
                if (seen && unseen) {
                    parts.add(p);
                    parts.add(SharingKey.class);
                    return;
                }
                if (seen || f.isEmpty()) {
                    visible.add(c);
                }
            }
            parts.addAll(visible);
            parts.add(SharingKey.class);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof SharingKey k) || k.hash != hash || k.parts.size() != parts.size()) {
                return false;
            }
            for (int i = 0; i < parts.size(); i++) {
                Object a = parts.get(i);
                Object b = k.parts.get(i);
                if (a != b && !(a instanceof String && a.equals(b))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
