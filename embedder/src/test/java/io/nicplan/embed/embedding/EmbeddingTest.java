package io.nicplan.embed.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.lpg.LpgBuilder;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.embed.testing.Nics;
import io.nicplan.embed.testing.Solvers;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Hand-checked embeddings of the shipped LPG template into shipped NICs. */
class EmbeddingTest {
    private static final ProtocolState STATE = ProtocolStateJson.read("""
            {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1"]}],
             "applications": [{"name": "mc", "cores": [0, 1]}, {"name": "dns", "cores": [2]}, {"name": "web", "cores": [3]}],
             "endpoints": [
               {"name": "mc", "proto": "udp", "local": "*:11211", "application": "mc", "sockets": [{"core": 0}, {"core": 1}]},
               {"name": "dns", "proto": "udp", "local": "10.0.0.1:53", "application": "dns", "sockets": [{"core": 2}]},
               {"name": "http", "proto": "tcp", "local": "*:80", "application": "web", "sockets": [{"core": 3}]}
             ],
             "flows": [
               {"id": "m1", "proto": "udp", "src": "10.0.1.1:4000", "dst": "10.0.0.1:11211", "pps": 1000, "bytes": 64},
               {"id": "d1", "proto": "udp", "src": "10.0.1.1:4000", "dst": "10.0.0.1:53", "pps": 1000, "bytes": 64},
               {"id": "h1", "proto": "tcp", "src": "10.0.1.1:4000", "dst": "10.0.0.1:80", "pps": 1000, "bytes": 64}
             ]}
            """);

    private final Embedder embedder = Solvers.embedder();

    private Embedding embed(DataflowGraph nic, String config) {
        return embedder.embed(nic, Nics.lpg(), STATE, embedder.readConfiguration(nic, config));
    }

    /** The receive nodes of the LPG built for the state: everything a packet from Rx.Queue can reach. */
    private static Set<String> receiveNodes() {
        DataflowGraph lpg = LpgBuilder.build(Nics.lpg(), STATE);
        return lpg.nodes().stream().filter(n -> !n.attributes().has("transmit") && !n.id().startsWith("Tx."))
                .map(Node::id).collect(Collectors.toSet());
    }

    @Test
    void anInterruptedThreadStopsTheEmbeddingWithACancellation() {
        DataflowGraph nic = Nics.singleQueue();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> embed(nic, "{}")).isInstanceOf(CancellationException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is left for the caller to see").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(embed(nic, "{}").queues()).hasSize(1);
    }

    @Test
    void singleQueueNicLeavesTheWholeReceiveLpgInSoftware() {
        Embedding e = embed(Nics.singleQueue(), "{}");
        assertThat(e.queues()).hasSize(1);
        QueueEmbedding q0 = e.queue(0).orElseThrow();
        // The NIC's CRC check drops bad frames, so only the driver's frame check is decided, and
        // the nor behind the only TCP endpoint folds to a pass-through (its one input is always
        // false); every other receive node, checksums and demux included, runs in software.
        Set<String> removed = Set.of("Eth.ValidFrame", "TcpEndpoints.NoEndpoint");
        Set<String> expected = receiveNodes().stream().filter(id -> !removed.contains(id)).collect(Collectors.toSet());
        assertThat(Set.copyOf(q0.softwareNodes())).as("software nodes; removed: %s", q0.removed()).isEqualTo(expected);
        assertThat(q0.removed()).containsOnlyKeys(removed);
        assertThat(q0.removed().values()).extracting(QueueEmbedding.Removal::fate).containsOnly(NodeFate.DECIDED);
        assertThat(q0.pipeline().targets("TcpEndpoints.http", "false")).containsExactly("Tcp.NoSocket");
        assertThat(q0.flows()).extracting(QueueEmbedding.FlowCost::flow).containsExactly("m1", "d1", "h1");
    }

    @Test
    void checksumOffloadRemovesTheChecksumNodes() {
        QueueEmbedding q0 = embed(Nics.singleQueue(), "{\"CsumOffload\": true}").queue(0).orElseThrow();
        assertThat(q0.softwareNodes()).doesNotContain("Ipv4.ValidChecksum", "Udp.ValidChecksum", "Tcp.ValidChecksum");
        assertThat(q0.removed()).containsKeys("Ipv4.ValidChecksum", "Udp.ValidChecksum", "Tcp.ValidChecksum");
        QueueEmbedding without = embed(Nics.singleQueue(), "{}").queue(0).orElseThrow();
        assertThat(without.cyclesPerPacket() - q0.cyclesPerPacket()).as("IPv4 (60) and L4 (250) checksum cycles saved").isEqualTo(310);
    }

    @Test
    void fiveTupleFilterForOneEndpointMakesThatQueuesDemuxRedundant() {
        Embedding e = embed(Nics.intel82599(), """
                {"FiveTuple": [{"proto": "udp", "dst_port": 11211, "priority": 5, "queue": 3}]}
                """);
        QueueEmbedding q3 = e.queue(3).orElseThrow();
        assertThat(q3.removed().get("UdpEndpoints.mc").fate()).isEqualTo(NodeFate.DECIDED);
        assertThat(q3.removed().get("Ipv4.Proto").fate()).isEqualTo(NodeFate.DECIDED);
        assertThat(q3.removed().get("Eth.Type").fate()).isEqualTo(NodeFate.DECIDED);
        assertThat(q3.softwareNodes()).doesNotContain("UdpEndpoints.dns", "UdpEndpoints.NoEndpoint", "TcpEndpoints.http", "Arp.Classify")
                .contains("UdpEndpoints.mc.Balance", "UdpEndpoints.mc.Sockets.s0", "UdpEndpoints.mc.Sockets.s1", "Udp.ValidChecksum");
        assertThat(q3.flows()).extracting(QueueEmbedding.FlowCost::flow).containsExactly("m1");
        // Queue 0 still gets everything else and keeps the demux, but no packet for 11211/udp.
        QueueEmbedding q0 = e.queue(0).orElseThrow();
        assertThat(q0.softwareNodes()).contains("UdpEndpoints.dns", "TcpEndpoints.http", "Ipv4.Proto").doesNotContain("UdpEndpoints.mc");
        assertThat(q0.removed().get("UdpEndpoints.mc").fate()).isEqualTo(NodeFate.DECIDED);
        assertThat(q0.pipeline().packetInputs("UdpEndpoints.NoEndpoint")).extracting(io.nicplan.graph.Edge::source)
                .containsExactly("UdpEndpoints.dns");
        assertThat(e.unreachedQueues()).hasSize(126);
    }

    @Test
    void overlappingEndpointsResolveByPrecedence() {
        ProtocolState state = ProtocolStateJson.read("""
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1", "10.0.0.2"]}],
                 "applications": [{"name": "dns", "cores": [0]}],
                 "endpoints": [
                   {"name": "any53", "proto": "udp", "local": "*:53", "application": "dns", "sockets": [{"core": 0}]},
                   {"name": "local53", "proto": "udp", "local": "10.0.0.1:53", "application": "dns", "sockets": [{"core": 0}]},
                   {"name": "peer53", "proto": "udp", "local": "10.0.0.1:53", "remote": "10.0.0.9:5000", "application": "dns",
                    "sockets": [{"core": 0}]}
                 ],
                 "flows": [
                   {"id": "peer", "proto": "udp", "src": "10.0.0.9:5000", "dst": "10.0.0.1:53", "pps": 1, "bytes": 64},
                   {"id": "other", "proto": "udp", "src": "10.0.0.8:5000", "dst": "10.0.0.1:53", "pps": 1, "bytes": 64},
                   {"id": "second", "proto": "udp", "src": "10.0.0.9:5000", "dst": "10.0.0.2:53", "pps": 1, "bytes": 64}
                 ]}
                """);
        DataflowGraph nic = Nics.intel82599();
        Configuration c = embedder.readConfiguration(nic, """
                {"FiveTuple": [{"proto": "udp", "src_ip": "10.0.0.9", "src_port": 5000, "dst_ip": "10.0.0.1", "dst_port": 53,
                                "priority": 7, "queue": 1},
                               {"proto": "udp", "dst_ip": "10.0.0.1", "dst_port": 53, "priority": 6, "queue": 2},
                               {"proto": "udp", "dst_port": 53, "priority": 5, "queue": 3}]}
                """);
        Embedding e = embedder.embed(nic, Nics.lpg(), state, c);
        // Queue 1 gets only the connected peer's packets: the most specific endpoint, decided.
        QueueEmbedding q1 = e.queue(1).orElseThrow();
        assertThat(q1.removed().get("UdpEndpoints.peer53").fate()).isEqualTo(NodeFate.DECIDED);
        assertThat(q1.removed().get("UdpEndpoints.local53").fate()).isEqualTo(NodeFate.DEAD_END);
        assertThat(q1.removed().get("UdpEndpoints.any53").fate()).isEqualTo(NodeFate.DEAD_END);
        assertThat(q1.flows()).singleElement().satisfies(f -> assertThat(f.sinks()).containsExactly("UdpEndpoints.peer53.Sockets.s0"));
        // Queue 2: 10.0.0.1:53 but not the peer: the address-specific endpoint, decided.
        QueueEmbedding q2 = e.queue(2).orElseThrow();
        assertThat(q2.removed().get("UdpEndpoints.local53").fate()).isEqualTo(NodeFate.DECIDED);
        assertThat(q2.flows()).singleElement().satisfies(f -> assertThat(f.sinks()).containsExactly("UdpEndpoints.local53.Sockets.s0"));
        // Queue 3: port 53 on the other address: only the wildcard endpoint is left.
        QueueEmbedding q3 = e.queue(3).orElseThrow();
        assertThat(q3.removed().get("UdpEndpoints.any53").fate()).isEqualTo(NodeFate.DECIDED);
        assertThat(q3.flows()).singleElement().satisfies(f -> assertThat(f.sinks()).containsExactly("UdpEndpoints.any53.Sockets.s0"));
    }

    @Test
    void flexTcpFastPathTakesTcpReceiveOffTheHost() {
        DataflowGraph nic = Nics.flexnic();
        Embedding e = embed(nic, """
                {"Stage0": [{"priority": 10, "proto": "tcp", "dst_port": 80, "action": "fastpath"}],
                 "FastPath": [{"src_ip": "10.0.1.1", "dst_ip": "10.0.0.1", "src_port": 4000, "dst_port": 80, "queue": 5}]}
                """);
        QueueEmbedding q5 = e.queue(5).orElseThrow();
        assertThat(q5.removed().get("Tcp.Receive").fate()).isEqualTo(NodeFate.DONE_BY_NIC);
        assertThat(q5.flows()).extracting(QueueEmbedding.FlowCost::flow).containsExactly("h1");
        // The fast path sends the ACK itself: nothing of h1's is transmitted in software.
        assertThat(q5.flows().get(0).transmitCycles()).isZero();
        QueueEmbedding q0 = e.queue(0).orElseThrow();
        assertThat(q0.softwareNodes()).contains("Tcp.Receive");
    }

    @Test
    void embeddingIsTheSameForAnyProcessingOrder() {
        DataflowGraph nic = Nics.intel82599();
        Configuration c = embedder.readConfiguration(nic, """
                {"CsumOffload": true,
                 "FiveTuple": [{"proto": "udp", "dst_port": 11211, "priority": 5, "queue": 3},
                               {"proto": "tcp", "priority": 2, "queue": 4}],
                 "FlowDirector": [{"proto": "udp", "src_ip": "10.0.1.1", "dst_ip": "10.0.0.1", "src_port": 4000, "dst_port": 53,
                                   "queue": 2}],
                 "Rss": {"hash": "ipv4_udp", "table": [%s]}}
                """.formatted("0, 1, ".repeat(63) + "0, 1"));
        Embedding reference = embedder.embed(nic, Nics.lpg(), STATE, c);
        String json = EmbeddingRenderer.json(reference);
        for (long seed : List.of(1L, 2L, 3L, 4L, 5L)) {
            Embedding shuffled = embedder.embed(nic, Nics.lpg(), STATE, c, EmbeddingOptions.shuffled(seed));
            assertThat(shuffled).as("seed %d", seed).isEqualTo(reference);
            assertThat(EmbeddingRenderer.json(shuffled)).isEqualTo(json);
        }
    }

    @Test
    void embeddingOnlyTheQueuesFlowsLandOnLeavesEachOfThemAsItWas() {
        DataflowGraph nic = Nics.intel82599();
        Configuration c = embedder.readConfiguration(nic, """
                {"CsumOffload": true,
                 "FiveTuple": [{"proto": "tcp", "priority": 2, "queue": 4}],
                 "FlowDirector": [{"proto": "udp", "src_ip": "10.0.1.1", "dst_ip": "10.0.0.1", "src_port": 4000, "dst_port": 53,
                                   "queue": 2}],
                 "Rss": {"hash": "ipv4_udp", "table": [%s]}}
                """.formatted("0, 1, ".repeat(63) + "0, 1"));
        Embedding all = embedder.embed(nic, Nics.lpg(), STATE, c);
        Set<Integer> withFlows = all.queues().stream().filter(q -> !q.flows().isEmpty()).map(QueueEmbedding::queue)
                .collect(Collectors.toSet());
        assertThat(withFlows).isNotEmpty();
        assertThat(all.queues()).hasSizeGreaterThan(withFlows.size());
        for (EmbeddingOptions options : List.of(EmbeddingOptions.defaults(), EmbeddingOptions.shuffled(7))) {
            Embedding some = embedder.embed(nic, Nics.lpg(), STATE, c, options.withFlowQueuesOnly());
            assertThat(some.queues()).extracting(QueueEmbedding::queue).containsExactlyInAnyOrderElementsOf(withFlows);
            for (QueueEmbedding q : some.queues()) {
                assertThat(q).isEqualTo(all.queue(q.queue()).orElseThrow());
            }
            assertThat(some.unreachedQueues()).isEmpty();
        }
    }
}
