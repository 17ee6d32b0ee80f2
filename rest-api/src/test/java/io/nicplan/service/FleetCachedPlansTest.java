package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue #17: two instances over one PostgreSQL each keep the plans they served in memory (the ended-job cache and the
 * rendered answers with their ETags); a change or delete made through one is seen through the other at its next read,
 * never the copy it kept (docs/service.md "Cached plans on several instances").
 */
class FleetCachedPlansTest {
    @TempDir
    Path tmp;

    @Test
    void aChangeAndADeleteOnOneInstanceAreSeenOnTheOtherAtOnce() throws Exception {
        String url = TestPostgres.freshDatabase().orElse(null);
        Assumptions.assumeTrue(url != null, TestPostgres.unavailable());
        try (ConfigurableApplicationContext a = InProcessInstance.start(tmp, "a", url);
             ConfigurableApplicationContext b = InProcessInstance.start(tmp, "b", url)) {
            Http onA = InProcessInstance.http(a);
            Http onB = InProcessInstance.http(b);
            String id = PlanApiTest.submit(onA, Workloads.request("builtin:intel-82599", 10, "greedy"));
            assertThat(PlanApiTest.awaitEnd(onA, id, Duration.ofSeconds(120)).get("status").asText())
                    .isEqualTo("COMPLETED");

            // B reads the ended plan twice: the second answer is its kept copy (same tag, 304 on If-None-Match).
            Http.Answer first = onB.get("/api/plans/" + id);
            String tag = first.header("ETag").orElseThrow();
            assertThat(first.json().get("revision").asInt()).isEqualTo(1);
            assertThat(ifNoneMatch(onB, id, tag).status()).isEqualTo(304);

            // A changes the plan (a new revision with three more flows): B answers the new one, with a new tag.
            Http.Answer added = onA.postJson("/api/plans/" + id + "/flows", Workloads.flows(3, 7, "new"));
            assertThat(added.status()).as(added.toString()).isEqualTo(200);
            Http.Answer changed = ifNoneMatch(onB, id, tag);
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            JsonNode view = changed.json();
            assertThat(view.get("revision").asInt()).isEqualTo(2);
            assertThat(changed.header("ETag").orElseThrow()).isNotEqualTo(tag);
            assertThat(changed.body()).isEqualTo(onA.get("/api/plans/" + id).body());
            String changedTag = changed.header("ETag").orElseThrow();
            assertThat(ifNoneMatch(onB, id, changedTag).status()).isEqualTo(304);

            // A deletes it: B no longer has it, whether asked for the document, its status or with its tag.
            assertThat(onA.delete("/api/plans/" + id + "?discard=true").status()).isEqualTo(204);
            Http.Answer gone = ifNoneMatch(onB, id, changedTag);
            assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
            assertThat(gone.isProblem()).isTrue();
            assertThat(onB.get("/api/plans/" + id).status()).isEqualTo(404);
            assertThat(onB.get("/api/plans/" + id + "/status").status()).isEqualTo(404);
        }
    }

    private static Http.Answer ifNoneMatch(Http http, String id, String tag) {
        return http.send(HttpRequest.newBuilder(http.uri("/api/plans/" + id))
                .header("If-None-Match", tag).GET());
    }
}
