package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue #18, item 1, over HTTP: 3,000 and 10,000 UDP flows on FlexNIC (10,000 is the documented
 * limit per plan request) planned greedily, in one plan request and as one incremental change to an
 * empty plan. Each ends COMPLETED with every flow placed on a queue and verified by the embedder,
 * and no answer is a 5xx. The limits are the service's defaults for body size and flows; the answer
 * to a plan request does not wait for its preparation, so the test's client never races it. The
 * request deadline (which bounds the synchronous re-plan of {@code POST /api/plans/{id}/flows}) is
 * this class's {@link #PATIENCE}: the test is about scale, and a loaded 2-core machine can take
 * longer than the default 30 s for a 10,000-flow change (6 s of CPU on a quiet one).
 */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"nicplan.limits.max-body-size=2MB", "nicplan.limits.max-flows-per-plan=10000",
                "nicplan.limits.preparation-wait=0s", "nicplan.limits.request-deadline=5m",
                "spring.datasource.url=jdbc:h2:mem:many-flexnic-flows;DB_CLOSE_DELAY=-1"})
class ManyFlexNicFlowsOverHttpTest extends ServiceTest {
    private static final String FLEXNIC = "builtin:flexnic";
    /** Generous: a bound on a hung service, not a performance assertion (CI is a loaded 2-core machine). */
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @Test
    void aPlanRequestWithThreeThousandUdpFlowsIsPlanned() throws InterruptedException {
        assertPlannedInOneRequest(3_000);
    }

    @Test
    void aPlanRequestWithTenThousandUdpFlowsIsPlanned() throws InterruptedException {
        assertPlannedInOneRequest(10_000);
    }

    @Test
    void threeThousandUdpFlowsAddedToAPlanArePlanned() throws InterruptedException {
        assertPlannedAsOneChange(3_000);
    }

    @Test
    void tenThousandUdpFlowsAddedToAPlanArePlanned() throws InterruptedException {
        assertPlannedAsOneChange(10_000);
    }

    private void assertPlannedInOneRequest(int n) throws InterruptedException {
        ArrayNode flows = Workloads.udpFlows(n, 18);
        ObjectNode request = Workloads.request(FLEXNIC, 0, "greedy");
        request.set("flows", flows);
        Http.Answer a = http.postJson("/api/plans", request);
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        JsonNode done = PlanApiTest.awaitEnd(http, a.json().get("id").asText(), PATIENCE);
        assertThat(done.get("status").asText()).as(done.path("error").asText()).isEqualTo("COMPLETED");
        assertEveryFlowPlaced(done.get("plan"), flows);
    }

    private void assertPlannedAsOneChange(int n) throws InterruptedException {
        Http.Answer a = http.postJson("/api/plans", Workloads.request(FLEXNIC, 0, "greedy"));
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        String id = a.json().get("id").asText();
        assertThat(PlanApiTest.awaitEnd(http, id, PATIENCE).get("status").asText()).isEqualTo("COMPLETED");

        ArrayNode flows = Workloads.udpFlows(n, 18);
        Http.Answer added = http.postJson("/api/plans/" + id + "/flows", flows, PATIENCE);
        assertThat(added.status()).as(added.status() + " " + added.body().substring(0, Math.min(500, added.body().length())))
                .isEqualTo(200);
        JsonNode plan = added.json().get("plan");
        assertThat(plan.get("revision").asInt()).isEqualTo(2);
        assertThat(plan.get("status").asText()).isEqualTo("COMPLETED");
        assertEveryFlowPlaced(plan.get("plan"), flows);
    }

    private static void assertEveryFlowPlaced(JsonNode plan, ArrayNode flows) {
        Set<String> placed = new HashSet<>();
        for (JsonNode p : plan.get("placements")) {
            assertThat(p.get("queue").asInt()).as(p.toString()).isNotNegative();
            placed.add(p.get("flow").asText());
        }
        Set<String> asked = new HashSet<>();
        flows.forEach(f -> asked.add(f.get("id").asText()));
        assertThat(placed).isEqualTo(asked);
        assertThat(plan.get("verified").asBoolean()).as(plan.get("mismatches").toString()).isTrue();
    }
}
