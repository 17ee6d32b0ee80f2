package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.descriptions.Descriptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The user's whole path through real HTTP: describe a NIC, plan for a host's flows, write the plan
 * into an emulated FlexNIC, drive the flows through it, and see every flow land where the plan said.
 */
class EndToEndTest extends ServiceTest {

    @Test
    void aPlanAppliedToTheEmulatorSteersEveryFlowWhereItPredicted() throws Exception {
        // The shipped FlexNIC with two small stages, so that the plan must also steer flows by RSS:
        // then the emulator's Toeplitz hash has to agree with the optimizer's as well.
        String flexnic = Descriptions.source("flexnic").orElseThrow()
                .replace("param stages = 4 in 1..16", "param stages = 2 in 1..16")
                .replace("resource ma_table_entries = 2048", "resource ma_table_entries = 8");
        assertThat(flexnic).contains("param stages = 2").contains("ma_table_entries = 8");
        Http.Answer nic = http.post("/api/nics?name=my-flexnic", "text/plain", flexnic);
        assertThat(nic.status()).as(nic.toString()).isEqualTo(201);
        String nicId = nic.json().get("id").asText();

        ObjectNode request = Workloads.request(nicId, 48, "greedy");
        // Two wildcard flows too: packets with random sources (and ports) must land where the plan says.
        com.fasterxml.jackson.databind.node.ArrayNode flows = (com.fasterxml.jackson.databind.node.ArrayNode) request.get("flows");
        flows.addObject().put("id", "scan").put("proto", "udp").put("src", "*:*").put("dst", "10.0.0.1:11211")
                .put("pps", 5000).put("bytes", 64);
        flows.addObject().put("id", "clients").put("proto", "tcp").put("src", "10.0.9.1:*").put("dst", "10.0.0.1:11211")
                .put("pps", 8000).put("bytes", 200);
        String planId = PlanApiTest.submit(http, request);
        JsonNode plan = PlanApiTest.awaitEnd(http, planId, Duration.ofSeconds(60));
        assertThat(plan.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(plan.get("plan").get("feasible").asBoolean()).isTrue();
        java.util.Set<String> mechanisms = new java.util.HashSet<>();
        plan.get("plan").get("placements").forEach(p -> mechanisms.add(p.get("mechanism").asText()
                + (p.get("fastPath").asBoolean() ? "+fastpath" : "")));
        assertThat(mechanisms).contains("match_action", "rss");

        Http.Answer emulator = http.postJson("/api/emulators", Map.of("description", nicId));
        assertThat(emulator.status()).as(emulator.toString()).isEqualTo(201);
        String emulatorId = emulator.json().get("id").asText();
        assertThat(emulator.header("Location")).hasValue("/api/emulators/" + emulatorId);

        Http.Answer verify = http.put("/api/emulators/" + emulatorId + "/configuration?verifyOnly=true",
                "application/json", Http.write(Map.of("plan", planId)));
        assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
        assertThat(verify.json().get("committed").asBoolean()).isFalse();
        verify.json().get("updates").forEach(u -> assertThat(u.get("status").asText()).isEqualTo("OK"));
        assertThat(http.get("/api/emulators/" + emulatorId).json().get("installedEntries").asInt()).isZero();

        Http.Answer applied = http.put("/api/emulators/" + emulatorId + "/configuration", "application/json",
                Http.write(Map.of("plan", planId)));
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        assertThat(applied.json().get("committed").asBoolean()).isTrue();
        assertThat(applied.json().get("updates").size()).isPositive();
        applied.json().get("updates").forEach(u -> assertThat(u.get("status").asText()).isEqualTo("OK"));

        Http.Answer traffic = http.postJson("/api/emulators/" + emulatorId + "/traffic",
                Map.of("duration", "PT0.01S", "maxPacketsPerFlow", 50));
        assertThat(traffic.status()).as(traffic.toString()).isEqualTo(200);
        JsonNode summary = traffic.json().get("summary");
        assertThat(summary.get("compared").asInt()).isEqualTo(50);
        assertThat(summary.get("agreement").asDouble()).as(traffic.body()).isEqualTo(1.0);
        for (JsonNode f : traffic.json().get("flows")) {
            assertThat(f.get("agree").asBoolean()).as(f.toString()).isTrue();
        }
        // fastPath flows ran as FlexTCP connections: their data segments went to the fast path, not to a queue,
        // and each connection's peer asked for the host's MAC address once (ARP) before its SYN.
        long connections = 0;
        long onFastPath = 0;
        for (JsonNode f : traffic.json().get("flows")) {
            if (f.has("connection")) {
                connections++;
                onFastPath += f.get("connection").get("fastPathSegments").asLong();
                assertThat(f.get("connection").get("matchesPlan").asBoolean()).as(f.toString()).isTrue();
            }
        }
        JsonNode counters = http.get("/api/emulators/" + emulatorId + "/counters").json();
        long arp = counters.get("rxFrames").asLong() - summary.get("packets").asLong();
        assertThat(arp).isBetween(connections == 0 ? 0L : 1L, connections);
        assertThat(counters.get("toFastPath").asLong()).isEqualTo(onFastPath);
        assertThat(counters.get("toQueues").asLong()).isEqualTo(summary.get("packets").asLong() - onFastPath + arp);

        Http.Answer pcap = http.get("/api/emulators/" + emulatorId + "/pcap");
        assertThat(pcap.status()).isEqualTo(200);
        assertThat(pcap.contentType()).isEqualTo("application/vnd.tcpdump.pcap");
        assertThat(pcap.raw().body().length()).isGreaterThan(24);
    }
}
