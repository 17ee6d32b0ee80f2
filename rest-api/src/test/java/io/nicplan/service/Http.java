package io.nicplan.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A small HTTP client for tests: real requests to the service on its port, answers as text and JSON. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Optional<ApiContract> contract;
    private final Optional<String> bearerToken;

    Http(int port) {
        this("http://127.0.0.1:" + port, Optional.empty(), Optional.empty());
    }

    private Http(String base, Optional<ApiContract> contract, Optional<String> bearerToken) {
        this.base = base;
        this.contract = contract;
        this.bearerToken = bearerToken;
    }

    /** A client that holds every answer of the API to the OpenAPI document the service serves ({@link ApiContract}). */
    static Http checked(int port) {
        return new Http("http://127.0.0.1:" + port, Optional.of(ApiContract.served(port)), Optional.empty());
    }

    /** This client, sending {@code token} as the bearer of every request. */
    Http withToken(String token) {
        return new Http(base, contract, Optional.of(token));
    }

    /** One answer: status, content type, body text. */
    record Answer(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Answer post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer postJson(String path, Object body) {
        return post(path, "application/json", write(body));
    }

    /**
     * As {@link #postJson(String, Object)}, answering a 429 (every search runner and queue slot taken, in the shared
     * test context by an earlier test's searches too) as a client should: sending again after its Retry-After, for
     * up to two minutes.
     */
    Answer postJsonAdmitted(String path, Object body) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Answer a = postJson(path, body);
        while (a.status() == 429 && System.nanoTime() < deadline) {
            long retryAfter = a.header("Retry-After").map(Long::parseLong).orElse(1L);
            try {
                Thread.sleep(Duration.ofSeconds(retryAfter).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting to send again", e);
            }
            a = postJson(path, body);
        }
        return a;
    }

    /** As {@link #postJson(String, Object)}, waiting up to {@code timeout} for an answer the service works out before it replies. */
    Answer postJson(String path, Object body, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))), timeout);
    }

    Answer put(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer method(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer send(HttpRequest.Builder request) {
        return send(request, Duration.ofSeconds(60));
    }

    private Answer send(HttpRequest.Builder request, Duration timeout) {
        try {
            bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
            HttpRequest sent = request.timeout(timeout).build();
            HttpResponse<String> r = client.send(sent, HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
            contract.ifPresent(c -> keeps(c, sent, answer));
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails the test at the exchange that breaks the contract, naming every difference. */
    private static void keeps(ApiContract contract, HttpRequest sent, Answer answer) {
        String path = sent.uri().getRawPath() + (sent.uri().getRawQuery() == null ? "" : "?" + sent.uri().getRawQuery());
        if (!ApiContract.covers(sent.method(), sent.uri().getRawPath())) {
            return;
        }
        List<String> problems = contract.check(sent.method(), path, answer.status(), answer.contentType(), answer.body());
        if (!problems.isEmpty()) {
            throw new AssertionError("the answer breaks the OpenAPI contract:\n  " + String.join("\n  ", problems)
                    + "\nanswer: " + answer);
        }
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    static String write(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
