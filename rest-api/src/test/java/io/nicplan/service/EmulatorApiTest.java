package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmulatorApiTest extends ServiceTest {

    private String emulator(String description) {
        Http.Answer a = http.postJson("/api/emulators", Map.of("description", description));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("id").asText();
    }

    private String plan(String nic, int flows) throws InterruptedException {
        String id = PlanApiTest.submit(http, Workloads.request(nic, flows, "greedy"));
        PlanApiTest.awaitEnd(http, id, Duration.ofSeconds(60));
        return id;
    }

    @Test
    void anEmulatorShowsTheLayoutOfItsFlexNicDescription() {
        String id = emulator("flexnic");
        JsonNode v = http.get("/api/emulators/" + id).json();
        assertThat(v.get("nic").asText()).isEqualTo("builtin:flexnic");
        assertThat(v.get("rxQueues").asInt()).isEqualTo(32);
        assertThat(v.get("stages")).hasSize(4);
        assertThat(v.get("stages").get(0).asText()).isEqualTo("Stage0");
        assertThat(v.get("rssEntries").asInt()).isEqualTo(128);
        assertThat(v.get("flowSlots").asInt()).isEqualTo(131072);
        assertThat(v.has("configuration")).isFalse();
        assertThat(http.delete("/api/emulators/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/emulators/" + id).status()).isEqualTo(404);
    }

    @Test
    void anyShippedDescriptionCanBeEmulatedAndUnknownOnesAreRefused() {
        Http.Answer a = http.postJson("/api/emulators", Map.of("description", "builtin:intel-82599"));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().get("rxQueues").asInt()).isPositive();
        assertThat(a.json().get("stages")).isNotEmpty();
        assertThat(a.json().get("installedEntries").asInt()).isZero();
        Http.Answer unknown = http.postJson("/api/emulators", Map.of("description", "nope"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/description");
    }

    @Test
    void aPlanForAnIntelNicIsWrittenAndItsFlowsLandWherePredicted() throws Exception {
        String emulator = emulator("builtin:intel-82599");
        String plan = plan("builtin:intel-82599", 8);
        Http.Answer applied = http.put("/api/emulators/" + emulator + "/configuration", "application/json",
                Http.write(Map.of("plan", plan)));
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        assertThat(applied.json().get("committed").asBoolean()).isTrue();
        Http.Answer traffic = http.postJson("/api/emulators/" + emulator + "/traffic", Map.of("duration", "PT0.001S"));
        assertThat(traffic.status()).as(traffic.toString()).isEqualTo(200);
        assertThat(traffic.json().get("summary").get("compared").asInt()).isEqualTo(8);
        assertThat(traffic.json().get("summary").get("agreement").asDouble()).as(traffic.body()).isEqualTo(1.0);
    }

    @Test
    void aFlexNicPlansFastPathFlowsRunAsFlexTcpConnectionsInTheTrafficReport() throws Exception {
        String emulator = emulator("builtin:flexnic");
        ObjectNode request = Workloads.request("builtin:flexnic", 12, "greedy");
        ((ObjectNode) request.get("cost").get("terms")).put("fastPath", 1);
        String plan = PlanApiTest.submit(http, request);
        PlanApiTest.awaitEnd(http, plan, Duration.ofSeconds(60));
        Http.Answer applied = http.put("/api/emulators/" + emulator + "/configuration", "application/json",
                Http.write(Map.of("plan", plan)));
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);

        Http.Answer traffic = http.postJson("/api/emulators/" + emulator + "/traffic", Map.of("duration", "PT0.001S"));

        assertThat(traffic.status()).as(traffic.toString()).isEqualTo(200);
        assertThat(traffic.json().get("summary").get("agreement").asDouble()).as(traffic.body()).isEqualTo(1.0);
        List<JsonNode> connections = new ArrayList<>();
        for (JsonNode f : traffic.json().get("flows")) {
            boolean fastPath = f.path("predicted").path("fastPath").asBoolean();
            assertThat(f.has("connection")).as(f.toString()).isEqualTo(fastPath);
            if (fastPath) {
                connections.add(f);
            }
        }
        assertThat(connections).as(traffic.body()).isNotEmpty();
        for (JsonNode f : connections) {
            JsonNode c = f.get("connection");
            assertThat(c.get("bytesSent").asLong()).as(f.toString()).isEqualTo(65_536);
            assertThat(c.get("bytesDelivered").asLong()).as(f.toString()).isEqualTo(65_536);
            assertThat(c.get("byteExact").asBoolean()).as(f.toString()).isTrue();
            assertThat(c.get("slowPathSegments").asInt()).as(f.toString()).isEqualTo(2);
            assertThat(c.get("fastPathSegments").asInt()).as(f.toString()).isGreaterThanOrEqualTo(46);
            assertThat(c.get("context").asInt()).as(f.toString()).isEqualTo(f.get("predicted").get("queue").asInt());
            assertThat(c.get("matchesPlan").asBoolean()).as(f.toString()).isTrue();
            assertThat(c.has("problem")).as(f.toString()).isFalse();
            assertThat(f.get("observed").get("fastPath").asLong()).isEqualTo(c.get("fastPathSegments").asLong());
            assertThat(f.get("agree").asBoolean()).as(f.toString()).isTrue();
        }
    }

    @Test
    void verifyingChangesNothingAndApplyingTwiceWritesNothingTheSecondTime() throws Exception {
        String emulator = emulator("builtin:flexnic");
        String plan = plan("builtin:flexnic", 12);
        String body = Http.write(Map.of("plan", plan));
        Http.Answer verify = http.put("/api/emulators/" + emulator + "/configuration?verifyOnly=true", "application/json", body);
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.json().get("verifyOnly").asBoolean()).isTrue();
        assertThat(verify.json().get("updates").size()).isPositive();
        assertThat(http.get("/api/emulators/" + emulator).json().get("installedEntries").asInt()).isZero();

        JsonNode first = http.put("/api/emulators/" + emulator + "/configuration", "application/json", body).json();
        assertThat(first.get("committed").asBoolean()).isTrue();
        int written = first.get("updates").size();
        assertThat(http.get("/api/emulators/" + emulator).json().get("installedEntries").asInt()).isPositive();
        JsonNode configuration = http.get("/api/emulators/" + emulator).json().get("configuration");
        assertThat(configuration.get("plan").asText()).isEqualTo(plan);
        assertThat(configuration.get("revision").asInt()).isEqualTo(1);

        Http.Answer againAnswer = http.put("/api/emulators/" + emulator + "/configuration", "application/json", body);
        assertThat(againAnswer.status()).as(againAnswer.toString()).isEqualTo(200);
        JsonNode again = againAnswer.json();
        assertThat(again.get("committed").asBoolean()).isTrue();
        assertThat(again.get("updates").size()).as("nothing left to change of %d writes", written).isZero();
    }

    @Test
    void aPlanForAnotherNicIsRefused() throws Exception {
        String emulator = emulator("builtin:flexnic");
        String plan = plan("builtin:single-queue", 3);
        Http.Answer a = http.put("/api/emulators/" + emulator + "/configuration", "application/json",
                Http.write(Map.of("plan", plan)));
        assertThat(a.status()).as(a.toString()).isEqualTo(409);
        assertThat(a.json().get("detail").asText()).contains("builtin:single-queue");
    }

    @Test
    void trafficNeedsAConfigurationAndStaysWithinItsLimit() throws Exception {
        String emulator = emulator("builtin:flexnic");
        Http.Answer early = http.postJson("/api/emulators/" + emulator + "/traffic", Map.of());
        assertThat(early.status()).as(early.toString()).isEqualTo(409);

        String plan = plan("builtin:flexnic", 5);
        http.put("/api/emulators/" + emulator + "/configuration", "application/json", Http.write(Map.of("plan", plan)));
        Http.Answer tooMuch = http.postJson("/api/emulators/" + emulator + "/traffic",
                Map.of("duration", "PT1H", "maxPacketsPerFlow", 1_000_000));
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(413);
        assertThat(tooMuch.json().get("detail").asText()).contains("max-traffic-packets");
    }

    @Test
    void givenFlowsWithRatesAreDrivenAndCompared() throws Exception {
        String emulator = emulator("builtin:flexnic");
        String plan = plan("builtin:flexnic", 6);
        http.put("/api/emulators/" + emulator + "/configuration", "application/json", Http.write(Map.of("plan", plan)));
        // f0..f2 of the plan at other rates, and a flow the plan does not know (not compared).
        var flows = Workloads.flows(3, 42);
        flows.forEach(f -> ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("pps", 2000));
        flows.addObject().put("id", "stranger").put("proto", "udp").put("src", "10.9.9.9:5000")
                .put("dst", "10.0.0.1:11211").put("pps", 1000).put("bytes", 100);
        Http.Answer a = http.postJson("/api/emulators/" + emulator + "/traffic",
                Map.of("flows", flows, "duration", "PT0.01S"));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode summary = a.json().get("summary");
        assertThat(summary.get("flows").asInt()).isEqualTo(4);
        assertThat(summary.get("compared").asInt()).isEqualTo(3);
        assertThat(summary.get("agreement").asDouble()).isEqualTo(1.0);
        assertThat(a.json().get("flows").get(0).get("packets").asInt()).isEqualTo(20);

        Http.Answer bad = http.postJson("/api/emulators/" + emulator + "/traffic",
                Map.of("flows", java.util.List.of(Map.of("id", "x", "proto", "icmp"))));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(422);
        assertThat(bad.json().get("errors").get(0).get("pointer").asText()).startsWith("/flows/0");
    }
}
