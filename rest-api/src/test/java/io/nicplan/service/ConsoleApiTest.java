package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.draw.Graphviz;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the console stands on, without a browser: the page, the editor's check, folded pictures, search events. */
class ConsoleApiTest extends ServiceTest {

    @Test
    void theConsoleIsServedAtTheRootFromTheJar() {
        Http.Answer page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<title>nicplan console</title>", "console.js").doesNotContain("http://", "https://");
        Http.Answer script = http.get("/console.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("async function api(");
        assertThat(http.get("/samples/memcached-state.json").json().get("flows").size()).isEqualTo(20);
        assertThat(http.get("/samples/my-nic.unicorn").body()).contains("graph TwoQueue");
    }

    @Test
    void validateAnswersEveryDiagnosticAtItsLineWithoutStoringAnything() {
        int stored = http.get("/api/nics").json().size();
        Http.Answer bad = http.post("/api/nics/validate", "text/plain",
                "graph G {\n    node Wire { attr \"source\" port out[Nowhere] }\n}\n");
        assertThat(bad.status()).isEqualTo(200);
        JsonNode d = bad.json().get("diagnostics").get(0);
        assertThat(bad.json().get("ok").asBoolean()).isFalse();
        assertThat(d.get("severity").asText()).isEqualTo("error");
        assertThat(d.get("line").asInt()).isEqualTo(2);
        assertThat(d.get("column").asInt()).isPositive();
        assertThat(d.get("message").asText()).contains("Nowhere");

        Http.Answer good = http.post("/api/nics/validate", "text/plain", NicApiTest.TWO_QUEUE);
        assertThat(good.json().get("ok").asBoolean()).as(good.body()).isTrue();
        assertThat(good.json().get("summary").get("graph").asText()).isEqualTo("TwoQueue");
        assertThat(http.get("/api/nics").json().size()).isEqualTo(stored);
    }

    @Test
    void theCollapsedGraphFoldsTheQueuesAndExpandsOnDemand() {
        Http.Answer json = http.get("/api/nics/builtin:intel-82599/graph?format=json&collapse=true");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().get("format").asText()).isEqualTo("nicplan-collapsed-graph");
        assertThat(json.body()).contains("\"id\":\"Q{0..127}.Rx\"", "\"size\":128");

        Http.Answer dot = http.get("/api/nics/builtin:intel-82599/graph?format=dot&collapse=true&expand=Q*.Rx");
        assertThat(dot.contentType()).startsWith("text/vnd.graphviz");
        assertThat(dot.body()).contains("rankdir=LR", "\"Q127.Rx\"").doesNotContain("\"Q{0..127}.Rx\"");

        Http.Answer svg = http.get("/api/nics/builtin:intel-82599/graph?format=svg&collapse=true");
        if (Graphviz.available()) {
            assertThat(svg.status()).isEqualTo(200);
            assertThat(svg.contentType()).startsWith("image/svg+xml");
            assertThat(svg.body()).contains("<svg", "Q{0..127}.Rx");
        } else {
            assertThat(svg.status()).isEqualTo(501);
            assertThat(svg.isProblem()).isTrue();
        }
    }

    @Test
    void theEmbeddingDrawsAlikeQueuesOnce() throws Exception {
        String id = PlanApiTest.submit(http, Workloads.request("builtin:intel-82599", 12, "greedy"));
        PlanApiTest.awaitEnd(http, id, Duration.ofSeconds(60));
        Http.Answer full = http.get("/api/plans/" + id + "/embedding?format=dot");
        Http.Answer folded = http.get("/api/plans/" + id + "/embedding?format=dot&collapse=true");
        assertThat(folded.status()).isEqualTo(200);
        assertThat(folded.body()).contains("rankdir=LR", "label=\"queues ");
        assertThat(count(folded.body(), "subgraph")).isLessThan(count(full.body(), "subgraph"));
        assumeTrue(Graphviz.available(), "Graphviz is not installed");
        Http.Answer svg = http.get("/api/plans/" + id + "/embedding/svg?collapse=true");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.body()).contains("<svg");
    }

    @Test
    void eventsFollowASearchFromItsFirstBestPlanToItsEnd() throws Exception {
        ObjectNode request = Workloads.request("builtin:intel-82599", 20, "optaplanner");
        request.put("timeLimit", "PT2S");
        String id = PlanApiTest.submit(http, request);
        HttpResponse<String> events = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/plans/" + id + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        String stream = events.body();
        assertThat(stream).startsWith("event:status");
        assertThat(stream).contains("event:best").contains("\"total\":");
        assertThat(stream.strip()).endsWith("{\"status\":\"COMPLETED\"}");

        assertThat(count(stream, "event:best")).as("the constructed plan and the final one at least").isGreaterThanOrEqualTo(2);

        // Once ended, the stream is the events it had, and ends at once.
        String after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/plans/" + id + "/events")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(count(after, "event:best")).isEqualTo(count(stream, "event:best"));
        assertThat(after.strip()).endsWith("{\"status\":\"COMPLETED\"}");
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }
}
