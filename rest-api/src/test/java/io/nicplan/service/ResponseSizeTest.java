package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue #18, "response sizes": a graph whose rendering passes {@code nicplan.limits.max-response-size}
 * is refused with a 422 problem naming the limit, rendering stopped at the limit rather than built
 * whole. Here the limit is 64 KB, above the single-queue NIC's graph and below the Intel X710's.
 */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"nicplan.limits.max-response-size=64KB",
                "spring.datasource.url=jdbc:h2:mem:response-size-test;DB_CLOSE_DELAY=-1"})
class ResponseSizeTest extends ServiceTest {

    @Test
    void aGraphLargerThanTheResponseLimitIsRefusedNamingTheLimit() {
        for (String format : new String[] {"dot", "json"}) {
            Http.Answer a = http.get("/api/nics/builtin:intel-x710/graph?format=" + format);
            assertThat(a.status()).as(a.toString()).isEqualTo(422);
            assertThat(a.isProblem()).isTrue();
            assertThat(a.json().get("type").asText()).isEqualTo("urn:nicplan:problem:response-too-large");
            assertThat(a.json().get("detail").asText()).contains("nicplan.limits.max-response-size")
                    .contains("65536 bytes");
            assertThat(a.json().get("limitBytes").asLong()).isEqualTo(65536);
        }
    }

    @Test
    void aGraphWithinTheLimitIsServedWhole() {
        Http.Answer dot = http.get("/api/nics/builtin:single-queue/graph?format=dot");
        assertThat(dot.status()).as(dot.toString()).isEqualTo(200);
        assertThat(dot.body()).startsWith("digraph").endsWith("}\n");
        Http.Answer json = http.get("/api/nics/builtin:single-queue/graph?format=json");
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(json.json().get("graph").get("edges").size()).isPositive();
    }
}
