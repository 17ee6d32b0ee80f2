package io.nicplan.embed.expand;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The expansion of a steering table C-node (5-tuple, flow director, EtherType, match-action,
 * FlexTCP): a chain of boolean filter nodes in priority order whose {@code true} ports lead to the
 * entries' targets and whose {@code false} ports lead to the next filter, the last one to the
 * C-node's {@code default} targets (through a pass-through node when a default target is an O-node,
 * {@link #hasMissNode()}).
 *
 * <p>Immutable and patchable: {@link #withAdded} and {@link #withRemoved} return a new chain that
 * shares the unchanged entries; the chain's nodes are materialised only when someone asks for
 * them.
 */
public final class FilterChain implements Expansion {
    private final ConfigSite site;
    private final ChainFunction function;
    private final List<ChainEntry> byRank;
    private final List<ChainEntry> bySeq;
    private final long nextSeq;
    private Materialised materialised;

    private FilterChain(ConfigSite site, ChainFunction function, List<ChainEntry> byRank, List<ChainEntry> bySeq,
                        long nextSeq) {
        this.site = site;
        this.function = function;
        this.byRank = byRank;
        this.bySeq = bySeq;
        this.nextSeq = nextSeq;
    }

    /** The chain for a checked list value. */
    static FilterChain of(ConfigSite site, ChainFunction function, List<ConfigValue> elements) {
        List<ChainEntry> entries = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            entries.add(function.entry(site, elements.get(i), i));
        }
        List<ChainEntry> byRank = new ArrayList<>(entries);
        byRank.sort((a, b) -> Long.compare(a.rank(), b.rank()));
        return new FilterChain(site, function, Collections.unmodifiableList(byRank), Collections.unmodifiableList(entries),
                elements.size());
    }

    /** The chain with one more (checked) entry, appended to the configuration list. */
    public FilterChain withAdded(ConfigValue element) {
        ChainEntry e = function.entry(site, element, nextSeq);
        List<ChainEntry> rank = new ArrayList<>(byRank.size() + 1);
        int at = Collections.binarySearch(byRank, e, (a, b) -> Long.compare(a.rank(), b.rank()));
        int insert = at >= 0 ? at + 1 : -at - 1;
        rank.addAll(byRank.subList(0, insert));
        rank.add(e);
        rank.addAll(byRank.subList(insert, byRank.size()));
        List<ChainEntry> seq = new ArrayList<>(bySeq.size() + 1);
        seq.addAll(bySeq);
        seq.add(e);
        return new FilterChain(site, function, Collections.unmodifiableList(rank), Collections.unmodifiableList(seq), nextSeq + 1);
    }

    /** The chain without the entry at {@code index} of the configuration list. */
    public FilterChain withRemoved(int index) {
        ChainEntry e = bySeq.get(index);
        List<ChainEntry> rank = new ArrayList<>(byRank);
        // Ranks are unique within a chain, so the entry is found by binary search, not by equals.
        rank.remove(Collections.binarySearch(byRank, e, (a, b) -> Long.compare(a.rank(), b.rank())));
        List<ChainEntry> seq = new ArrayList<>(bySeq);
        seq.remove(index);
        return new FilterChain(site, function, Collections.unmodifiableList(rank), Collections.unmodifiableList(seq), nextSeq);
    }

    public ConfigSite site() {
        return site;
    }

    public ChainFunction function() {
        return function;
    }

    /** Entries in chain order (the order packets test them). */
    public List<ChainEntry> entries() {
        return byRank;
    }

    /** Entries in configuration order. */
    public List<ChainEntry> configurationOrder() {
        return bySeq;
    }

    public int size() {
        return bySeq.size();
    }

    /** The entry at {@code index} of the configuration list. */
    public ChainEntry entryAt(int index) {
        return bySeq.get(index);
    }

    /**
     * True when the table's default leads straight into an O-node. The last filter's
     * {@code false} port would then feed that O-node a false activation (see
     * {@code io.nicplan.embed.reach.Activation}), which is not "deliver"; a pass-through node
     * {@code <cnode>.Miss} carries the packet on instead.
     */
    public boolean hasMissNode() {
        return !byRank.isEmpty() && site.defaultTargets().stream()
                .anyMatch(t -> site.prg().node(t).map(n -> n.kind().isOperator()).orElse(false));
    }

    /** Where packets no entry matches go. */
    public List<String> defaultTargets() {
        return site.defaultTargets();
    }

    @Override
    public String cnode() {
        return site.id();
    }

    @Override
    public List<Node> nodes() {
        return materialise().nodes;
    }

    @Override
    public List<Edge> edges() {
        return materialise().edges;
    }

    @Override
    public List<String> entry() {
        // The first filter's node, named without materialising the chain: resolving an edge into the
        // C-node (the classifier's compilation does, for every such edge) needs only its id.
        return byRank.isEmpty() ? defaultTargets() : List.of(nodeId(configurationIndex(byRank.get(0))));
    }

    /** The index of {@code e} in the configuration list (entries' sequence numbers are unique in a chain). */
    private int configurationIndex(ChainEntry e) {
        for (int i = 0; i < bySeq.size(); i++) {
            if (bySeq.get(i).seq() == e.seq()) {
                return i;
            }
        }
        throw new IllegalArgumentException("entry " + e.seq() + " is not in chain " + site.id());
    }

    /**
     * How many packet edges of the materialised chain lead to each node outside it, computed
     * from the entries without materialising (the fast classifier's O-node input counts).
     */
    public Map<String, Integer> externalEdgeCounts() {
        Map<String, Integer> counts = new HashMap<>();
        Set<Integer> fastPathQueues = new LinkedHashSet<>();
        for (ChainEntry e : byRank) {
            if (e.action() instanceof ChainAction.FastPath f) {
                fastPathQueues.add(f.queue());
            } else {
                e.targets().forEach(t -> counts.merge(t, 1, Integer::sum));
            }
        }
        for (int q : fastPathQueues) {
            site.queueTarget(q).ifPresent(t -> counts.merge(t, 1, Integer::sum));
        }
        if (!byRank.isEmpty()) {
            defaultTargets().forEach(t -> counts.merge(t, 1, Integer::sum));
        }
        return counts;
    }

    /**
     * How the entry's edges change the edge counts of {@link #externalEdgeCounts()}: what adding
     * {@code e} to this chain adds (or removing it from a chain of which this is the rest takes
     * away). Valid while the chain stays non-empty, since the default edges do not change then.
     */
    public Map<String, Integer> entryEdgeCounts(ChainEntry e) {
        Map<String, Integer> counts = new HashMap<>();
        if (e.action() instanceof ChainAction.FastPath f) {
            boolean shared = byRank.stream().anyMatch(o -> o.seq() != e.seq() && o.action() instanceof ChainAction.FastPath g
                    && g.queue() == f.queue());
            if (!shared) {
                site.queueTarget(f.queue()).ifPresent(t -> counts.put(t, 1));
            }
        } else {
            e.targets().forEach(t -> counts.merge(t, 1, Integer::sum));
        }
        return counts;
    }

    /** Id of the filter node of the entry at configuration index {@code index}. */
    public String nodeId(int index) {
        return site.id() + ".e" + index;
    }

    private Map<Long, Integer> indexOf() {
        Map<Long, Integer> index = new HashMap<>(bySeq.size() * 2);
        for (int i = 0; i < bySeq.size(); i++) {
            index.put(bySeq.get(i).seq(), i);
        }
        return index;
    }

    private synchronized Materialised materialise() {
        if (materialised == null) {
            materialised = build();
        }
        return materialised;
    }

    private Materialised build() {
        Map<Long, Integer> index = indexOf();
        List<Node> nodes = new ArrayList<>(byRank.size() + 4);
        List<Edge> edges = new ArrayList<>(byRank.size() * 2 + 4);
        Set<Integer> fastPathQueues = new LinkedHashSet<>();
        for (int i = 0; i < byRank.size(); i++) {
            ChainEntry e = byRank.get(i);
            int idx = index.get(e.seq());
            String id = nodeId(idx);
            Attributes attrs = Attributes.NONE.with("entry=" + idx).with("action=" + e.action());
            if (function.hasPriorities()) {
                attrs = attrs.with("priority=" + e.priority());
            }
            nodes.add(new Node(id, NodeKind.BOOLEAN, List.of(new Port(Port.TRUE, truePredicate(e)), Port.of(Port.FALSE)),
                    attrs, Optional.of(site.function() + "_filter"), OptionalLong.empty(), Optional.empty()));
            if (e.action() instanceof ChainAction.FastPath f) {
                fastPathQueues.add(f.queue());
                edges.add(Edge.port(id, Port.TRUE, fastPathNodeId(f.queue())));
            } else if (e.action() instanceof ChainAction.Mark m) {
                String markId = id + ".Mark";
                nodes.add(new Node(markId, NodeKind.NODE, List.of(Port.of("out")),
                        Attributes.NONE.with(SET_MARK + "=" + m.value()), Optional.of("set_mark"), OptionalLong.empty(), Optional.empty()));
                edges.add(Edge.port(id, Port.TRUE, markId));
                e.targets().forEach(t -> edges.add(Edge.port(markId, "out", t)));
            } else if (e.action() instanceof ChainAction.Hash h) {
                String hashId = id + ".Hash";
                nodes.add(new Node(hashId, NodeKind.NODE, List.of(Port.of("out")),
                        Attributes.NONE.with(SET_HASH + "=" + h.buckets()), Optional.of("set_hash"), OptionalLong.empty(), Optional.empty()));
                edges.add(Edge.port(id, Port.TRUE, hashId));
                e.targets().forEach(t -> edges.add(Edge.port(hashId, "out", t)));
            } else {
                e.targets().forEach(t -> edges.add(Edge.port(id, Port.TRUE, t)));
            }
            if (i + 1 < byRank.size()) {
                ChainEntry next = byRank.get(i + 1);
                edges.add(Edge.port(id, Port.FALSE, nodeId(index.get(next.seq()))));
            } else if (hasMissNode()) {
                String miss = site.id() + ".Miss";
                edges.add(Edge.port(id, Port.FALSE, miss));
                nodes.add(new Node(miss, NodeKind.NODE, List.of(Port.of("out")), Attributes.NONE, Optional.empty(),
                        OptionalLong.empty(), Optional.empty()));
                defaultTargets().forEach(t -> edges.add(Edge.port(miss, "out", t)));
            } else {
                defaultTargets().forEach(t -> edges.add(Edge.port(id, Port.FALSE, t)));
            }
        }
        for (int q : fastPathQueues) {
            String tcp = fastPathNodeId(q);
            nodes.add(new Node(tcp, NodeKind.NODE, List.of(Port.of("out")), Attributes.NONE.with("fastpath.queue=" + q),
                    Optional.of(TCP_RX), OptionalLong.empty(), Optional.empty()));
            site.queueTarget(q).ifPresent(t -> edges.add(Edge.port(tcp, "out", t)));
        }
        return new Materialised(List.copyOf(nodes), List.copyOf(edges), nodes.isEmpty() ? "" : nodes.get(0).id());
    }

    /**
     * The packets an entry takes. A fast-path entry (FlexTCP) takes its connection's segments but not
     * SYN or RST: the fast path hands those to the slow path (TAS's receive step 2), so they leave by
     * the C-node's {@code default} port and are not counted as handled in the NIC. A flow's packets
     * are established-connection segments (ACK, {@code FlowPackets}), so where a flow lands is the
     * same either way.
     */
    private static Predicate truePredicate(ChainEntry e) {
        if (e.action() instanceof ChainAction.FastPath) {
            return Predicate.and(e.match().toPredicate(), Predicate.masked(HeaderField.TCP_FLAGS, 0, TCP_SYN | TCP_RST));
        }
        return e.match().toPredicate();
    }

    private String fastPathNodeId(int queue) {
        return site.id() + ".TcpRx" + queue;
    }

    /** The attribute by which a node writes {@code meta.mark} (value in decimal). */
    public static final String SET_MARK = "set.meta.mark";
    /**
     * The attribute by which a node writes {@code meta.hash = kv.key_hash mod N} (N in decimal):
     * a FlexNIC stage's {@code hash} action.
     */
    public static final String SET_HASH = "set.meta.hash";

    /** {@code meta.hash} as a node with {@link #SET_HASH} = {@code buckets} writes it into {@code packet}. */
    public static void applyHash(long[] packet, int buckets) {
        packet[io.nicplan.graph.predicate.HeaderField.META_HASH.ordinal()] =
                packet[io.nicplan.graph.predicate.HeaderField.KV_KEY_HASH.ordinal()] % buckets;
    }

    /** RFC 9293's SYN and RST flag bits. */
    private static final int TCP_SYN = 0x02;
    private static final int TCP_RST = 0x04;
    /** Implementation name of FlexTCP's receive processing. */
    public static final String TCP_RX = "tcp_rx";

    private record Materialised(List<Node> nodes, List<Edge> edges, String entry) {
    }
}
