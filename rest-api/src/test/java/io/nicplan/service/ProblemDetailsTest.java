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
    void dev() {
        System.out.println(http.post("/api/nics", "application/json", "{\"name\": 3, \"source\": [1]}"));
        System.out.println(http.post("/api/nics", "application/json", "{\"name\": \"x\", \"sorce\": \"a\"}"));
        System.out.println(http.post("/api/nics", "application/json", "{\"name\": \"x\", "));
        System.out.println(http.post("/api/nics", "application/json", "{\"name\": \"x\"}"));
        System.out.println(http.post("/api/nics", "application/xml", "<a/>"));
        System.out.println(http.post("/api/nics", "text/plain", "nope"));
        System.out.println(http.post("/api/nics?name=a%20b", "text/plain", "graph"));
        System.out.println(http.post("/api/nics?name=ab", "text/plain", "graph"));
        System.out.println(http.get("/api/nics"));
        System.out.println(http.method("PUT", "/api/nics", "text/plain", "x"));
        System.out.println(http.get("/api/nics/zzz/graph?format=png"));
        System.out.println(http.get("/api/nics/%ff/graph?format=png"));
        System.out.println(http.get("/v3/api-docs").status());
        System.out.println(http.get("/swagger-ui.html").status());
        System.out.println(http.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/nics")).header("Accept", "text/html").GET()));
        System.out.println(http.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/nics/zz")).header("Accept", "application/json").GET()));
        System.out.println(http.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/nics/zz")).header("Accept", "text/html").GET()));
        System.out.println(System.getProperty("surefire.test.class.path", "NONE").length());
    }
}
