package io.nicplan.embed.embedding;

import io.nicplan.descriptions.conventions.PrgConventions;
import io.nicplan.embed.lpg.LpgBuilder;
import io.nicplan.embed.reach.Topology;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Embeds the LPG's transmit path into a configured PRG's transmit side, as Dragonet embeds both
 * directions. The LPG's transmit path is what its spawn edges lead to (a reply, an ACK, a reset)
 * and everything reachable from there by port edges, up to the driver's transmit queue. Behind a
 * transmit queue of the NIC, an LPG transmit node is removed when its implementation is performed
 * by a hardware node on every path from that queue to the wire: a transmit offload the
 * configuration turned on ({@code tx_offload}). Transmit nodes carry no predicates (a frame the
 * host builds is well formed by construction), so no solver is needed: the set of offloads every
 * path has is a fixpoint over the transmit DAG. An offload removes a node of the LPG's IPv6 transmit
 * path (attr {@code ipv6}) only when it covers IPv6 frames ({@code attr "tx_ipv6"} on its C-node, kept by
 * the hardware node it expands to); otherwise it removes only the IPv4 path's node.
 *
 * <p>A receive queue's replies leave on the transmit queue of the same number (modulo the count of
 * transmit queues): the core that serves receive queue q sends on transmit queue q, as Linux's XPS
 * maps them when both are per CPU.
 */
final class TransmitSide {
    private final List<TransmitEmbedding> queues;
    private final TransmitEmbedding softwareOnly;
    private final Map<Integer, TransmitEmbedding> byQueue = new TreeMap<>();

    private TransmitSide(List<TransmitEmbedding> queues, TransmitEmbedding softwareOnly) {
        this.queues = List.copyOf(queues);
        this.softwareOnly = softwareOnly;
        queues.forEach(t -> byQueue.put(t.queue(), t));
    }

    /** The transmit side of {@code prg} for {@code lpg}, given both graphs' topological orders ({@link Topology#order}). */
    static TransmitSide of(DataflowGraph prg, List<String> prgOrder, DataflowGraph lpg, List<String> lpgTopology) {
        List<String> lpgOrder = transmitNodes(lpg, lpgTopology);
        List<String> entries = entries(lpg);
        List<TransmitEmbedding> out = new ArrayList<>();
        Map<Integer, String> txQueues = new TreeMap<>();
        for (Node n : prg.nodes()) {
            if (n.attributes().has(Attributes.TRANSMIT)) {
                n.attributes().value(PrgConventions.TXQUEUE).ifPresent(q -> txQueues.put(Integer.parseInt(q), n.id()));
            }
        }
        Map<String, Set<String>> everyPath = new HashMap<>();
        // The software left depends on the offloads alone, and a NIC's transmit queues mostly share them.
        Map<Set<String>, SoftwarePath> byOffloads = new HashMap<>();
        for (Map.Entry<Integer, String> q : txQueues.entrySet()) {
            Set<String> done = offloadsOnEveryPath(prg, q.getValue(), everyPath);
            SoftwarePath path = byOffloads.computeIfAbsent(done, d -> SoftwarePath.of(d, lpg, lpgOrder, entries));
            out.add(path.behind(q.getKey(), hardwarePath(prg, prgOrder, q.getValue()), prg));
        }
        TransmitEmbedding software = SoftwarePath.of(Set.of(), lpg, lpgOrder, entries).behind(-1, List.of(), prg);
        return new TransmitSide(out, software);
    }

    List<TransmitEmbedding> queues() {
        return queues;
    }

    /** The transmit queue that carries replies to packets received on {@code rxQueue}. */
    TransmitEmbedding forReceiveQueue(int rxQueue) {
        if (queues.isEmpty()) {
            return softwareOnly;
        }
        TransmitEmbedding t = byQueue.get(rxQueue % queues.size());
        return t != null ? t : queues.get(rxQueue % queues.size());
    }

    /** The LPG's transmit nodes (reachable from a spawn target by port edges), in topological order. */
    private static List<String> transmitNodes(DataflowGraph lpg, List<String> topology) {
        Set<String> seen = new HashSet<>();
        List<String> work = new ArrayList<>(entries(lpg));
        seen.addAll(work);
        while (!work.isEmpty()) {
            String id = work.remove(work.size() - 1);
            for (Edge e : lpg.outgoing(id)) {
                if (e.kind() == EdgeKind.PORT && seen.add(e.target())) {
                    work.add(e.target());
                }
            }
        }
        return topology.stream().filter(seen::contains).toList();
    }

    /** The targets of the LPG's spawn edges, sorted. */
    private static List<String> entries(DataflowGraph lpg) {
        Set<String> out = new TreeSet<>();
        for (Edge e : lpg.edges()) {
            if (e.kind() == EdgeKind.SPAWN) {
                out.add(e.target());
            }
        }
        return List.copyOf(out);
    }

    /** Suffix of an implementation the NIC performs on IPv6 frames too, in the sets of offloads below. */
    private static final String ON_IPV6 = "@ipv6";

    /**
     * The implementations of hardware nodes that lie on every path from {@code id} to a sink:
     * a node's own implementation (and, for an offload that covers IPv6 frames, the implementation with
     * {@link #ON_IPV6}), plus what all its successors have in common.
     */
    private static Set<String> offloadsOnEveryPath(DataflowGraph prg, String id, Map<String, Set<String>> memo) {
        Set<String> known = memo.get(id);
        if (known != null) {
            return known;
        }
        Node n = prg.require(id);
        Set<String> common = null;
        for (Edge e : prg.outgoing(id)) {
            if (e.kind() != EdgeKind.PORT) {
                continue;
            }
            Set<String> next = offloadsOnEveryPath(prg, e.target(), memo);
            if (common == null) {
                common = new TreeSet<>(next);
            } else {
                common.retainAll(next);
            }
        }
        Set<String> out = new TreeSet<>(common == null ? Set.of() : common);
        if (!n.isSoftware()) {
            n.implementation().ifPresent(out::add);
            if (n.attributes().has(PrgConventions.TX_IPV6)) {
                n.implementation().ifPresent(impl -> out.add(impl + ON_IPV6));
            }
        }
        memo.put(id, out);
        return out;
    }

    /** The PRG nodes reachable from transmit queue node {@code q}, in topological order. */
    private static List<String> hardwarePath(DataflowGraph prg, List<String> order, String q) {
        Set<String> seen = new HashSet<>(List.of(q));
        List<String> work = new ArrayList<>(List.of(q));
        while (!work.isEmpty()) {
            String id = work.remove(work.size() - 1);
            for (Edge e : prg.outgoing(id)) {
                if (e.kind() == EdgeKind.PORT && seen.add(e.target())) {
                    work.add(e.target());
                }
            }
        }
        return order.stream().filter(seen::contains).toList();
    }

    /**
     * The LPG's transmit path with the nodes a set of offloads makes redundant taken out, and its cycles: the same for
     * every transmit queue with those offloads.
     *
     * @param removedImplementation per removed node, the implementation the NIC performs for it
     * @param removedIpv6 the removed nodes of the IPv6 path
     */
    private record SoftwarePath(Set<String> done, List<String> software, Map<String, String> removedImplementation,
                                Set<String> removedIpv6, Map<String, Long> byEntry, long worst, List<String> offloads) {

        static SoftwarePath of(Set<String> done, DataflowGraph lpg, List<String> lpgOrder, List<String> entries) {
            List<String> software = new ArrayList<>();
            Map<String, String> removed = new LinkedHashMap<>();
            Set<String> removedIpv6 = new HashSet<>();
            Map<String, Long> cycles = new HashMap<>();
            for (String id : lpgOrder) {
                Node n = lpg.require(id);
                String impl = n.implementation().orElse("");
                boolean ipv6 = n.attributes().has(LpgBuilder.IPV6);
                if (done.contains(ipv6 ? impl + ON_IPV6 : impl)) {
                    removed.put(id, impl);
                    if (ipv6) {
                        removedIpv6.add(id);
                    }
                    cycles.put(id, 0L);
                } else {
                    software.add(id);
                    cycles.put(id, n.cyclesOrZero());
                }
            }
            // Costliest path to a sink, walking the transmit nodes backwards from the sinks.
            Map<String, Long> toSink = new HashMap<>();
            for (int i = lpgOrder.size() - 1; i >= 0; i--) {
                String id = lpgOrder.get(i);
                long best = lpg.require(id).attributes().has(Attributes.SINK) ? 0 : -1;
                for (Edge e : lpg.outgoing(id)) {
                    Long next = e.kind() == EdgeKind.PORT ? toSink.get(e.target()) : null;
                    if (next != null) {
                        best = Math.max(best, next);
                    }
                }
                if (best >= 0) {
                    toSink.put(id, best + cycles.get(id));
                }
            }
            Map<String, Long> byEntry = new LinkedHashMap<>();
            long worst = 0;
            for (String entry : entries) {
                long c = toSink.getOrDefault(entry, 0L);
                byEntry.put(entry, c);
                worst = Math.max(worst, c);
            }
            List<String> offloads = List.copyOf(done.stream().filter(impl -> !impl.endsWith(ON_IPV6)).toList());
            // Immutable copies here, so the transmit embeddings of the queues sharing this path need none.
            return new SoftwarePath(done, List.copyOf(software), removed, removedIpv6, byEntry, worst, offloads);
        }

        /** This path behind transmit queue {@code queue}, whose frames pass {@code hardware}: each removal names the node that does it. */
        TransmitEmbedding behind(int queue, List<String> hardware, DataflowGraph prg) {
            Map<String, String> byImplementation = new HashMap<>();
            for (String id : hardware) {
                prg.require(id).implementation().filter(done::contains).ifPresent(impl -> byImplementation.putIfAbsent(impl, id));
            }
            Map<String, String> removed = new LinkedHashMap<>();
            removedImplementation.forEach((id, impl) -> removed.put(id, "done by NIC: " + byImplementation.get(impl) + " (" + impl
                    + ") on every " + (removedIpv6.contains(id) ? "IPv6 " : "") + "frame of this queue"));
            return new TransmitEmbedding(queue, hardware, offloads, software, removed, byEntry, worst);
        }
    }
}
