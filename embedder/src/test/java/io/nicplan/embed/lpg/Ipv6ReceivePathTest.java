package io.nicplan.embed.lpg;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.embedding.Embedding;
import io.nicplan.embed.embedding.QueueEmbedding;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.testing.Nics;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The LPG's IPv6 receive path: present for a dual-stack host, absent for an IPv4-only one; ICMPv6 and ND in software. */
class Ipv6ReceivePathTest {
    private final Embedder embedder = Embedder.standard();

    @Test
    void aDualStackHostHasTheIpv6PathAndAnIpv4OnlyHostDropsIpv6() {
        DataflowGraph dual = embedder.lpg(Nics.lpg(), embedder.readState(Examples.dualStackState()));
        assertThat(dual.nodes()).extracting(Node::id).contains("Ipv6.ValidVersion", "Ipv6.Extensions", "Ipv6.Walk",
                "Icmp6.NeighborSolicitation", "Icmp6.NeighborAdvertisement", "Icmp6.Echo");
        assertThat(dual.targets("Eth.Type", "ipv6")).containsExactly("Ipv6.ValidVersion");
        assertThat(dual.targets("Ipv6.Proto", "icmp6")).containsExactly("Icmp6.ValidChecksum");
        assertThat(dual.require("Icmp6.NeighborSolicitation").attributes().isSoftware()).isTrue();

        DataflowGraph v4 = embedder.lpg(Nics.lpg(), embedder.readState(Examples.memcachedState()));
        assertThat(v4.nodes()).extracting(Node::id).noneMatch(id -> id.startsWith("Ipv6.") || id.startsWith("Icmp6."));
        assertThat(v4.targets("Eth.Type", "ipv6")).containsExactly("Drop");
    }

    @Test
    void ipv6FlowsReachTheirEndpointsThroughTheIpv6PathAndTcpAndUdpChecksums() {
        ProtocolState state = embedder.readState(Examples.dualStackState());
        DataflowGraph nic = Nics.singleQueue();
        Embedding e = embedder.embed(nic, state, embedder.readConfiguration(nic, "{}"));
        QueueEmbedding q0 = e.queue(0).orElseThrow();
        Map<String, QueueEmbedding.FlowCost> byFlow = q0.flows().stream()
                .collect(Collectors.toMap(QueueEmbedding.FlowCost::flow, f -> f));
        // gold6 goes to [2001:db8::1]:11211 (the more specific IPv6 endpoint), gold1 to the wildcard one.
        assertThat(byFlow.get("gold6").sinks()).allMatch(s -> s.startsWith("UdpEndpoints.mc_udp6."));
        assertThat(byFlow.get("gold1").sinks()).allMatch(s -> s.startsWith("UdpEndpoints.mc_udp."));
        assertThat(byFlow.get("tcp6").sinks()).allMatch(s -> s.startsWith("TcpEndpoints.mc_tcp."));
        // IPv6 skips the IPv4 header checks (IHL, TTL, header checksum) and pays its own, cheaper ones.
        assertThat(byFlow.get("gold6").cycles()).isLessThan(byFlow.get("gold1").cycles());
        assertThat(q0.softwareNodes()).contains("Ipv6.LocalIp", "Ipv6.Proto", "Icmp6.NeighborSolicitation");
    }
}
