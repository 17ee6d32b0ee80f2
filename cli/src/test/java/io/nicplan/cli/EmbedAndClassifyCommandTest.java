package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.embed.Examples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedAndClassifyCommandTest {
    @TempDir
    static Path dir;
    static Path state;
    static Path config;

    @BeforeAll
    static void writeExamples() throws Exception {
        state = Files.writeString(dir.resolve("state.json"), Examples.memcachedState(), StandardCharsets.UTF_8);
        config = Files.writeString(dir.resolve("config.json"), Examples.memcached82599Config(), StandardCharsets.UTF_8);
    }

    @Test
    void classifyPrintsOnePlacementPerFlowWithTheQueueItsFilterNames() throws Exception {
        CliRun run = CliRun.of("classify", "--nic", "builtin:intel-82599", "--state", state.toString(), "--config", config.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode placements = Json.MAPPER.readTree(run.out()).path("placements");
        JsonNode flows = Json.MAPPER.readTree(Examples.memcachedState()).path("flows");
        assertThat(placements.size()).isEqualTo(flows.size());
        for (JsonNode p : placements) {
            assertThat(p.path("queues").size()).isPositive();
            if (p.path("queues").size() == 1) {
                assertThat(p.path("queue").asInt()).isEqualTo(p.path("queues").get(0).asInt());
            }
        }
    }

    @Test
    void embeddingWithFiltersLeavesLessSoftwareThanWithout() throws Exception {
        CliRun without = CliRun.of("embed", "--nic", "builtin:intel-82599", "--state", state.toString(), "--format", "json");
        CliRun with = CliRun.of("embed", "--nic", "builtin:intel-82599", "--state", state.toString(), "--config", config.toString(), "--format", "json");
        assertThat(without.exitCode()).as(without.err()).isZero();
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(Json.MAPPER.readTree(with.out()).toString()).isNotEqualTo(Json.MAPPER.readTree(without.out()).toString());
        CliRun dot = CliRun.of("embed", "--nic", "builtin:intel-82599", "--state", state.toString(), "--format", "dot");
        assertThat(dot.out()).startsWith("digraph");
    }

    @Test
    void embedReportsTransmitCyclesBesideReceiveAndTheOffloadsLowerThem() throws Exception {
        Path offloads = Files.writeString(dir.resolve("tx-config.json"), Examples.memcached82599Config()
                .replaceFirst("\\{", "{\"Tx.Tso\": true, \"Tx.L4Csum\": true, \"Tx.Ipv4Csum\": true, "), StandardCharsets.UTF_8);
        CliRun off = CliRun.of("embed", "--nic", "builtin:intel-82599", "--state", state.toString(), "--config", config.toString(),
                "--format", "json");
        CliRun on = CliRun.of("embed", "--nic", "builtin:intel-82599", "--state", state.toString(), "--config", offloads.toString(),
                "--format", "json");
        assertThat(on.exitCode()).as(on.err()).isZero();
        JsonNode before = Json.MAPPER.readTree(off.out());
        JsonNode after = Json.MAPPER.readTree(on.out());
        JsonNode q0Before = before.path("queues").get(0);
        JsonNode q0After = after.path("queues").get(0);
        assertThat(q0After.path("transmitQueue").asInt()).isEqualTo(q0After.path("queue").asInt());
        assertThat(q0After.path("transmitCyclesPerPacket").asLong()).isEqualTo(1900)
                .isLessThan(q0Before.path("transmitCyclesPerPacket").asLong());
        assertThat(after.path("transmitQueues").get(0).path("cyclesByEntry").path("Tx.Udp").asLong()).isEqualTo(1100);
        CliRun text = CliRun.of("embed", "--nic", "builtin:intel-82599", "--state", state.toString(), "--config", offloads.toString());
        assertThat(text.out()).contains("transmit queues 0..127: 1900 cycles per frame at most", "offloads: tso");
    }

    @Test
    void badStateNamesTheJsonPointerAndExitsWithOne() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"),
                "{\"flows\":[{\"id\":\"f\",\"proto\":\"udp\",\"src\":\"10.0.0.2:5\",\"dst\":\"10.0.0.1:70000\",\"pps\":1,\"bytes\":64}]}");
        CliRun run = CliRun.of("classify", "--nic", "builtin:intel-82599", "--state", bad.toString(), "--json");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("/flows/0/dst").contains("70000").doesNotContain("Exception");
    }

    @Test
    void overCapacityConfigurationNamesTheNodeResourceAndLimit() throws Exception {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            entries.append(i == 0 ? "" : ",").append("{\"eth_type\":").append(0x88F7 + i).append(",\"queue\":1}");
        }
        Path tooMany = Files.writeString(dir.resolve("too-many.json"), "{\"EtherType\":[" + entries + "]}");
        CliRun run = CliRun.of("classify", "--nic", "builtin:intel-82599", "--state", state.toString(), "--config", tooMany.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("EtherType").contains("8").doesNotContain("Exception");
    }
}
