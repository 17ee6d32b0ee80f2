package io.nicplan.embed.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.json.JsonDocuments;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.testing.Nics;
import io.nicplan.graph.DataflowGraph;
import org.junit.jupiter.api.Test;

/**
 * The LPG's transmit path embedded against the NIC's transmit offloads: TSO and transmit checksum
 * insertion, configured on through the descriptions' {@code tx_offload} C-nodes, take their nodes'
 * cycles off every transmit queue, and off each flow's replies.
 */
class TransmitEmbeddingTest {
    private static final String OFFLOADS_ON = "\"Tx.Tso\": true, \"Tx.L4Csum\": true, \"Tx.Ipv4Csum\": true, ";
    private static final String CHECKSUMS_ON = "\"Tx.L4Csum\": true, \"Tx.Ipv4Csum\": true, ";

    private final Embedder embedder = Embedder.standard();
    private final DataflowGraph nic = Nics.intel82599();
    private final ProtocolState state = embedder.readState(Examples.memcachedState());

    private Embedding embed(DataflowGraph prg, String offloads) {
        String json = Examples.memcached82599Config().replaceFirst("\\{", "{" + offloads);
        return embedder.embed(prg, Nics.lpg(), state, embedder.readConfiguration(prg, json));
    }

    @Test
    void transmitCyclesDropWhenTsoAndChecksumOffloadAreConfigured() {
        Embedding off = embed(nic, "");
        Embedding on = embed(nic, OFFLOADS_ON);
        assertThat(off.transmitQueues()).hasSize(128);
        TransmitEmbedding before = off.transmitQueue(4).orElseThrow();
        TransmitEmbedding after = on.transmitQueue(4).orElseThrow();
        // The LPG's figures: tcp_tx 1100 + tso 300 + tx_l4_csum 250 + ipv4_tx 300 + tx_ipv4_csum 40 + eth_tx 150 + tx_queue 350.
        assertThat(before.offloads()).isEmpty();
        assertThat(before.cycles("Tx.Tcp")).isEqualTo(2490);
        assertThat(before.cycles("Tx.Udp")).isEqualTo(1390);
        assertThat(after.offloads()).containsExactlyInAnyOrder("tso", "tx_l4_csum", "tx_ipv4_csum");
        assertThat(after.cycles("Tx.Tcp")).isEqualTo(2490 - 300 - 250 - 40);
        assertThat(after.cycles("Tx.Udp")).isEqualTo(1390 - 250 - 40);
        assertThat(after.removed()).containsOnlyKeys("Tx.Segment", "Tx.L4Checksum", "Tx.Ipv4Checksum");
        assertThat(after.removed().get("Tx.Segment")).contains("Tx.Tso.Offload");
        assertThat(after.software()).doesNotContain("Tx.Segment").contains("Tx.Tcp", "Tx.Queue");
        assertThat(after.hardware()).containsSubsequence("Tx.Q4", "Tx.Tso.Offload", "Tx.L4Csum.Offload", "Tx.Ipv4Csum.Offload", "Tx.Wire");

        // Per receive queue, beside the receive figure: queue 4's replies leave on transmit queue 4.
        QueueEmbedding q4Off = off.queue(4).orElseThrow();
        QueueEmbedding q4On = on.queue(4).orElseThrow();
        assertThat(q4On.transmitQueue()).isEqualTo(4);
        assertThat(q4On.transmitCyclesPerPacket()).isEqualTo(1900).isLessThan(q4Off.transmitCyclesPerPacket());
        assertThat(q4On.cyclesPerPacket()).isEqualTo(q4Off.cyclesPerPacket());
        // Per flow: a UDP request to memcached spawns the reply (Tx.Udp), a TCP segment the ACK (Tx.Tcp).
        assertThat(flow(off, "gold1").transmitCycles()).isEqualTo(1390);
        assertThat(flow(on, "gold1").transmitCycles()).isEqualTo(1100);
        assertThat(flow(off, "tcp1").transmitCycles()).isEqualTo(2490);
        assertThat(flow(on, "tcp1").transmitCycles()).isEqualTo(1900);
        assertThat(flow(on, "tcp1").totalCycles()).isEqualTo(flow(on, "tcp1").cycles() + 1900);
    }

    @Test
    void checksumOffloadAloneLeavesSegmentationInSoftware() {
        TransmitEmbedding t = embed(nic, CHECKSUMS_ON).transmitQueue(0).orElseThrow();
        assertThat(t.offloads()).containsExactlyInAnyOrder("tx_l4_csum", "tx_ipv4_csum");
        assertThat(t.cycles("Tx.Tcp")).isEqualTo(2490 - 250 - 40);
        assertThat(t.software()).contains("Tx.Segment");
    }

    @Test
    void theSfc9020HasNoTsoToConfigure() {
        DataflowGraph sfc = Descriptions.graph("solarflare-sfc9020");
        String config = "{" + CHECKSUMS_ON + "\"Queues\": [0, 1]}";
        Embedding e = embedder.embed(sfc, Nics.lpg(), state, embedder.readConfiguration(sfc, config));
        TransmitEmbedding t = e.transmitQueues().get(0);
        assertThat(t.cycles("Tx.Tcp")).isEqualTo(2490 - 250 - 40);
        assertThatThrownBy(() -> embedder.readConfiguration(sfc, "{\"Tx.Tso\": true}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Tx.Tso");
    }

    @Test
    void aNicWithoutOffloadsLeavesTheWholeTransmitPathInSoftware() {
        Embedding e = embedder.embed(Nics.singleQueue(), Nics.lpg(), state, Configuration.EMPTY);
        assertThat(e.transmitQueues()).singleElement().satisfies(t -> {
            assertThat(t.offloads()).isEmpty();
            assertThat(t.removed()).isEmpty();
            assertThat(t.cyclesPerPacket()).isEqualTo(2490);
        });
        assertThat(e.queue(0).orElseThrow().transmitCyclesPerPacket()).isEqualTo(2490);
    }

    @Test
    void jsonAndTextShowTransmitBesideReceive() throws Exception {
        Embedding on = embed(nic, OFFLOADS_ON);
        JsonNode json = JsonDocuments.mapper().readTree(EmbeddingRenderer.json(on));
        JsonNode q4 = queueJson(json, 4);
        assertThat(q4.get("transmitQueue").asInt()).isEqualTo(4);
        assertThat(q4.get("transmitCyclesPerPacket").asLong()).isEqualTo(1900);
        assertThat(q4.get("flows").get(0).get("transmitCycles").asLong()).isEqualTo(1100);
        JsonNode t4 = json.get("transmitQueues").get(4);
        assertThat(t4.get("queue").asInt()).isEqualTo(4);
        assertThat(t4.get("cyclesByEntry").get("Tx.Tcp").asLong()).isEqualTo(1900);
        assertThat(t4.get("offloads")).hasSize(3);
        String text = EmbeddingRenderer.text(on);
        assertThat(text).contains("transmit: queue 4, 1900 cycles per frame at most")
                .contains("transmit queues 0..127: 1900 cycles per frame at most")
                .contains("gold1 -> UdpEndpoints.mc_udp_local.Sockets.").contains(" + 1100 transmit");
    }

    private static JsonNode queueJson(JsonNode json, int queue) {
        for (JsonNode q : json.get("queues")) {
            if (q.get("queue").asInt() == queue) {
                return q;
            }
        }
        throw new AssertionError("no queue " + queue);
    }

    private static QueueEmbedding.FlowCost flow(Embedding e, String id) {
        return e.queues().stream().flatMap(q -> q.flows().stream()).filter(f -> f.flow().equals(id)).findFirst().orElseThrow();
    }
}
