package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/plans/{id}} answers a strong ETag and 304 to a client that holds the current one;
 * a change of the plan (a new revision) changes the answer and its tag at once.
 */
class PlanEtagTest extends ServiceTest {

    @Test
    void aPlanIsNotSentAgainUntilItChanges() throws Exception {
        String id = PlanApiTest.submit(http, Workloads.request("builtin:intel-82599", 12, "greedy"));
        PlanApiTest.awaitEnd(http, id, Duration.ofSeconds(60));

        Http.Answer first = http.get("/api/plans/" + id);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).startsWith("application/json");
        String etag = first.header("ETag").orElseThrow();
        assertThat(etag).matches("\"[A-Za-z0-9_-]{16}\"");
        assertThat(first.header("Cache-Control").orElse("")).contains("no-cache");
        Http.Answer again = http.get("/api/plans/" + id);
        assertThat(again.header("ETag")).hasValue(etag);
        assertThat(again.body()).isEqualTo(first.body());

        Http.Answer notModified = conditionalGet(id, etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(conditionalGet(id, "\"someone-elses\", " + etag).status()).isEqualTo(304);
        assertThat(conditionalGet(id, "\"someone-elses\"").status()).isEqualTo(200);

        Http.Answer changed = http.postJson("/api/plans/" + id + "/flows", Workloads.flows(1, 99, "added"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        Http.Answer after = conditionalGet(id, etag);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.header("ETag")).isPresent().get().isNotEqualTo(etag);
        JsonNode view = after.json();
        assertThat(view.get("revision").asInt()).isEqualTo(2);
        assertThat(view.at("/request/state/flows").size()).isEqualTo(13);
        assertThat(conditionalGet(id, after.header("ETag").get()).status()).isEqualTo(304);

        http.delete("/api/plans/" + id + "?discard=true");
        assertThat(conditionalGet(id, after.header("ETag").get()).status()).isEqualTo(404);
    }

    private Http.Answer conditionalGet(String id, String ifNoneMatch) {
        return http.send(HttpRequest.newBuilder(http.uri("/api/plans/" + id)).header("If-None-Match", ifNoneMatch).GET());
    }
}
