package io.nicplan.embed.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.classify.ClassificationReport;
import io.nicplan.embed.classify.Placement;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.json.JsonDocuments;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.testing.Nics;
import io.nicplan.graph.DataflowGraph;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped example (the lead's demo) reads, classifies, embeds and renders as expected. */
class DemoExampleTest {
    private final Embedder embedder = Embedder.standard();
    private final DataflowGraph nic = Nics.intel82599();
    private final ProtocolState state = embedder.readState(Examples.memcachedState());
    private final Configuration config = embedder.readConfiguration(nic, Examples.memcached82599Config());

    @Test
    void exampleFlowsGoWhereTheFiltersSteerThem() throws Exception {
        ClassificationReport report = embedder.classify(nic, state, config);
        Map<String, Placement> byFlow = report.placements().stream().collect(Collectors.toMap(Placement::flow, p -> p));
        assertThat(state.flows()).hasSize(20);
        assertThat(byFlow.get("gold1").queue()).hasValue(4);
        assertThat(byFlow.get("gold2").queue()).hasValue(5);
        assertThat(byFlow.get("replica").queue()).hasValue(7);
        assertThat(byFlow.get("stats").queue()).hasValue(7);
        assertThat(byFlow.get("clients").queues()).containsExactly(0, 1, 2, 3);
        JsonNode json = JsonDocuments.mapper().readTree(report.toJson());
        assertThat(json.get("placements")).hasSize(20);
        assertThat(json.get("placements").get(0).get("flow").asText()).isEqualTo("gold1");
        assertThat(json.get("placements").get(0).get("queue").asInt()).isEqualTo(4);
        assertThat(json.get("placements").get(17).get("queue").isNull()).isTrue();
    }

    @Test
    void exampleEmbeddingRendersAsTextJsonAndDot() throws Exception {
        Embedding e = embedder.embed(nic, Nics.lpg(), state, config);
        QueueEmbedding q4 = e.queue(4).orElseThrow();
        // Queue 4 holds exactly one flow-director flow: its demux and classification are decided.
        assertThat(q4.removed().get("UdpEndpoints.mc_udp_local").fate()).isEqualTo(NodeFate.DECIDED);
        assertThat(q4.removed().get("Ipv4.Proto").fate()).isEqualTo(NodeFate.DECIDED);
        assertThat(q4.removed().get("Udp.ValidChecksum").fate()).isEqualTo(NodeFate.DONE_BY_NIC);
        assertThat(q4.hardware()).contains("FlowDirector", "Q4.Rx").doesNotContain("Rss");
        assertThat(q4.flows()).singleElement().satisfies(f -> {
            assertThat(f.flow()).isEqualTo("gold1");
            assertThat(f.sinks()).hasSize(1).allMatch(s -> s.startsWith("UdpEndpoints.mc_udp_local.Sockets."));
        });
        QueueEmbedding q0 = e.queue(0).orElseThrow();
        assertThat(q4.cyclesPerPacket()).isLessThan(q0.cyclesPerPacket());

        String text = Embedder.render(e, Embedder.Format.TEXT);
        assertThat(text).contains("queue 4:").contains("[done_by_nic]").contains("gold1 -> UdpEndpoints.mc_udp_local.Sockets.");
        JsonNode json = JsonDocuments.mapper().readTree(Embedder.render(e, Embedder.Format.JSON));
        assertThat(json.get("queues")).hasSize(e.queues().size());
        assertThat(json.get("unreachedQueues")).hasSize(120);
        String dot = Embedder.render(e, Embedder.Format.DOT);
        assertThat(dot).startsWith("digraph").contains("subgraph \"cluster_q4\"").contains("shape=box").contains("color=\"#1f5fbf\"");
    }
}
