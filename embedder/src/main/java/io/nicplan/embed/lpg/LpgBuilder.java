package io.nicplan.embed.lpg;

import io.nicplan.embed.state.Endpoint;
import io.nicplan.embed.state.Protocol;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.Socket;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.IpFields;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds the host's LPG from the LPG template and a protocol state: each endpoints placeholder
 * ({@code config ... { function endpoints }}) is replaced by one demux node per endpoint of its
 * protocol, one sink per socket, and a balancing node for an endpoint with several sockets.
 *
 * <pre>
 *   (edges into the placeholder) --+--> [demux ep1] --true--> [ep1.Balance] --s0--> (socket sink)
 *                                   |         '--false--.                '--s1--> (socket sink)
 *                                   +--> [demux ep2] --true--> (socket sink)
 *                                   |         '--false--+--> (nor NoEndpoint) --true--> unmatched targets
 * </pre>
 *
 * <p>Every demux node sees the packet (the placeholder's incoming edges fan out to all of them);
 * at most one fires {@code true}. Overlapping endpoints resolve most specific first — connected
 * (remote given) over listening on an address over listening on any address
 * ({@link Endpoint#specificity()}) — and that precedence is in the predicates: an endpoint's
 * {@code true} predicate excludes every more specific endpoint it overlaps. The demux nodes are
 * declared in precedence order. When no endpoint matches, every demux fires {@code false}, so the
 * {@code nor} node's {@code true} port (all inputs false) takes the packet to the placeholder's
 * {@code unmatched} targets.
 *
 * <p>Each demux node costs what the placeholder declares ({@code cycles}, the socket lookup): a
 * packet's cost is counted along the path it takes to its sink, through one demux node. Balancing
 * is part of that lookup (Linux selects the SO_REUSEPORT socket inside the socket lookup), so the
 * balancing node and the sinks add no cycles; the model splits the source-port space evenly
 * between the sockets, standing in for the kernel's hash of the 4-tuple.
 */
public final class LpgBuilder {
    /** The configuration function of endpoint placeholders. */
    public static final String ENDPOINTS_FUNCTION = "endpoints";
    /** The placeholder port whose targets take packets no endpoint matches. */
    public static final String UNMATCHED = "unmatched";
    /** Simple name of the {@code nor} node that fires when no endpoint matches (reserved as an endpoint name). */
    public static final String NO_ENDPOINT = Endpoint.RESERVED_NAME;
    private static final int PORT_SPACE = 65_536;

    private LpgBuilder() {
    }

    /**
     * The LPG for {@code state}. Of the state it reads whether the host has IPv6 addresses and the endpoints only
     * ({@code Embedder.lpg} keeps its last LPG by these: reading more of the state here means keying that by it too).
     *
     * @throws IllegalArgumentException if the template has a placeholder of unknown protocol
     */
    public static DataflowGraph build(DataflowGraph template, ProtocolState state) {
        GraphBuilder b = template.toBuilder();
        if (state.localIpv6Addresses().isEmpty()) {
            withoutIpv6(template, b);
        }
        for (Node placeholder : template.nodes()) {
            if (placeholder.config().map(c -> c.function().equals(ENDPOINTS_FUNCTION)).orElse(false)) {
                Protocol proto = protocolOf(placeholder);
                List<Endpoint> endpoints = state.endpoints().stream().filter(e -> e.proto() == proto)
                        .sorted(Comparator.comparingInt(Endpoint::specificity).reversed()).toList();
                replace(template, b, placeholder, proto, endpoints);
            }
        }
        return b.build();
    }

    /** Attribute of the template's IPv6-only nodes (the IPv6 receive and transmit paths, ICMPv6 and neighbour discovery). */
    public static final String IPV6 = "ipv6";
    /** Attribute of the template's IPv4-only transmit entries (their IPv6 counterparts carry {@link #IPV6}). */
    public static final String IPV4 = "ipv4";
    /** Attribute of the template's node that discards packets. */
    public static final String DROP = "drop";

    /**
     * A host with no IPv6 address does not speak IPv6 (like a stack with IPv6 disabled): the template's
     * IPv6-only nodes go, and what led to them leads to the drop node instead; a spawn of an IPv6 frame
     * (the IPv6 transmit path's entries) goes with them, since such a host sends none. The IPv4 paths,
     * and so every cost of an IPv4-only state, stay as they were before IPv6 was modelled.
     */
    private static void withoutIpv6(DataflowGraph template, GraphBuilder b) {
        Optional<String> drop = template.nodes().stream().filter(n -> n.attributes().has(DROP)).map(Node::id).findFirst();
        for (Node n : template.nodes()) {
            if (!n.attributes().has(IPV6)) {
                continue;
            }
            for (Edge in : template.incoming(n.id())) {
                Node from = template.require(in.source());
                if (!from.attributes().has(IPV6) && in.kind() != EdgeKind.SPAWN) {
                    drop.ifPresent(d -> b.addEdge(new Edge(in.source(), in.label(), d, in.kind())));
                }
            }
            b.removeNode(n.id());
        }
    }

    /** The protocol of a placeholder: from its implementation ({@code udp_endpoints}) or its name ({@code UdpEndpoints}). */
    static Protocol protocolOf(Node placeholder) {
        String hint = (placeholder.implementation().orElse("") + " " + placeholder.simpleName()).toLowerCase(Locale.ROOT);
        boolean udp = hint.contains("udp");
        boolean tcp = hint.contains("tcp");
        if (udp == tcp) {
            throw new IllegalArgumentException("endpoints placeholder " + placeholder.id()
                    + " names neither UDP nor TCP (in its implementation or name)");
        }
        return udp ? Protocol.UDP : Protocol.TCP;
    }

    private static void replace(DataflowGraph template, GraphBuilder b, Node p, Protocol proto, List<Endpoint> endpoints) {
        String id = p.id();
        List<Edge> incoming = new ArrayList<>(template.incoming(id));
        List<Edge> spawns = template.outgoing(id).stream().filter(e -> e.kind() == EdgeKind.SPAWN && b.hasNode(e.target())).toList();
        List<String> unmatched = template.targets(id, UNMATCHED);
        b.removeNode(id);
        if (endpoints.isEmpty()) {
            for (Edge in : incoming) {
                unmatched.forEach(t -> b.addEdge(new Edge(in.source(), in.label(), t, in.kind())));
            }
            return;
        }
        String none = id + "." + NO_ENDPOINT;
        // Endpoints overlap only on the same local port: grouping by port (in precedence order)
        // keeps the exclusions linear in the number of endpoints.
        Map<Integer, List<Endpoint>> byPort = new HashMap<>();
        for (Endpoint e : endpoints) {
            byPort.computeIfAbsent(e.localPort(), k -> new ArrayList<>()).add(e);
        }
        for (Endpoint e : endpoints) {
            String demux = id + "." + e.name();
            Predicate match = match(e);
            List<Predicate> terms = new ArrayList<>();
            terms.add(match);
            for (Endpoint other : byPort.get(e.localPort())) {
                if (other.specificity() > e.specificity() && other.overlaps(e)) {
                    terms.add(Predicate.not(match(other)));
                }
            }
            Attributes attrs = Attributes.NONE.with(Attributes.SOFTWARE).with("endpoint=" + e.name()).with("proto=" + proto.symbol())
                    .with("local=" + e.local()).with("application=" + e.application())
                    .with("precedence=" + e.specificity());
            if (e.remote().isPresent()) {
                attrs = attrs.with("remote=" + e.remote().get());
            }
            b.addNode(new Node(demux, NodeKind.BOOLEAN, List.of(new Port(Port.TRUE, Predicate.and(terms)), Port.of(Port.FALSE)),
                    attrs, p.implementation(), p.cycles(), Optional.empty()));
            for (Edge in : incoming) {
                b.addEdge(new Edge(in.source(), in.label(), demux, in.kind()));
            }
            for (Edge s : spawns) {
                b.addEdge(Edge.spawn(demux, s.label(), s.target()));
            }
            b.connect(demux, Port.FALSE, none);
            List<Socket> sockets = e.sockets();
            if (sockets.size() == 1) {
                String sink = sinkId(demux, sockets.get(0));
                b.addNode(sink(sink, e, sockets.get(0)));
                b.connect(demux, Port.TRUE, sink);
            } else {
                String balance = demux + ".Balance";
                List<Port> ports = new ArrayList<>();
                for (int i = 0; i < sockets.size(); i++) {
                    long lo = (long) i * PORT_SPACE / sockets.size();
                    long hi = (long) (i + 1) * PORT_SPACE / sockets.size() - 1;
                    ports.add(new Port(sockets.get(i).name(), Predicate.range(HeaderField.L4_SPORT, lo, hi)));
                }
                b.addNode(new Node(balance, NodeKind.NODE, ports, Attributes.NONE.with(Attributes.SOFTWARE).with("endpoint=" + e.name()),
                        Optional.of("socket_balance"), OptionalLong.of(0), Optional.empty()));
                b.connect(demux, Port.TRUE, balance);
                for (Socket s : sockets) {
                    String sink = sinkId(demux, s);
                    b.addNode(sink(sink, e, s));
                    b.connect(balance, s.name(), sink);
                }
            }
        }
        b.addNode(new Node(none, NodeKind.NOR, List.of(Port.of(Port.TRUE), Port.of(Port.FALSE)),
                Attributes.NONE.with(Attributes.SOFTWARE), Optional.empty(), OptionalLong.empty(), Optional.empty()));
        unmatched.forEach(t -> b.connect(none, Port.TRUE, t));
    }

    private static String sinkId(String demux, Socket s) {
        return demux + ".Sockets." + s.name();
    }

    private static Node sink(String id, Endpoint e, Socket s) {
        Attributes a = Attributes.NONE.with(Attributes.SOFTWARE).with(Attributes.SINK).with("socket=" + s.name())
                .with("endpoint=" + e.name()).with("application=" + e.application()).with("core=" + s.core());
        return new Node(id, NodeKind.NODE, List.of(), a, Optional.of("socket"), OptionalLong.of(0), Optional.empty());
    }

    /** The packets addressed to an endpoint, ignoring other endpoints. */
    public static Predicate match(Endpoint e) {
        List<Predicate> terms = new ArrayList<>();
        terms.add(Predicate.eq(HeaderField.IP_PROTO, e.proto().ipProto()));
        terms.add(Predicate.eq(HeaderField.L4_DPORT, e.localPort()));
        e.local().address().ifPresent(a -> terms.add(IpFields.dst(a)));
        e.remote().ifPresent(r -> {
            terms.add(IpFields.src(r.address().orElseThrow()));
            terms.add(Predicate.eq(HeaderField.L4_SPORT, r.port().orElseThrow()));
        });
        return Predicate.and(terms);
    }
}
