package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanApiTest extends ServiceTest {
    /** FlexNIC: the NIC the emulator runs, so its embedding is the one the end-to-end path checks. */
    static final String NIC_FOR_EMBEDDING = "builtin:flexnic";

    /** The plan's status once it has a plan (its search's first), or when {@code limit} has passed. */
    static JsonNode awaitFirstPlan(Http http, String id, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode status;
        do {
            Thread.sleep(50);
            status = http.get("/api/plans/" + id + "/status").json();
        } while (!status.get("hasPlan").asBoolean() && System.nanoTime() < deadline);
        return status;
    }

    /** Polls the status until the search has ended; returns the plan. */
    static JsonNode awaitEnd(Http http, String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Http.Answer answer = http.get("/api/plans/" + id + "/status");
            // A refusal's problem detail has a numeric status too: it must not end the wait.
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            String status = answer.json().get("status").asText();
            if (!status.equals("QUEUED") && !status.equals("SOLVING")) {
                return http.get("/api/plans/" + id).json();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("plan " + id + " did not end within " + timeout);
    }

    /** Posts a plan (again after a 429's Retry-After: see {@link Http#postJsonAdmitted}); its id. */
    static String submit(Http http, JsonNode request) {
        Http.Answer a = http.postJsonAdmitted("/api/plans", request);
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        String id = a.json().get("id").asText();
        assertThat(a.header("Location")).hasValue("/api/plans/" + id);
        return id;
    }

    @Test
    void aGreedyPlanPlacesEveryFlowAndBreaksItsCostDownByTerm() throws Exception {
        String id = submit(http, Workloads.request("builtin:intel-82599", 40, "greedy"));
        JsonNode view = awaitEnd(http, id, Duration.ofSeconds(60));
        assertThat(view.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(view.get("revision").asInt()).isEqualTo(1);
        assertThat(view.get("nic").asText()).isEqualTo("builtin:intel-82599");
        JsonNode plan = view.get("plan");
        assertThat(plan.get("strategy").asText()).isEqualTo("greedy");
        assertThat(plan.get("feasible").asBoolean()).isTrue();
        assertThat(plan.get("placements").size()).isEqualTo(40);
        assertThat(plan.get("cost").get("terms").has("priority")).isTrue();
        assertThat(plan.get("configuration").size()).isPositive();
        assertThat(plan.get("explanation").isArray()).isTrue();

        JsonNode status = http.get("/api/plans/" + id + "/status").json();
        assertThat(status.get("hasPlan").asBoolean()).isTrue();
        assertThat(view.get("request").get("state").get("flows").size()).isEqualTo(40);
    }

    @Test
    void anOptaPlannerSearchShowsItsBestPlanWhileRunningAndStopsOnDelete() throws Exception {
        ObjectNode req = Workloads.request("builtin:intel-82599", 60, "optaplanner");
        req.put("timeLimit", "PT60S");
        String id = submit(http, req);
        assertThat(awaitFirstPlan(http, id, Duration.ofSeconds(60)).get("status").asText()).isEqualTo("SOLVING");
        assertThat(http.get("/api/plans/" + id).json().get("plan").get("placements").size()).isEqualTo(60);

        Http.Answer stopped = http.delete("/api/plans/" + id);
        assertThat(stopped.status()).isEqualTo(200);
        JsonNode view = awaitEnd(http, id, Duration.ofSeconds(30));
        assertThat(view.get("status").asText()).isEqualTo("STOPPED");
        assertThat(view.get("plan").get("placements").size()).isEqualTo(60);
    }

    @Test
    void badInputsAreA422ListingEveryProblemAtItsPointer() {
        ObjectNode req = Workloads.request("builtin:no-such-nic", 3, "fastest");
        ((ObjectNode) req.get("flows").get(1)).put("pps", -5);
        ((ObjectNode) req.get("cost").get("terms")).put("colour", 3);
        Http.Answer a = http.postJson("/api/plans", req);
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.isProblem()).isTrue();
        List<String> pointers = new ArrayList<>();
        a.json().get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
        assertThat(pointers).contains("/nic", "/strategy", "/flows/1/pps", "/cost/terms/colour");
    }

    @Test
    void aQueueTheNicLacksIsReportedAtItsPointer() {
        ObjectNode req = Workloads.request("builtin:single-queue", 3, "greedy");
        ((ObjectNode) req.get("cost")).putObject("rules").putArray("reservedQueues").add(5);
        Http.Answer a = http.postJson("/api/plans", req);
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.json().get("errors").get(0).get("pointer").asText()).startsWith("/cost/rules/reservedQueues");
    }

    @Test
    void exhaustiveSearchRefusesAnInputTooLargeForIt() {
        ObjectNode req = Workloads.request("builtin:intel-82599", 200, "exhaustive");
        // by rate: unequal loads, so the bound cannot prove the greedy plan optimal as it can for flow counts
        ((ObjectNode) req.get("cost").get("terms").get("priority")).put("byRate", true);
        Http.Answer a = http.postJson("/api/plans", req);
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/strategy");
    }

    @Test
    void moreFlowsThanTheLimitAreRefused() {
        Http.Answer a = http.postJson("/api/plans", Workloads.request("builtin:intel-82599", 501, "greedy"));
        assertThat(a.status()).as(a.toString()).isEqualTo(413);
        assertThat(a.json().get("detail").asText()).contains("max-flows-per-plan");
    }

    @Test
    void whenEveryRunnerAndQueueSlotIsTakenTheAnswerIs429WithRetryAfter() throws Exception {
        List<String> ids = new ArrayList<>();
        ObjectNode slow = Workloads.request("builtin:intel-82599", 30, "optaplanner");
        slow.put("timeLimit", "PT60S");
        try {
            for (int i = 0; i < 3; i++) {        // one runner + two queue slots (test profile)
                ids.add(submit(http, slow));
            }
            Http.Answer refused = http.postJson("/api/plans", slow);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.header("Retry-After")).hasValue("3");
        } finally {
            for (String id : ids) {
                http.delete("/api/plans/" + id);
            }
        }
        for (String id : ids) {
            assertThat(awaitEnd(http, id, Duration.ofSeconds(30)).get("status").asText()).isEqualTo("STOPPED");
        }
    }

    @Test
    void addingAndRemovingFlowsReplansFromTheCurrentPlanAndAnswersTheDiff() throws Exception {
        String id = submit(http, Workloads.request("builtin:intel-82599", 20, "greedy"));
        JsonNode before = awaitEnd(http, id, Duration.ofSeconds(60)).get("plan");

        Http.Answer added = http.postJson("/api/plans/" + id + "/flows", Workloads.flows(3, 7, "new"));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        JsonNode after = added.json().get("plan");
        assertThat(after.get("revision").asInt()).isEqualTo(2);
        assertThat(after.get("plan").get("placements").size()).isEqualTo(23);
        assertThat(after.get("lastChange")).isEqualTo(added.json().get("diff"));
        Set<String> kept = new HashSet<>();
        before.get("placements").forEach(p -> kept.add(p.toString()));
        int unchanged = 0;
        for (JsonNode p : after.get("plan").get("placements")) {
            unchanged += kept.contains(p.toString()) ? 1 : 0;
        }
        assertThat(unchanged).as("flows that stay keep their placements").isGreaterThanOrEqualTo(18);
        assertThat(added.json().get("diff").get("size").asInt()).isPositive();

        Http.Answer removed = http.delete("/api/plans/" + id + "/flows/new1");
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(removed.json().get("plan").get("revision").asInt()).isEqualTo(3);
        assertThat(removed.json().get("plan").get("plan").get("placements").size()).isEqualTo(22);

        assertThat(http.delete("/api/plans/" + id + "/flows/new1").status()).isEqualTo(404);
        Http.Answer duplicate = http.postJson("/api/plans/" + id + "/flows", Workloads.flows(1, 7, "new"));
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(422);
        assertThat(duplicate.json().get("errors").get(0).get("pointer").asText()).startsWith("/flows/0");
    }

    @Test
    void theEmbeddingOfAPlanIsServedAsDotJsonAndText() throws Exception {
        String id = submit(http, Workloads.request(NIC_FOR_EMBEDDING, 10, "greedy"));
        awaitEnd(http, id, Duration.ofSeconds(60));
        Http.Answer dot = http.get("/api/plans/" + id + "/embedding?format=dot");
        assertThat(dot.status()).as(dot.toString()).isEqualTo(200);
        assertThat(dot.contentType()).startsWith("text/vnd.graphviz");
        assertThat(dot.body()).contains("digraph");
        Http.Answer json = http.get("/api/plans/" + id + "/embedding?format=json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().isObject()).isTrue();
        Http.Answer text = http.get("/api/plans/" + id + "/embedding?format=text");
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(http.get("/api/plans/" + id + "/embedding?format=svg").status()).isEqualTo(400);
    }

    @Test
    void aPlanIsExportedAsTextForItsNicsLinuxDriverAndWhatItCannotTakeIs422() throws Exception {
        String id = submit(http, Workloads.request("builtin:intel-82599", 10, "greedy"));
        awaitEnd(http, id, Duration.ofSeconds(60));
        Http.Answer rteFlow = http.get("/api/plans/" + id + "/export?format=rte_flow&port=1");
        assertThat(rteFlow.status()).as(rteFlow.toString()).isEqualTo(200);
        assertThat(rteFlow.contentType()).startsWith("text/plain");
        assertThat(rteFlow.body()).startsWith("# nicplan export: Intel82599, DPDK net_ixgbe").contains("port config 1 rss reta (0,");
        Http.Answer ethtool = http.get("/api/plans/" + id + "/export?format=ethtool&dev=eth2&bestEffort=true");
        assertThat(ethtool.status()).as(ethtool.toString()).isEqualTo(200);
        assertThat(ethtool.body()).startsWith("#!/bin/sh\n").contains("ethtool -X eth2 hkey ");
        assertThat(ethtool.header("X-Nicplan-Export-Changes")).isPresent();
        assertThat(http.get("/api/plans/" + id + "/export?format=p4").status()).isEqualTo(400);
        assertThat(http.get("/api/plans/" + id + "/export?format=tc&dev=a%20b").status()).isEqualTo(400);

        String flexnic = submit(http, Workloads.request(NIC_FOR_EMBEDDING, 10, "greedy"));
        awaitEnd(http, flexnic, Duration.ofSeconds(60));
        Http.Answer none = http.get("/api/plans/" + flexnic + "/export?format=ethtool");
        assertThat(none.status()).as(none.toString()).isEqualTo(422);
        assertThat(none.json().get("reasons").get(0).asText()).startsWith("FlexNIC has no Linux driver nicplan knows");
    }

    @Test
    void anExportFromAnotherPlanIsTheDiffAndAnUnexpressiblePlanIsAProblemNamingFormatTargetAndParts() throws Exception {
        String before = submit(http, Workloads.request("builtin:intel-82599", 10, "greedy"));
        String after = submit(http, Workloads.request("builtin:intel-82599", 12, "greedy"));
        awaitEnd(http, before, Duration.ofSeconds(60));
        awaitEnd(http, after, Duration.ofSeconds(60));
        Http.Answer tc = http.get("/api/plans/" + after + "/export?format=tc&bestEffort=true&from=" + before);
        assertThat(tc.status()).as(tc.toString()).isEqualTo(200);
        assertThat(tc.body()).contains("# nicplan export --diff-from: Intel82599 under Linux ixgbe, tc commands for eth0: ");
        Http.Answer rteFlow = http.get("/api/plans/" + after + "/export?format=rte_flow&from=" + before);
        assertThat(rteFlow.status()).as(rteFlow.toString()).isEqualTo(200);
        assertThat(rteFlow.body()).startsWith("# nicplan export --diff-from: Intel82599, DPDK net_ixgbe");
        assertThat(http.get("/api/plans/" + after + "/export?format=tc&from=nope").status()).isEqualTo(404);

        // The greedy plan fills the 82599's five-tuple filters, which ixgbe's ethtool cannot reach.
        Http.Answer strict = http.get("/api/plans/" + after + "/export?format=ethtool");
        assertThat(strict.status()).as(strict.toString()).isEqualTo(422);
        assertThat(strict.contentType()).startsWith("application/problem+json");
        assertThat(strict.json().get("format").asText()).isEqualTo("ethtool");
        assertThat(strict.json().get("target").asText()).isEqualTo("Intel82599 (ixgbe)");
        assertThat(strict.json().get("reasons").toString()).contains("C-node FiveTuple").contains("(FTQF) are not reachable");

        String flexnic = submit(http, Workloads.request(NIC_FOR_EMBEDDING, 10, "greedy"));
        awaitEnd(http, flexnic, Duration.ofSeconds(60));
        Http.Answer otherNic = http.get("/api/plans/" + after + "/export?format=tc&from=" + flexnic);
        assertThat(otherNic.status()).as(otherNic.toString()).isEqualTo(422);
        assertThat(otherNic.json().get("detail").asText()).contains("a diff is between two plans of one NIC");
    }

    @Test
    void unknownPlansAre404() {
        assertThat(http.get("/api/plans/nope").status()).isEqualTo(404);
        assertThat(http.get("/api/plans/nope/status").status()).isEqualTo(404);
        assertThat(http.delete("/api/plans/nope").status()).isEqualTo(404);
        assertThat(http.postJson("/api/plans/nope/flows", Workloads.flows(1, 1)).status()).isEqualTo(404);
    }
}
