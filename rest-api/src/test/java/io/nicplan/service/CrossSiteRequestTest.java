package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue #18, item 6: a web page the operator opens must not change the service's state (CSRF), and a
 * rebound DNS name must not reach a loopback service at all.
 */
class CrossSiteRequestTest extends ServiceTest {

    private Http.Answer postNic(String name, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri("/api/nics?name=" + name))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(NicApiTest.TWO_QUEUE));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b);
    }

    @Test
    void aTextPlainPostFromAnotherSiteIsRefusedAndNothingIsStored() {
        Http.Answer a = postNic("planted", "Origin", "http://evil.example");
        assertThat(a.status()).as(a.toString()).isEqualTo(403);
        assertThat(a.isProblem()).isTrue();
        assertThat(a.json().get("detail").asText()).contains("evil.example").contains("nicplan.access.allowed-hosts");
        assertThat(http.get("/api/nics/planted").status()).isEqualTo(404);
    }

    @Test
    void anOpaqueOriginAndASecFetchSiteCrossSiteAreRefused() {
        assertThat(postNic("planted-null", "Origin", "null").status()).isEqualTo(403);
        assertThat(postNic("planted-fetch", "Sec-Fetch-Site", "cross-site").status()).isEqualTo(403);
        Http.Answer delete = http.send(HttpRequest.newBuilder(http.uri("/api/plans/nope"))
                .header("Origin", "https://evil.example:8443").DELETE());
        assertThat(delete.status()).isEqualTo(403);
    }

    @Test
    void theServicesOwnOriginAndClientsWithoutOriginMayWrite() {
        Http.Answer own = postNic("same-origin", "Origin", "http://localhost:" + port, "Sec-Fetch-Site", "same-origin");
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        Http.Answer curl = postNic("no-origin");
        assertThat(curl.status()).as(curl.toString()).isEqualTo(201);
        assertThat(http.delete("/api/nics/" + own.json().get("id").asText()).status()).isEqualTo(204);
        assertThat(http.delete("/api/nics/" + curl.json().get("id").asText()).status()).isEqualTo(204);
    }

    @Test
    void readsFromAnotherOriginAreAnsweredButCarryNoCorsGrant() {
        Http.Answer a = http.send(HttpRequest.newBuilder(http.uri("/api/nics")).header("Origin", "http://evil.example").GET());
        assertThat(a.status()).isEqualTo(200);
        // Without Access-Control-Allow-Origin the browser hides the answer from the page.
        assertThat(a.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aForeignHostHeaderIsA400Problem() throws IOException {
        String answer = rawGet("evil.example:" + port);
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("application/problem+json").contains("evil.example").contains("allowed-hosts");
        assertThat(rawGet("localhost:" + port)).startsWith("HTTP/1.1 200");
        assertThat(rawGet("[::1]:" + port)).startsWith("HTTP/1.1 200");
    }

    /** java.net.http does not let a caller set Host, so this one request is written by hand. */
    private String rawGet(String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/nics HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
