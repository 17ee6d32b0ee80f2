package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NicApiTest extends ServiceTest {

    /** A small two-queue NIC with a 5-tuple filter table, written for these tests. */
    static final String TWO_QUEUE = """
            graph TwoQueue {
                resource rx_queues = 2
                resource fivetuple_filters = 8
                node Wire { attr "source" port out[ValidCRC] }
                boolean ValidCRC {
                    port true[Filters] when eth.fcs_ok == 1
                    port false[Drop] when eth.fcs_ok == 0
                }
                config Filters {
                    type [(proto: <Enum(tcp, udp)>, dst_port: <UInt 16>, queue: Int 0 1)]<0, fivetuple_filters>
                    function fivetuple
                    uses fivetuple_filters
                    port queues[Q{0..1}.Valid]
                    port default[Q0.Valid]
                }
                import "builtin:common/rx-queues"
            }
            """;

    @Test
    void postingUnicornTextStoresItAndAnswersItsSummary() {
        Http.Answer a = http.post("/api/nics?name=two-queue", "text/plain", TWO_QUEUE);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        JsonNode body = a.json();
        String id = body.get("id").asText();
        assertThat(a.header("Location")).hasValue("/api/nics/" + id);
        assertThat(body.get("name").asText()).isEqualTo("two-queue");
        JsonNode summary = body.get("summary");
        assertThat(summary.get("graph").asText()).isEqualTo("TwoQueue");
        assertThat(summary.get("nodesByKind").get("config").asInt()).isEqualTo(summary.get("configNodes").size());
        assertThat(summary.get("nodesByKind").get("boolean").asInt()).isPositive();
        JsonNode filters = summary.get("configNodes").get(0);
        assertThat(filters.get("id").asText()).isEqualTo("Filters");
        assertThat(filters.get("function").asText()).isEqualTo("fivetuple");
        assertThat(filters.get("type").asText()).startsWith("[(proto:");
        assertThat(filters.get("uses").get(0).asText()).isEqualTo("fivetuple_filters");
        assertThat(summary.get("resources").get("fivetuple_filters").asLong()).isEqualTo(8);

        Http.Answer again = http.get("/api/nics/" + id);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("summary")).isEqualTo(summary);
        assertThat(http.get("/api/nics/two-queue").json().get("id").asText()).isEqualTo(id);
    }

    @Test
    void postingJsonUsesTheGraphNameWhenNoNameIsGiven() {
        Http.Answer a = http.postJson("/api/nics", Map.of("source", TWO_QUEUE));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().get("name").asText()).isEqualTo("TwoQueue");
    }

    @Test
    void aDescriptionThatDoesNotParseIsA422WithEveryDiagnostic() {
        String broken = """
                graph Broken {
                    node A { port out[Nowhere] }
                    boolean B { port maybe[A] }
                }
                """;
        Http.Answer a = http.post("/api/nics", "text/plain", broken);
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.isProblem()).isTrue();
        JsonNode diagnostics = a.json().get("diagnostics");
        assertThat(diagnostics.size()).isGreaterThanOrEqualTo(2);
        List<Integer> lines = new ArrayList<>();
        diagnostics.forEach(d -> {
            assertThat(d.get("column").asInt()).isPositive();
            assertThat(d.get("message").asText()).isNotBlank();
            lines.add(d.get("line").asInt());
        });
        assertThat(lines).contains(2, 3);
        assertThat(a.json().get("detail").asText()).matches("description\\.unicorn:\\d+:\\d+: .*");
    }

    @Test
    void textWithoutACharsetIsReadAsUtf8SoColumnsCountCharacters() {
        // "é" is two bytes in UTF-8; read as ISO-8859-1 it would be two characters and shift the column.
        String text = "graph G { /* café */ node A { attr \"source\" port out[Nowhere] } }";
        Http.Answer a = http.post("/api/nics", "text/plain", text);
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.json().get("diagnostics").get(0).get("column").asInt()).isEqualTo(text.indexOf("Nowhere") + 1);
    }

    @Test
    void importsOfServerFilesAreRefused() {
        Http.Answer a = http.post("/api/nics", "text/plain", "graph G { import \"/etc/passwd\" node A { attr \"source\" } }");
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.json().get("diagnostics").get(0).get("line").asInt()).isEqualTo(1);
    }

    @Test
    void shippedDescriptionsAreListedAndUsableByName() {
        Http.Answer list = http.get("/api/nics");
        assertThat(list.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().forEach(n -> ids.add(n.get("id").asText()));
        assertThat(ids).contains("builtin:intel-82599", "builtin:flexnic", "builtin:single-queue");

        JsonNode byPrefix = http.get("/api/nics/builtin:intel-82599").json();
        JsonNode byName = http.get("/api/nics/intel-82599").json();
        assertThat(byName).isEqualTo(byPrefix);
        assertThat(byPrefix.get("builtin").asBoolean()).isTrue();
        assertThat(byPrefix.get("about").asText()).contains("82599");
        assertThat(byPrefix.get("summary").get("resources").get("rx_queues").asLong()).isEqualTo(128);
    }

    @Test
    void theGraphIsServedAsDotAndAsJson() {
        Http.Answer dot = http.get("/api/nics/builtin:single-queue/graph?format=dot");
        assertThat(dot.status()).isEqualTo(200);
        assertThat(dot.contentType()).startsWith("text/vnd.graphviz");
        assertThat(dot.body()).startsWith("digraph").contains("\"ValidCRC\"");

        Http.Answer json = http.get("/api/nics/single-queue/graph?format=JSON");
        assertThat(json.status()).isEqualTo(200);
        JsonNode g = json.json();
        assertThat(g.get("format").asText()).isEqualTo("nicplan-graph");
        assertThat(g.get("name").asText()).isEqualTo("SingleQueue");
        assertThat(g.get("graph").get("nodes").size()).isEqualTo(http.get("/api/nics/single-queue").json()
                .get("summary").get("nodes").asInt());
        assertThat(g.get("graph").get("edges").size()).isPositive();
    }

    @Test
    void deletingForgetsAStoredDescriptionButNotAShippedOne() {
        String id = http.post("/api/nics", "text/plain", TWO_QUEUE).json().get("id").asText();
        assertThat(http.delete("/api/nics/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/nics/" + id).status()).isEqualTo(404);
        assertThat(http.delete("/api/nics/" + id).status()).isEqualTo(404);

        Http.Answer shipped = http.delete("/api/nics/builtin:intel-82599");
        assertThat(shipped.status()).isEqualTo(409);
        assertThat(shipped.isProblem()).isTrue();
    }

    @Test
    void aDescriptionAboveTheSizeLimitIsRefused() {
        String big = "graph G { node A { attr \"source\" } }\n" + "// padding\n".repeat(5000);
        Http.Answer a = http.post("/api/nics", "text/plain", big);
        assertThat(a.status()).as(a.toString()).isEqualTo(413);
        assertThat(a.json().get("detail").asText()).contains("max-description-size");
    }
}
