package io.nicplan.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The service's OpenAPI document as a contract that real answers are held to: the operation of a request
 * (its path template and method) must be in the document, the status among the operation's responses, the
 * content type among that response's media types, and a JSON body valid against that media type's schema
 * (JSON Schema, the OpenAPI 3.0 dialect of networknt's validator, {@code $ref}s resolved in the document).
 *
 * <p>{@link Http} calls {@link #check} on every exchange of every {@link ServiceTest}, so an endpoint or an
 * answer added later is held to the document without a test naming it.
 */
final class ApiContract {
    private static final Map<Integer, ApiContract> BY_PORT = new ConcurrentHashMap<>();

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final SchemaRegistry schemas;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private record Operation(String template, Pattern pattern, int parameters, String method, JsonNode responses) {
    }

    ApiContract(JsonNode document) {
        this.document = document;
        boolean v31 = document.path("openapi").asText().startsWith("3.1");
        this.schemas = SchemaRegistry.withDefaultDialect(v31 ? Dialects.getOpenApi31() : Dialects.getOpenApi30());
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String template = path.getKey();
            String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            int parameters = template.split("\\{", -1).length - 1;
            operations.add(new Operation(template, Pattern.compile(regex), parameters,
                    op.getKey().toUpperCase(Locale.ROOT), op.getValue().path("responses")));
        }));
        // A literal segment wins over a parameter: /api/plans/summary before /api/plans/{id}.
        operations.sort(Comparator.comparingInt(Operation::parameters));
    }

    /** The document the service at {@code port} serves, read once per service. */
    static ApiContract served(int port) {
        return BY_PORT.computeIfAbsent(port, p -> {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + p + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("/v3/api-docs answered " + r.statusCode() + ": " + r.body());
                }
                return new ApiContract(Http.JSON.readTree(r.body()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    JsonNode document() {
        return document;
    }

    /** Whether the contract speaks of this path: the API's own resources, not the console, docs or actuator. */
    static boolean covers(String method, String path) {
        return path.startsWith("/api/") && !method.equals("OPTIONS") && !method.equals("HEAD");
    }

    /** What is wrong with this exchange by the document; empty when it keeps the contract. */
    List<String> check(String method, String pathAndQuery, int status, String contentType, String body) {
        String path = pathAndQuery.replaceFirst("[?#].*$", "");
        List<String> problems = new ArrayList<>();
        String exchange = method + " " + pathAndQuery + " -> " + status;
        Optional<Operation> operation = operations.stream()
                .filter(o -> o.method().equals(method) && o.pattern().matcher(path).matches()).findFirst();
        if (operation.isEmpty()) {
            // A path or method the API does not have: the one right answer is a 404 or 405 problem detail.
            boolean pathKnown = operations.stream().anyMatch(o -> o.pattern().matcher(path).matches());
            int expected = pathKnown ? 405 : 404;
            if (status != expected || !contentType.startsWith("application/problem+json")) {
                problems.add(exchange + " (" + contentType + "): no operation " + method + " of this path in the OpenAPI "
                        + "document, so only a " + expected + " problem detail would keep it");
                return problems;
            }
            Schema problem = compiled.computeIfAbsent("ProblemDetail", k -> compile(Http.JSON.createObjectNode()
                    .put("$ref", "#/components/schemas/ProblemDetail")));
            problem.validate(body, InputFormat.JSON).forEach(e -> problems.add(exchange + ": " + e.getInstanceLocation()
                    + ": " + e.getMessage()));
            return problems;
        }
        Operation op = operation.get();
        JsonNode response = op.responses().path(Integer.toString(status));
        if (response.isMissingNode()) {
            response = op.responses().path(status / 100 + "XX");
        }
        if (response.isMissingNode()) {
            response = op.responses().path("default");
        }
        if (response.isMissingNode()) {
            List<String> listed = new ArrayList<>();
            op.responses().fieldNames().forEachRemaining(listed::add);
            problems.add(exchange + ": status " + status + " is not among " + method + " " + op.template()
                    + "'s documented responses " + listed);
            return problems;
        }
        if (body == null || body.isEmpty()) {
            return problems;
        }
        String media = contentType.replaceFirst(";.*$", "").strip().toLowerCase(Locale.ROOT);
        JsonNode content = response.path("content");
        String key = null;
        for (Iterator<String> it = content.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(media) || k.equals("*/*")) {
                key = k;
                if (!k.equals("*/*")) {
                    break;
                }
            }
        }
        if (key == null) {
            List<String> listed = new ArrayList<>();
            content.fieldNames().forEachRemaining(listed::add);
            problems.add(exchange + ": content type '" + contentType + "' is not among " + listed);
            return problems;
        }
        if (key.equals("*/*")) {
            problems.add(exchange + ": the document says */* where the answer is '" + media + "'");
            return problems;
        }
        JsonNode schema = content.path(key).path("schema");
        if (isJson(media)) {
            if (schema.isMissingNode()) {
                problems.add(exchange + ": no schema for " + key);
                return problems;
            }
            Schema s = compiled.computeIfAbsent(method + " " + op.template() + " " + status + " " + key,
                    k -> compile(schema));
            for (Error e : s.validate(body, InputFormat.JSON)) {
                problems.add(exchange + " (" + key + "): " + e.getInstanceLocation() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** The media type of a JSON document: application/json or any +json type (problem details). */
    static boolean isJson(String media) {
        return media.equals("application/json") || media.endsWith("+json");
    }

    /** A schema of the document as a JSON Schema resource of its own, carrying the document's components for its $refs. */
    private Schema compile(JsonNode schema) {
        ObjectNode root = Http.JSON.createObjectNode();
        root.setAll((ObjectNode) schema.deepCopy());
        root.set("components", document.path("components"));
        return schemas.getSchema(root.toString(), InputFormat.JSON);
    }
}
