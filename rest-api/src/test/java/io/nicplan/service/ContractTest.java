package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #16 item 3, "Contract test": the served OpenAPI document is valid and describes the answers as they are.
 * Every in-process test's answers are checked against it as they arrive ({@link ApiContract} in {@link Http}); this
 * class checks the document itself, that its schemas have no untyped holes, and that the check fails on answers
 * that break it.
 */
class ContractTest extends ServiceTest {

    @Test
    void theOpenApiDocumentPassesSwaggerParsersValidation() throws java.io.IOException {
        String doc = http.get("/v3/api-docs").body();
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "api-docs.json"), doc);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(doc, null, options);
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getMessages()).as(doc).isEmpty();
    }

    @Test
    void everySchemaOfTheDocumentIsTyped() {
        JsonNode doc = ApiContract.served(port).document();
        List<String> holes = new ArrayList<>();
        doc.path("components").path("schemas").properties().forEach(e -> holes(e.getValue(), "#/components/schemas/"
                + e.getKey(), holes));
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> op.getValue()
                .path("responses").properties().forEach(r -> r.getValue().path("content").properties().forEach(c ->
                        holes(c.getValue().path("schema"), op.getKey() + " " + p.getKey() + " " + r.getKey() + " "
                                + c.getKey(), holes)))));
        assertThat(holes).isEmpty();
    }

    @Test
    void theScanFindsTheHolesItLooksFor() throws java.io.IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> holes = new ArrayList<>();
        // the NIC graph's JSON as it was described before GraphDocument, and the other kinds of hole
        holes(json.readTree("{\"type\":\"object\",\"additionalProperties\":true}"), "graph", holes);
        holes(json.readTree("{\"type\":\"object\"}"), "empty", holes);
        holes(json.readTree("{\"oneOf\":[{\"$ref\":\"#/x\"},{\"description\":\"untyped\"}]}"), "composed", holes);
        holes(json.readTree("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}"), "map", holes);
        assertThat(holes).containsExactly("graph: a free-form object", "empty: an object without properties",
                "composed oneOf[1]: no type");
    }

    /**
     * A schema that says nothing of its instance: no type, no reference, no composition, an object without members,
     * or a free-form object ({@code additionalProperties: true} and no members: any object at all, as the NIC graph's
     * JSON was described before its records).
     */
    private static void holes(JsonNode schema, String where, List<String> holes) {
        if (schema.isMissingNode()) {
            return;
        }
        boolean composed = schema.has("$ref") || schema.has("oneOf") || schema.has("anyOf") || schema.has("allOf");
        if (!composed && !schema.has("type")) {
            holes.add(where + ": no type");
        }
        if ("object".equals(schema.path("type").asText()) && !schema.has("properties")
                && !schema.path("additionalProperties").isObject()) {
            holes.add(where + (schema.path("additionalProperties").asBoolean(false) ? ": a free-form object"
                    : ": an object without properties"));
        }
        for (String composition : List.of("oneOf", "anyOf", "allOf")) {
            int i = 0;
            for (JsonNode member : schema.path(composition)) {
                holes(member, where + " " + composition + "[" + i++ + "]", holes);
            }
        }
        schema.path("properties").properties().forEach(p -> holes(p.getValue(), where + "." + p.getKey(), holes));
        if (schema.path("items").isObject()) {
            holes(schema.path("items"), where + "[]", holes);
        }
        if (schema.path("additionalProperties").isObject()) {
            holes(schema.path("additionalProperties"), where + "{}", holes);
        }
    }

    @Test
    void errorsAreProblemDetailsAndThePcapIsBinary() {
        JsonNode paths = ApiContract.served(port).document().path("paths");
        JsonNode submit = paths.path("/api/plans").path("post").path("responses");
        assertThat(submit.has("202")).isTrue();
        assertThat(submit.path("422").path("content").has("application/problem+json")).isTrue();
        assertThat(submit.path("429").path("content").has("application/problem+json")).isTrue();
        JsonNode pcap = paths.path("/api/emulators/{id}/pcap").path("get").path("responses").path("200").path("content")
                .path("application/vnd.tcpdump.pcap").path("schema");
        assertThat(pcap.path("type").asText()).isEqualTo("string");
        assertThat(pcap.path("format").asText()).isEqualTo("binary");
    }

    @Test
    void theCheckRefusesAnswersTheDocumentDoesNotDescribe() {
        ApiContract contract = ApiContract.served(port);
        String nic = http.get("/api/nics/builtin:intel-82599").body();
        assertThat(contract.check("GET", "/api/nics/builtin:intel-82599", 200, "application/json", nic)).isEmpty();
        // A status the operation never answers, a member of the wrong type, an undocumented path.
        assertThat(contract.check("GET", "/api/nics/builtin:intel-82599", 418, "application/json", nic)).hasSize(1);
        String wrong = Http.write(Map.of("id", 7, "name", "x", "builtin", "yes"));
        assertThat(contract.check("GET", "/api/nics/x", 200, "application/json", wrong)).isNotEmpty();
        assertThat(contract.check("GET", "/api/nothing", 200, "application/json", "{}")).hasSize(1);
        assertThat(contract.check("GET", "/api/nothing", 404, "application/problem+json",
                "{\"type\":\"urn:nicplan:problem:not-found\",\"title\":\"Not Found\",\"status\":404}")).isEmpty();
        assertThat(contract.check("GET", "/api/nothing", 404, "application/problem+json", "{\"status\":\"404\"}"))
                .isNotEmpty();
        assertThat(contract.check("GET", "/api/nics/x", 404, "text/html", "<html/>")).hasSize(1);
    }

    /**
     * The graph's JSON, full or collapsed, is described by its records ({@code GraphDocument} or
     * {@code CollapsedGraphDocument}, one of them): real answers pass, an object of neither shape does not
     * (the free-form object it was described as before let anything through).
     */
    @Test
    void theGraphsJsonIsOneOfItsTwoDocuments() {
        ApiContract contract = ApiContract.served(port);
        String path = "/api/nics/builtin:intel-82599/graph";
        String full = http.get(path + "?format=json").body();
        String collapsed = http.get(path + "?format=json&collapse=true").body();
        assertThat(contract.check("GET", path, 200, "application/json", full)).isEmpty();
        assertThat(contract.check("GET", path, 200, "application/json", collapsed)).isEmpty();
        assertThat(contract.check("GET", path, 200, "application/json", "{\"nodes\":[],\"edges\":[]}")).isNotEmpty();
        String noGroups = collapsed.replace("\"groups\":", "\"clusters\":");
        assertThat(contract.check("GET", path, 200, "application/json", noGroups)).isNotEmpty();
        String textVersion = full.replaceFirst("\"version\":1,", "\"version\":\"1\",");
        assertThat(textVersion).isNotEqualTo(full);
        assertThat(contract.check("GET", path, 200, "application/json", textVersion)).isNotEmpty();
    }
}
