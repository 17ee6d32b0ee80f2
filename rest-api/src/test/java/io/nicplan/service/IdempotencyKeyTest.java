package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /api/plans with an Idempotency-Key: a retry answers the plan the first POST created (docs/service.md). */
class IdempotencyKeyTest extends ServiceTest {

    @Test
    void aRetryWithTheSameKeyAnswersTheSamePlanAndOtherInputsUnderItAre422() {
        String key = "retry-" + UUID.randomUUID();
        JsonNode request = Workloads.request("builtin:intel-82599", 8, "greedy");
        Http.Answer first = post(request, key);
        Http.Answer again = post(request, key);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));

        Http.Answer other = post(Workloads.request("builtin:intel-82599", 9, "greedy"), key);
        assertThat(other.status()).as(other.toString()).isEqualTo(422);
        assertThat(other.json().get("type").asText()).endsWith("idempotency-key-reused");
        assertThat(other.json().get("plan").asText()).isEqualTo(first.json().get("id").asText());

        Http.Answer withoutKey = http.postJson("/api/plans", request);
        assertThat(withoutKey.json().get("id").asText()).isNotEqualTo(first.json().get("id").asText());
        assertThat(post(request, "x".repeat(201)).status()).isEqualTo(400);
    }

    private Http.Answer post(JsonNode body, String key) {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/plans"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Http.write(body))));
    }
}
