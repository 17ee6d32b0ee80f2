package io.nicplan.embed.expand;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code csum_offload}: receive checksum offload. When on, two hardware nodes check the IPv4
 * header checksum ({@code implementation "ipv4_csum"}) and the TCP/UDP checksum
 * ({@code implementation "l4_csum"}) of every packet before the C-node's {@code out} targets;
 * packets that fail go to the drop sink (the NIC discards them), or, when the C-node says
 * {@code attr "csum_errors=report"}, on to the same targets as those that pass: the NIC only
 * reports the error in the receive descriptor and the host stack checks the packet itself (the
 * 82599 and ixgbe: {@code ixgbe_rx_checksum} counts the error and leaves the packet unverified).
 */
public final class CsumOffloadFunction extends OnOffFunction {
    public static final String IPV4_CSUM = "ipv4_csum";
    public static final String L4_CSUM = "l4_csum";
    /** The C-node attribute saying what the NIC does with a frame whose checksum is wrong: {@code drop} (default) or {@code report}. */
    public static final String ERRORS_ATTRIBUTE = "csum_errors";

    /** Whether the C-node's NIC passes frames with bad checksums up, flagged, instead of dropping them. */
    public static boolean reportsErrors(Node cnode) {
        return cnode.attributes().value(ERRORS_ATTRIBUTE).map("report"::equals).orElse(false);
    }

    @Override
    public String name() {
        return "csum_offload";
    }

    @Override
    Expansion expandOn(ConfigSite site, List<String> next) {
        Predicate ipv4 = Predicate.eq(HeaderField.ETH_TYPE, 0x0800);
        Predicate tcpOrUdp = Predicate.in(HeaderField.IP_PROTO, List.of(6L, 17L));
        // Only IPv4 packets carry a header checksum, only TCP and UDP an L4 one; the rest pass.
        Predicate ipOk = Predicate.or(Predicate.not(ipv4), Predicate.eq(HeaderField.IP_CSUM_OK, 1));
        Predicate l4Ok = Predicate.or(Predicate.not(Predicate.and(ipv4, tcpOrUdp)), Predicate.eq(HeaderField.L4_CSUM_OK, 1));
        String ip = site.id() + ".Ipv4Csum";
        String l4 = site.id() + ".L4Csum";
        if (reportsErrors(site.cnode())) {
            // Reported, not dropped: the units still check every packet (so the host trusts the
            // result of a good one), and every packet goes on, a failing one with its csum_ok 0.
            List<Node> units = List.of(
                    new Node(ip, NodeKind.NODE, List.of(Port.of("out")), Attributes.NONE.with(ERRORS_ATTRIBUTE + "=report"),
                            Optional.of(IPV4_CSUM), OptionalLong.empty(), Optional.empty()),
                    new Node(l4, NodeKind.NODE, List.of(Port.of("out")), Attributes.NONE.with(ERRORS_ATTRIBUTE + "=report"),
                            Optional.of(L4_CSUM), OptionalLong.empty(), Optional.empty()));
            List<Edge> through = new ArrayList<>();
            through.add(Edge.port(ip, "out", l4));
            next.forEach(t -> through.add(Edge.port(l4, "out", t)));
            return new Expansion.Fixed(site.id(), units, through, List.of(ip), List.of());
        }
        List<Node> nodes = List.of(
                new Node(ip, NodeKind.BOOLEAN, List.of(new Port(Port.TRUE, ipOk), Port.of(Port.FALSE)), Attributes.NONE,
                        Optional.of(IPV4_CSUM), OptionalLong.empty(), Optional.empty()),
                new Node(l4, NodeKind.BOOLEAN, List.of(new Port(Port.TRUE, l4Ok), Port.of(Port.FALSE)), Attributes.NONE,
                        Optional.of(L4_CSUM), OptionalLong.empty(), Optional.empty()));
        List<Edge> edges = new ArrayList<>();
        edges.add(Edge.port(ip, Port.TRUE, l4));
        next.forEach(t -> edges.add(Edge.port(l4, Port.TRUE, t)));
        site.layout().dropNode().ifPresent(d -> {
            edges.add(Edge.port(ip, Port.FALSE, d));
            edges.add(Edge.port(l4, Port.FALSE, d));
        });
        return new Expansion.Fixed(site.id(), nodes, edges, List.of(ip), List.of());
    }

    @Override
    public String unconfigured() {
        return "off: packets go straight to the C-node's out targets, checksums unchecked";
    }
}
