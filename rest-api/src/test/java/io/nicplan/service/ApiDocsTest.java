package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ApiDocsTest extends ServiceTest {

    @Test
    void theOpenApiDocumentDescribesEveryResource() {
        Http.Answer a = http.get("/v3/api-docs");
        assertThat(a.status()).isEqualTo(200);
        JsonNode doc = a.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("info").get("title").asText()).isEqualTo("nicplan");
        assertThat(doc.get("paths").has("/api/nics")).isTrue();
        assertThat(doc.get("paths").has("/api/nics/{id}/graph")).isTrue();
        assertThat(doc.get("paths").get("/api/nics").get("post").get("summary").asText()).isNotBlank();
    }

    @Test
    void theSwaggerUiIsServed() {
        Http.Answer a = http.get("/swagger-ui/index.html");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).containsIgnoringCase("swagger");
    }
}
