package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * POST /api/plans with an Idempotency-Key (docs/service.md): a retry by the same token holder answers the plan its
 * first POST created, other inputs under that key are a 422, and a key is its holder's own: another holder sending
 * the same key gets a plan of its own.
 */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "nicplan.security.tokens=write alice-token-5d1e8f0a2c4b6e71 alice;"
                + " write bob-token-9a7c5e3b1d0f2468 bob")
class IdempotencyKeyTest extends ServiceTest {
    private static final String ALICE = "alice-token-5d1e8f0a2c4b6e71";
    private static final String BOB = "bob-token-9a7c5e3b1d0f2468";

    @Test
    void aRetryWithTheSameKeyAnswersTheSamePlanAndOtherInputsUnderItAre422() throws InterruptedException {
        String key = "retry-" + UUID.randomUUID();
        JsonNode request = Workloads.request("builtin:intel-82599", 8, "greedy");
        Http.Answer first = post(ALICE, request, key);
        Http.Answer again = post(ALICE, request, key);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));

        Http.Answer other = post(ALICE, Workloads.request("builtin:intel-82599", 9, "greedy"), key);
        assertThat(other.status()).as(other.toString()).isEqualTo(422);
        assertThat(other.isProblem()).isTrue();
        assertThat(other.json().get("type").asText()).endsWith("idempotency-key-reused");
        assertThat(other.json().get("plan").asText()).isEqualTo(first.json().get("id").asText());

        Http.Answer withoutKey = http.withToken(ALICE).send(HttpRequest.newBuilder(http.uri("/api/plans"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.write(request))));
        assertThat(withoutKey.status()).as(withoutKey.toString()).isEqualTo(202);
        assertThat(withoutKey.json().get("id").asText()).isNotEqualTo(first.json().get("id").asText());
        assertThat(post(ALICE, request, "x".repeat(201)).status()).isEqualTo(400);
        awaitEnd(first, withoutKey);
    }

    @Test
    void twoHoldersSendingTheSameKeyEachGetTheirOwnPlan() throws InterruptedException {
        String key = "order-" + UUID.randomUUID();
        JsonNode request = Workloads.request("builtin:intel-82599", 8, "greedy");
        Http.Answer alices = post(ALICE, request, key);
        // Bob's inputs differ: under a global key this would be Alice's plan's 422.
        Http.Answer bobs = post(BOB, Workloads.request("builtin:intel-82599", 9, "greedy"), key);
        assertThat(alices.status()).as(alices.toString()).isEqualTo(202);
        assertThat(bobs.status()).as(bobs.toString()).isEqualTo(202);
        String alicePlan = alices.json().get("id").asText();
        String bobPlan = bobs.json().get("id").asText();
        assertThat(bobPlan).isNotEqualTo(alicePlan);

        // Each retry finds its own holder's plan.
        assertThat(post(BOB, Workloads.request("builtin:intel-82599", 9, "greedy"), key).json().get("id").asText())
                .isEqualTo(bobPlan);
        assertThat(post(ALICE, request, key).json().get("id").asText()).isEqualTo(alicePlan);
        Http.Answer bobWithAlicesInputs = post(BOB, request, key);
        assertThat(bobWithAlicesInputs.status()).as(bobWithAlicesInputs.toString()).isEqualTo(422);
        assertThat(bobWithAlicesInputs.json().get("plan").asText()).isEqualTo(bobPlan);
        awaitEnd(alices, bobs);
    }

    /**
     * Waits for the plans a test created to end, so that they do not hold the context's one search runner and its
     * short queue when the next test posts (a 429 there would be the service working as documented).
     */
    private void awaitEnd(Http.Answer... created) throws InterruptedException {
        for (Http.Answer a : created) {
            PlanApiTest.awaitEnd(http.withToken(ALICE), a.json().get("id").asText(), Duration.ofSeconds(120));
        }
    }

    private Http.Answer post(String token, JsonNode body, String key) {
        return http.withToken(token).send(HttpRequest.newBuilder(http.uri("/api/plans"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Http.write(body))));
    }
}
