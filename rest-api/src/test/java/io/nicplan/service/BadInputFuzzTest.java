package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Sends every endpoint a seeded set of bad inputs (unknown ids, malformed and mistyped JSON, wrong
 * media types, random bytes, bad query values, oversize bodies) and checks that each answer is a
 * 4xx problem detail, never a 500 or an HTML page.
 */
class BadInputFuzzTest extends ServiceTest {

    /** An endpoint: method, path (with {@code {id}} for the resource id), and whether it reads a body. */
    record Endpoint(String method, String path, boolean body) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/nics", true),
            new Endpoint("GET", "/api/nics", false),
            new Endpoint("GET", "/api/nics/{id}", false),
            new Endpoint("GET", "/api/nics/{id}/graph?format={q}", false),
            new Endpoint("DELETE", "/api/nics/{id}", false),
            new Endpoint("POST", "/api/plans", true),
            new Endpoint("GET", "/api/plans", false),
            new Endpoint("GET", "/api/plans/summary", false),
            new Endpoint("GET", "/api/plans/{id}", false),
            new Endpoint("GET", "/api/plans/{id}/status", false),
            new Endpoint("DELETE", "/api/plans/{id}", false),
            new Endpoint("POST", "/api/plans/{id}/flows", true),
            new Endpoint("DELETE", "/api/plans/{id}/flows/{q}", false),
            new Endpoint("GET", "/api/plans/{id}/embedding?format={q}", false),
            new Endpoint("GET", "/api/plans/{id}/export?format={q}", false),
            new Endpoint("POST", "/api/emulators", true),
            new Endpoint("GET", "/api/emulators", false),
            new Endpoint("GET", "/api/emulators/{id}", false),
            new Endpoint("DELETE", "/api/emulators/{id}", false),
            new Endpoint("PUT", "/api/emulators/{id}/configuration?verifyOnly={q}", true),
            new Endpoint("POST", "/api/emulators/{id}/traffic", true),
            new Endpoint("GET", "/api/emulators/{id}/counters", false),
            new Endpoint("GET", "/api/emulators/{id}/pcap", false));

    static final List<String> BAD_IDS = List.of("nope", "builtin:nope", "00000000-0000-0000-0000-000000000000",
            "%20", "a%2Fb", "..", "%C3%A9t%C3%A9", "x".repeat(300), "builtin:");

    static final List<String> BAD_JSON = List.of("", "{", "[]", "null", "42", "\"text\"", "{\"name\": 7}",
            "{\"source\": null}", "{\"source\": {}}", "{\"unknown\": true}", "{\"name\": \"a\", \"name\": \"b\"}",
            "{\"flows\": \"many\"}", "\u0000\u0001\u0002", "{\"source\": \"graph\", \"extra\": [1, 2]}",
            "{\"nic\": \"builtin:intel-82599\", \"timeLimit\": \"soon\"}",
            "{\"nic\": \"builtin:intel-82599\", \"timeLimit\": -5}",
            "{\"nic\": \"builtin:intel-82599\", \"state\": [], \"flows\": {}}",
            "{\"nic\": \"builtin:intel-82599\", \"flows\": [{\"id\": 1.5}], \"cost\": []}",
            "{\"nic\": \"builtin:intel-82599\", \"strategy\": 7, \"explain\": \"yes\"}",
            "{\"nic\": \"\", \"cost\": {\"terms\": {}}}",
            "{\"nic\": \"builtin:single-queue\", \"flows\": [{\"id\": \"a\", \"proto\": \"udp\", "
                    + "\"src\": \"1.2.3.4:5\", \"dst\": \"10.0.0.1:99999\", \"pps\": 1e300, \"bytes\": 64}]}",
            "{\"description\": \"builtin:no-such-nic\"}", "{\"description\": 5}", "{\"plan\": \"nope\"}",
            "{\"plan\": null}", "{\"duration\": \"PT-1S\"}", "{\"duration\": \"PT2H\"}",
            "{\"maxPacketsPerFlow\": 0}", "{\"maxPacketsPerFlow\": 1e12}", "{\"flows\": [{\"id\": 1}]}",
            "{\"seed\": \"x\"}");

    static final List<String> MEDIA_TYPES = List.of("application/json", "text/plain", "application/xml",
            "application/octet-stream", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
            "text/plain; charset=nonsense");

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersBadInputWithA4xxProblem() throws InterruptedException {
        Random random = new Random(20261126L);
        // Bodies go to real resources too, so that they are read and checked rather than refused for the id.
        String planId = PlanApiTest.submit(http, Workloads.request("builtin:flexnic", 4, "greedy"));
        PlanApiTest.awaitEnd(http, planId, java.time.Duration.ofSeconds(60));
        String emulatorId = http.postJson("/api/emulators", java.util.Map.of("description", "builtin:flexnic"))
                .json().get("id").asText();
        http.put("/api/emulators/" + emulatorId + "/configuration", "application/json",
                Http.write(java.util.Map.of("plan", planId)));
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            for (String id : BAD_IDS) {
                if (e.path().contains("{id}")) {
                    String path = e.path().replace("{id}", id).replace("{q}", "json");
                    tests.add(check(e.method() + " " + path, e.method(), path, null, null));
                }
            }
            for (String q : List.of("", "png", "%00", "dot%20json", "x".repeat(100))) {
                if (e.path().contains("{q}")) {
                    String path = e.path().replace("{id}", "builtin:nope").replace("{q}", q);
                    tests.add(check(e.method() + " " + path, e.method(), path, null, null));
                }
            }
            String path = e.path().replace("{id}", "nope").replace("{q}", "json");
            if (e.body()) {
                path = e.path().replace("{id}", e.path().startsWith("/api/emulators") ? emulatorId : planId)
                        .replace("{q}", "true");
                for (String json : BAD_JSON) {
                    if (e.path().endsWith("/traffic") && (json.isEmpty() || json.equals("null"))) {
                        continue;   // traffic's body is optional: no body means "the plan's flows, defaults"
                    }
                    tests.add(check(e.method() + " " + path + " json " + json, e.method(), path, "application/json", json));
                }
                for (String type : MEDIA_TYPES) {
                    tests.add(check(e.method() + " " + path + " as " + type, e.method(), path, type, "{\"source\": 1}"));
                }
                for (int i = 0; i < 8; i++) {
                    byte[] bytes = new byte[random.nextInt(2048)];
                    random.nextBytes(bytes);
                    String noise = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
                    tests.add(check(e.method() + " " + path + " noise " + i, e.method(), path,
                            i % 2 == 0 ? "application/json" : "text/plain", noise));
                }
                tests.add(check(e.method() + " " + path + " oversize", e.method(), path, "application/json",
                        "[" + "1,".repeat(40_000) + "1]"));
            }
            for (String method : List.of("PATCH", "PUT", "POST", "DELETE")) {
                if (!method.equals(e.method()) && !ENDPOINTS.stream().anyMatch(o ->
                        o.method().equals(method) && o.path().equals(e.path()))) {
                    tests.add(check(method + " " + path, method, path, "application/json", "{}"));
                }
            }
        }
        return tests.stream();
    }

    private DynamicTest check(String name, String method, String path, String contentType, String body) {
        return DynamicTest.dynamicTest(name.length() > 120 ? name.substring(0, 120) : name, () -> {
            Http.Answer a = http.method(method, path, contentType, body);
            assertThat(a.status()).as(name + " -> " + a).isBetween(400, 499);
            assertThat(a.isProblem()).as(a.toString()).isTrue();
            assertThat(a.json().get("status").asInt()).isEqualTo(a.status());
            assertThat(a.json().get("detail").asText()).isNotBlank();
        });
    }
}
