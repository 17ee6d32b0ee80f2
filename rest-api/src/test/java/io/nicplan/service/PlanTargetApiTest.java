package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The plan request's {@code target} (docs/service.md): a {@code linux} plan exports to ethtool whole. */
class PlanTargetApiTest extends ServiceTest {
    @Test
    void aLinuxPlanOfThe82599ExportsToEthtoolWithoutBestEffort() throws Exception {
        ObjectNode req = Workloads.request("builtin:intel-82599", 40, "greedy");
        req.put("target", "linux");
        String id = PlanApiTest.submit(http, req);
        JsonNode view = PlanApiTest.awaitEnd(http, id, Duration.ofSeconds(60));
        assertThat(view.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(view.get("request").get("target").asText()).isEqualTo("linux");
        assertThat(view.get("plan").get("configuration").has("FiveTuple")).isFalse();
        Http.Answer ethtool = http.get("/api/plans/" + id + "/export?format=ethtool&dev=eth2");
        assertThat(ethtool.status()).as(ethtool.toString()).isEqualTo(200);
        assertThat(ethtool.body()).doesNotContain("best effort");
    }

    @Test
    void anUnknownTargetIsA422AtItsPointer() {
        ObjectNode req = Workloads.request("builtin:intel-82599", 3, "greedy");
        req.put("target", "bsd");
        Http.Answer a = http.postJson("/api/plans", req);
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/target");
    }
}
