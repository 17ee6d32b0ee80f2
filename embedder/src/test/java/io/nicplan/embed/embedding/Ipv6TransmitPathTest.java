package io.nicplan.embed.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.testing.Nics;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.unicorn.Unicorn;
import org.junit.jupiter.api.Test;

/**
 * The LPG's IPv6 transmit path (issue #14): a flow received over IPv6 is answered over IPv6 (no IPv4
 * header checksum; TCP/UDP checksum over the IPv6 pseudo-header, RFC 8200 8.1), and a NIC's TSO and
 * TCP/UDP checksum offloads take that work off software only where the description says they cover
 * IPv6 frames ({@code attr "tx_ipv6"}).
 */
class Ipv6TransmitPathTest {
    private static final String OFFLOADS_ON = "\"Tx.Tso\": true, \"Tx.L4Csum\": true, \"Tx.Ipv4Csum\": true, ";
    /** tcp_tx 1100 + tso 300 + tx_l4_csum 250 + ipv6_tx 300 + eth_tx 150 + tx_queue 350: no tx_ipv4_csum. */
    private static final long TCP6_SOFTWARE = 2450;
    /** udp_tx 300 + tx_l4_csum 250 + ipv6_tx 300 + eth_tx 150 + tx_queue 350. */
    private static final long UDP6_SOFTWARE = 1350;

    private final Embedder embedder = Embedder.standard();
    private final ProtocolState dualStack = embedder.readState(Examples.dualStackState());

    private Embedding embed(DataflowGraph prg, String offloads) {
        String json = Examples.memcached82599Config().replaceFirst("\\{", "{" + offloads);
        return embedder.embed(prg, Nics.lpg(), dualStack, embedder.readConfiguration(prg, json));
    }

    @Test
    void anIpv6FlowsTransmitCyclesDropWhenTsoAndChecksumOffloadAreConfigured() {
        Embedding off = embed(Nics.intel82599(), "");
        Embedding on = embed(Nics.intel82599(), OFFLOADS_ON);
        // Replies follow the family of the packet they answer: tcp6's ACKs and be6's replies go out over IPv6.
        assertThat(flow(off, "tcp6").transmitCycles()).isEqualTo(TCP6_SOFTWARE);
        assertThat(flow(off, "be6").transmitCycles()).isEqualTo(UDP6_SOFTWARE);
        assertThat(flow(off, "tcp1").transmitCycles()).isEqualTo(2490);
        // The 82599's TSO and TCP/UDP checksum cover IPv6 (NETIF_F_TSO6, IPv6 checksums).
        assertThat(flow(on, "tcp6").transmitCycles()).isEqualTo(TCP6_SOFTWARE - 300 - 250).isLessThan(flow(off, "tcp6").transmitCycles());
        assertThat(flow(on, "be6").transmitCycles()).isEqualTo(UDP6_SOFTWARE - 250);
        assertThat(flow(on, "tcp1").transmitCycles()).isEqualTo(1900);

        TransmitEmbedding t = on.transmitQueue(0).orElseThrow();
        assertThat(t.cycles("Tx.Tcp6")).isEqualTo(1900);
        assertThat(t.cycles("Tx.Udp6")).isEqualTo(1100);
        assertThat(t.removed()).containsKeys("Tx.Segment6", "Tx.L4Checksum6", "Tx.Segment", "Tx.L4Checksum", "Tx.Ipv4Checksum");
        assertThat(t.removed().get("Tx.Segment6")).contains("Tx.Tso.Offload").contains("every IPv6 frame");
        assertThat(t.software()).contains("Tx.Tcp6", "Tx.Ipv6").doesNotContain("Tx.Segment6", "Tx.L4Checksum6");
        assertThat(t.offloads()).containsExactlyInAnyOrder("tso", "tx_l4_csum", "tx_ipv4_csum");
    }

    @Test
    void anOffloadThatCoversIpv4OnlyLeavesTheIpv6PathInSoftware() {
        // The 82599 as a driver that advertised NETIF_F_TSO and NETIF_F_IP_CSUM only.
        String text = Descriptions.source("intel-82599").orElseThrow().replace("attr \"tx_ipv6\" ", "");
        DataflowGraph ipv4Only = Unicorn.parse("intel-82599-ipv4-offloads.unicorn", text, Descriptions.parseOptions())
                .graph().orElseThrow();
        Embedding on = embed(ipv4Only, OFFLOADS_ON);
        assertThat(flow(on, "tcp1").transmitCycles()).isEqualTo(1900);
        assertThat(flow(on, "tcp6").transmitCycles()).isEqualTo(TCP6_SOFTWARE);
        assertThat(flow(on, "be6").transmitCycles()).isEqualTo(UDP6_SOFTWARE);
        assertThat(on.transmitQueue(0).orElseThrow().removed()).doesNotContainKeys("Tx.Segment6", "Tx.L4Checksum6");
    }

    @Test
    void theSfc9020InsertsIpv6ChecksumsButDoesNotSegment() {
        DataflowGraph sfc = Descriptions.graph("solarflare-sfc9020");
        String config = "{\"Tx.L4Csum\": true, \"Tx.Ipv4Csum\": true, \"Queues\": [0, 1]}";
        Embedding e = embedder.embed(sfc, Nics.lpg(), dualStack, embedder.readConfiguration(sfc, config));
        assertThat(flow(e, "tcp6").transmitCycles()).isEqualTo(TCP6_SOFTWARE - 250);
        assertThat(e.transmitQueues().get(0).software()).contains("Tx.Segment6");
    }

    @Test
    void anIpv4OnlyHostHasNoIpv6TransmitPath() {
        ProtocolState ipv4 = embedder.readState(Examples.memcachedState());
        DataflowGraph lpg = embedder.lpg(Nics.lpg(), ipv4);
        assertThat(lpg.node("Tx.Tcp6")).isEmpty();
        assertThat(lpg.node("Tx.Ipv6")).isEmpty();
        // The spawns of IPv6 frames went with the path, not to Drop.
        assertThat(lpg.outgoing("Tcp.Receive")).noneMatch(edge -> edge.target().equals("Drop"));
        TransmitEmbedding t = embedder.embed(Nics.intel82599(), Nics.lpg(), ipv4,
                embedder.readConfiguration(Nics.intel82599(), Examples.memcached82599Config())).transmitQueue(0).orElseThrow();
        assertThat(t.cyclesByEntry()).containsOnlyKeys("Tx.Arp", "Tx.Icmp", "Tx.Tcp", "Tx.Udp");
    }

    private static QueueEmbedding.FlowCost flow(Embedding e, String id) {
        return e.queues().stream().flatMap(q -> q.flows().stream()).filter(f -> f.flow().equals(id)).findFirst().orElseThrow();
    }
}
