package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Operations (docs/service.md): health and readiness, the Prometheus metrics of requests, searches and
 * emulators, and log lines naming the plan a search runner works on.
 */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.io.nicplan.service.plan=INFO",
                "spring.datasource.url=jdbc:h2:mem:operations-test;DB_CLOSE_DELAY=-1"})
@AutoConfigureObservability(tracing = false)
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest extends ServiceTest {

    @Test
    void healthAndReadinessAreUp() {
        assertThat(http.get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
        assertThat(http.get("/actuator/health/readiness").json().get("status").asText()).isEqualTo("UP");
        assertThat(http.get("/actuator/health/liveness").json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void searchesRequestsAndEmulatorPacketsAreCountedAndLogsNameThePlan(CapturedOutput output) throws Exception {
        ObjectNode request = Workloads.request("builtin:intel-82599", 8, "optaplanner");
        request.put("timeLimit", "PT60S");
        request.put("stepLimit", 20);
        String plan = PlanApiTest.submit(http, request);
        assertThat(PlanApiTest.awaitEnd(http, plan, Duration.ofSeconds(90)).get("status").asText()).isEqualTo("COMPLETED");

        String emulator = http.postJson("/api/emulators", Map.of("description", "builtin:intel-82599")).json()
                .get("id").asText();
        assertThat(http.put("/api/emulators/" + emulator + "/configuration", "application/json",
                Http.write(Map.of("plan", plan))).status()).isEqualTo(200);
        Http.Answer traffic = http.postJson("/api/emulators/" + emulator + "/traffic", Map.of("duration", "PT0.001S"));
        assertThat(traffic.status()).isEqualTo(200);
        long toQueues = traffic.json().at("/counters/toQueues").asLong();
        assertThat(toQueues).isPositive();

        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains("http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"GET\","
                        + "outcome=\"SUCCESS\",status=\"200\",uri=\"/api/plans/{id}\"}")
                .contains("nicplan_searches_queued ")
                .contains("nicplan_searches_running ")
                .contains("nicplan_searches_finished_total{status=\"COMPLETED\",strategy=\"optaplanner\"}")
                .contains("nicplan_search_time_seconds_count{status=\"COMPLETED\",strategy=\"optaplanner\"}")
                .contains("nicplan_search_improvements_total{strategy=\"optaplanner\"}")
                .containsPattern("nicplan_emulator_packets_total\\{emulator=\"" + emulator + "\",queue=\"\\d+\"} \\d");
        long packets = metrics.lines().filter(l -> l.startsWith("nicplan_emulator_packets_total{emulator=\"" + emulator))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(packets).isEqualTo(toQueues);
        assertThat(output.getAll()).containsPattern("\\[plan=" + plan + " client=[^]]*].*optaplanner search COMPLETED");

        assertThat(http.delete("/api/emulators/" + emulator).status()).isEqualTo(204);
        assertThat(http.get("/actuator/prometheus").body()).doesNotContain("emulator=\"" + emulator + "\"");
    }
}
