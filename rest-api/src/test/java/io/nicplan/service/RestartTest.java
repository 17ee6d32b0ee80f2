package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the service as a process of its own over a data folder, kills it with SIGKILL (no shutdown
 * hooks, no clean database close) and starts it again on the same folder: what was answered
 * before the kill is still there, and a search the kill cut short goes on.
 */
class RestartTest {

    @TempDir
    Path tmp;

    @Test
    void everythingAnsweredBeforeAKill9IsThereAfterARestart() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        String nicId;
        JsonNode nicBefore;
        String completedId;
        JsonNode completedBefore;
        String runningId;
        JsonNode runningPlanBefore;
        String emulatorId;
        String emulatedPlanId;
        try (ServerProcess first = ServerProcess.start(data)) {
            Http http = first.http();
            Http.Answer created = http.post("/api/nics?name=two-queue", "text/plain", NicApiTest.TWO_QUEUE);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            nicId = created.json().get("id").asText();
            nicBefore = http.get("/api/nics/" + nicId).json();

            completedId = PlanApiTest.submit(http, Workloads.request("builtin:intel-82599", 30, "greedy"));
            completedBefore = PlanApiTest.awaitEnd(http, completedId, Duration.ofSeconds(60));
            assertThat(completedBefore.get("status").asText()).isEqualTo("COMPLETED");

            emulatedPlanId = PlanApiTest.submit(http, Workloads.request("builtin:flexnic", 12, "greedy"));
            PlanApiTest.awaitEnd(http, emulatedPlanId, Duration.ofSeconds(60));
            emulatorId = http.postJson("/api/emulators", Map.of("description", "builtin:flexnic")).json().get("id").asText();
            Http.Answer applied = http.put("/api/emulators/" + emulatorId + "/configuration", "application/json",
                    Http.write(Map.of("plan", emulatedPlanId)));
            assertThat(applied.status()).as(applied.toString()).isEqualTo(200);

            ObjectNode slow = Workloads.request("builtin:intel-82599", 40, "optaplanner");
            slow.put("timeLimit", "PT120S");
            runningId = PlanApiTest.submit(http, slow);
            runningPlanBefore = awaitSomePlan(http, runningId);
            first.kill();
        }
        try (ServerProcess second = ServerProcess.start(data)) {
            Http http = second.http();
            Http.Answer nic = http.get("/api/nics/" + nicId);
            assertThat(nic.status()).as(nic.toString()).isEqualTo(200);
            assertThat(nic.json()).isEqualTo(nicBefore);
            assertThat(http.get("/api/nics/" + nicId + "/graph?format=dot").body()).contains("\"Filters\"");

            assertThat(http.get("/api/plans/" + completedId).json()).isEqualTo(completedBefore);

            // The search the kill cut short is resumed (only this process can open the embedded database, so
            // whoever held the job is gone): taken over from the killed process, from its stored best plan.
            JsonNode resumed = awaitTakeover(http, runningId);
            assertThat(resumed.get("status").asText()).isIn("SOLVING", "COMPLETED");
            assertThat(resumed.get("execution").get("holders").size()).isEqualTo(2);
            assertThat(resumed.get("plan").get("placements").size())
                    .isEqualTo(runningPlanBefore.get("placements").size());

            JsonNode emulator = http.get("/api/emulators/" + emulatorId).json();
            assertThat(emulator.get("configuration").get("plan").asText()).isEqualTo(emulatedPlanId);
            assertThat(emulator.get("restored").get("committed").asBoolean()).isTrue();
            assertThat(emulator.get("installedEntries").asInt()).isPositive();
            JsonNode traffic = http.postJson("/api/emulators/" + emulatorId + "/traffic", Map.of("duration", "PT0.001S"))
                    .json();
            assertThat(traffic.get("summary").get("agreement").asDouble()).isEqualTo(1.0);
        }
    }

    /** Waits until the restarted service has taken the job over, and returns its view. */
    private static JsonNode awaitTakeover(Http http, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode v = null;
        while (System.nanoTime() < deadline) {
            v = http.get("/api/plans/" + id).json();
            if (v.get("execution").get("takeovers").asInt() == 1) {
                return v;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("plan " + id + " was not resumed: " + v);
    }

    /** Waits until a running search has saved a plan, and returns it. */
    private static JsonNode awaitSomePlan(Http http, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode v = http.get("/api/plans/" + id).json();
            if (v.has("plan")) {
                assertThat(v.get("status").asText()).isEqualTo("SOLVING");
                return v.get("plan");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no plan saved for " + id);
    }
}
