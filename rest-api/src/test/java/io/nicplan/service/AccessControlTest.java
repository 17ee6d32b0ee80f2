package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Access control on every endpoint: the endpoints are read from the served OpenAPI document (and the
 * actuator's), so an endpoint added later is checked without being listed here. Without a token every
 * one answers 401, with a read token every method that writes answers 403, both as problem details; a
 * read token reads and a write token writes. The write token is configured as its SHA-256 digest, the
 * read token in plain text; neither ever reaches the log.
 */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "nicplan.security.tokens="
                + "write sha256:bb3a4f4de3cc8aba6e57f41fbeae77d99d7ce1b92fd46d0d108cc8e3befb11a2 ci-writer;"
                + " read reader-token-2b8e6d4a0c1f3e5a dashboard")
@AutoConfigureObservability(tracing = false)
@ExtendWith(OutputCaptureExtension.class)
class AccessControlTest extends ServiceTest {
    private static final String WRITE_TOKEN = "writer-token-7f3c9a1e5b2d4c6f";
    private static final String READ_TOKEN = "reader-token-2b8e6d4a0c1f3e5a";
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "patch", "delete", "options");

    /** One operation of the API document, its path variables filled with an id no resource has. */
    record Endpoint(String method, String path) {
        boolean writes() {
            return !Set.of("GET", "HEAD", "OPTIONS").contains(method);
        }
    }

    @Test
    void everyEndpointRefusesRequestsWithoutATokenAndWritesWithAReadToken(CapturedOutput output) {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("the OpenAPI document lists the API").hasSizeGreaterThan(20);
        assertThat(endpoints.stream().filter(Endpoint::writes)).hasSizeGreaterThan(8);
        for (Endpoint e : endpoints) {
            Http.Answer anonymous = send(e, null);
            assertThat(anonymous.status()).as("%s without a token: %s", e, anonymous).isEqualTo(401);
            assertThat(anonymous.isProblem()).as("%s", e).isTrue();
            assertThat(anonymous.json().get("status").asInt()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate").orElse("")).startsWith("Bearer");

            Http.Answer wrongToken = send(e, "Bearer not-a-token-of-this-service");
            assertThat(wrongToken.status()).as("%s with an unknown token", e).isEqualTo(401);
            assertThat(wrongToken.isProblem()).isTrue();

            Http.Answer asReader = send(e, "Bearer " + READ_TOKEN);
            if (e.writes()) {
                assertThat(asReader.status()).as("%s with a read token: %s", e, asReader).isEqualTo(403);
                assertThat(asReader.isProblem()).isTrue();
                assertThat(asReader.json().get("detail").asText()).contains("dashboard").contains("write token");
            } else {
                assertThat(asReader.status()).as("%s with a read token: %s", e, asReader).isNotIn(401, 403);
                Http.Answer asWriter = send(e, "Bearer " + WRITE_TOKEN);
                assertThat(asWriter.status()).as("%s with a write token: %s", e, asWriter).isNotIn(401, 403);
            }
        }
        assertThat(output.getAll()).doesNotContain(WRITE_TOKEN).doesNotContain(READ_TOKEN)
                .doesNotContain("bb3a4f4de3cc8aba6e57f41fbeae77d99d7ce1b92fd46d0d108cc8e3befb11a2");
    }

    @Test
    void aWriteTokenWrites() {
        Http.Answer a = http.send(HttpRequest.newBuilder(http.uri("/api/nics?name=tokens-test"))
                .header("Authorization", "Bearer " + WRITE_TOKEN).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("graph Broken {")));
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
    }

    @Test
    void healthIsPublicAndMetricsNeedAToken() {
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").json().get("status").asText()).isEqualTo("UP");
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        Http.Answer metrics = http.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(401);
        assertThat(metrics.isProblem()).isTrue();
        Http.Answer scraped = send(new Endpoint("GET", "/actuator/prometheus"), "Bearer " + READ_TOKEN);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("http_server_requests_seconds_count");
    }

    @Test
    void anAuthorizationHeaderThatIsNotABearerTokenIsRefused() {
        Http.Answer basic = send(new Endpoint("GET", "/api/plans"), "Basic dXNlcjpwYXNz");
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.json().get("detail").asText()).contains("Bearer");
    }

    @Test
    void theApiDocumentDeclaresTheBearerScheme() {
        JsonNode doc = http.get("/v3/api-docs").json();
        assertThat(doc.at("/components/securitySchemes/token/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/security/0").has("token")).isTrue();
    }

    private List<Endpoint> endpoints() {
        Http.Answer doc = http.get("/v3/api-docs");
        assertThat(doc.status()).as("the API document is public").isEqualTo(200);
        List<Endpoint> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.json().get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            String path = p.getKey().replaceAll("\\{[^}]+}", "no-such-id");
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    out.add(new Endpoint(m.toUpperCase(java.util.Locale.ROOT), path));
                }
            });
        }
        // The actuator's endpoints other than health are not in the API document.
        out.add(new Endpoint("GET", "/actuator/prometheus"));
        out.add(new Endpoint("GET", "/actuator"));
        return out;
    }

    private Http.Answer send(Endpoint e, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(e.path()));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (e.writes()) {
            b.header("Content-Type", "application/json");
            b.method(e.method(), HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.method(e.method(), HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b);
    }
}
