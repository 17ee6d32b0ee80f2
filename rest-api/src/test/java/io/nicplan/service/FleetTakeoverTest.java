package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17's must-show: two service processes over one real PostgreSQL; the one solving a plan is killed with
 * SIGKILL; the other takes the plan over once its lease runs out, continues from the stored best plan and finishes
 * it, and the plan's record names both holders. A job the killed instance had only queued is not lost either, and
 * a POST retried with the same Idempotency-Key on the other instance answers the same plan.
 */
class FleetTakeoverTest {
    @TempDir
    Path tmp;

    @Test
    void theSurvivorFinishesThePlanOfAnInstanceKilledWhileSolvingIt() throws Exception {
        String db = TestPostgres.freshDatabase().orElse(null);
        Assumptions.assumeTrue(db != null, TestPostgres.unavailable());
        try (ServerProcess first = instance("first", db); ServerProcess second = instance("second", db)) {
            Http one = first.http();
            Http two = second.http();

            ObjectNode retried = Workloads.request("builtin:intel-82599", 10, "greedy");
            Http.Answer original = postWithKey(first, retried, "retry-1");
            Http.Answer again = postWithKey(second, retried, "retry-1");
            assertThat(original.status()).as(original.toString()).isEqualTo(202);
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            assertThat(again.json().get("id").asText()).isEqualTo(original.json().get("id").asText());
            PlanApiTest.awaitEnd(one, original.json().get("id").asText(), Duration.ofSeconds(120));

            ObjectNode slow = Workloads.request("builtin:intel-82599", 40, "optaplanner");
            slow.put("timeLimit", "PT25S");
            String solving = PlanApiTest.submit(one, slow);
            // One search runner per instance: this one waits in the first instance's queue behind the slow one.
            String queued = PlanApiTest.submit(one, Workloads.request("builtin:intel-82599", 12, "greedy"));
            JsonNode storedBeforeKill = awaitSomePlan(one, solving);
            first.kill();

            JsonNode finished = PlanApiTest.awaitEnd(two, solving, Duration.ofSeconds(180));
            assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("COMPLETED");
            JsonNode execution = finished.get("execution");
            assertThat(execution.get("holders")).extracting(JsonNode::asText).containsExactly("first", "second");
            assertThat(execution.get("takeovers").asInt()).isEqualTo(1);
            assertThat(execution.get("solvedBy").asText()).isEqualTo("second");
            JsonNode plan = finished.get("plan");
            assertThat(plan.get("placements").size()).isEqualTo(40);
            // Continued from the stored best plan: never worse than what the killed instance had saved.
            assertThat(plan.get("feasible").asBoolean()).isTrue();
            assertThat(plan.get("cost").get("total").asLong())
                    .isLessThanOrEqualTo(storedBeforeKill.get("cost").get("total").asLong());

            JsonNode wasQueued = PlanApiTest.awaitEnd(two, queued, Duration.ofSeconds(120));
            assertThat(wasQueued.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(wasQueued.get("execution").get("solvedBy").asText()).isEqualTo("second");
            assertThat(wasQueued.get("plan").get("placements").size()).isEqualTo(12);
        }
    }

    private ServerProcess instance(String name, String db) throws Exception {
        Path data = Files.createDirectories(tmp.resolve(name));
        return ServerProcess.start(data, "--spring.datasource.url=" + db, "--spring.datasource.username=",
                "--nicplan.fleet.instance-id=" + name, "--nicplan.fleet.lease=PT3S",
                "--nicplan.fleet.claim-interval=PT0.5S", "--nicplan.limits.concurrent-searches=1");
    }

    private static Http.Answer postWithKey(ServerProcess server, JsonNode body, String key) {
        return server.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/plans"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Http.write(body))));
    }

    /** Waits until the running search has stored a plan, and returns it. */
    private static JsonNode awaitSomePlan(Http http, String id) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode v = http.get("/api/plans/" + id).json();
            seen.add(v.get("status").asText());
            if (v.has("plan") && v.get("status").asText().equals("SOLVING")) {
                return v.get("plan");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no plan stored while solving " + id + "; statuses seen " + seen);
    }
}
