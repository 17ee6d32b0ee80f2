package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class ProblemDetailsTest extends ServiceTest {

    @Test
    void unknownPathIsA404Problem() {
        Http.Answer a = http.get("/api/nothing-here");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.isProblem()).as(a.toString()).isTrue();
        assertThat(a.json().get("status").asInt()).isEqualTo(404);
        assertThat(a.json().get("instance").asText()).isEqualTo("/api/nothing-here");
    }

    @Test
    void declaredBodyAboveTheLimitIsA413ProblemBeforeReading() {
        Http.Answer a = http.post("/api/nics", "text/plain", "x".repeat(64 * 1024 + 1));
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.isProblem()).isTrue();
        assertThat(a.json().get("detail").asText()).contains("max-body-size");
    }

    @Test
    void chunkedBodyAboveTheLimitIsA413Problem() {
        byte[] body = "y".repeat(160 * 1024).getBytes();
        // An input-stream publisher has no known length, so the client sends the body chunked.
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        Http.Answer a = http.send(HttpRequest.newBuilder(http.uri("/api/nics"))
                .header("Content-Type", "text/plain").POST(chunked));
        assertThat(a.status()).as(a.toString()).isEqualTo(413);
        assertThat(a.isProblem()).isTrue();
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        Http.Answer a = http.post("/api/plans", "application/json", "{\"nic\": \"builtin:flexnic\",\n \"strategy\": 5");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.isProblem()).isTrue();
        assertThat(a.json().get("line").asInt()).isEqualTo(2);
        assertThat(a.json().get("detail").asText()).startsWith("malformed JSON at line 2").doesNotContain("Source");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsJsonPointer() {
        Http.Answer a = http.post("/api/plans", "application/json", "{\"nic\": \"builtin:flexnic\", \"timeLimit\": [1]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("pointer").asText()).isEqualTo("/timeLimit");
    }

    @Test
    void aWrongMediaTypeIsA415Problem() {
        Http.Answer a = http.post("/api/plans", "application/xml", "<plan/>");
        assertThat(a.status()).isEqualTo(415);
        assertThat(a.isProblem()).isTrue();
    }

    @Test
    void every413HasOneProblemTypeWhicheverLayerRefuses() {
        Http.Answer body = http.post("/api/nics", "text/plain", "x".repeat(64 * 1024 + 1));      // the body filter
        Http.Answer description = http.post("/api/nics", "text/plain", "y".repeat(50 * 1024));  // the description limit
        assertThat(body.status()).isEqualTo(413);
        assertThat(description.status()).as(description.toString()).isEqualTo(413);
        assertThat(body.json().get("type").asText()).isEqualTo(description.json().get("type").asText())
                .isEqualTo("urn:nicplan:problem:too-large");
        assertThat(body.json().get("title").asText()).isEqualTo(description.json().get("title").asText());
    }

    @Test
    void aBadQueryValueIsExplainedInTheApisWordsNotJavas() {
        Http.Answer a = http.method("PUT", "/api/emulators/nope/configuration?verifyOnly=perhaps", "application/json",
                "{\"plan\": \"x\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).contains("'verifyOnly' must be true or false, not 'perhaps'")
                .doesNotContain("boolean");
    }
}
