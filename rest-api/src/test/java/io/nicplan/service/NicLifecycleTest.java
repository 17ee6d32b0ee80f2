package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #18, item 7: a description's name, deletion and the plans and emulators that use it. */
class NicLifecycleTest extends ServiceTest {

    @Test
    void aStoredDescriptionIsDeletedByNameAsItIsReadByName() {
        assertThat(http.post("/api/nics?name=lifecycle-by-name", "text/plain", NicApiTest.TWO_QUEUE).status()).isEqualTo(201);
        assertThat(http.get("/api/nics/lifecycle-by-name").status()).isEqualTo(200);
        Http.Answer deleted = http.delete("/api/nics/lifecycle-by-name");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(http.get("/api/nics/lifecycle-by-name").status()).isEqualTo(404);
    }

    @Test
    void aDescriptionThatPlansAndEmulatorsUseIsNotDeleted() {
        String flexnic = Descriptions.source("flexnic").orElseThrow();
        Http.Answer nic = http.post("/api/nics?name=lifecycle-used", "text/plain", flexnic);
        assertThat(nic.status()).as(nic.toString()).isEqualTo(201);
        String id = nic.json().get("id").asText();
        Http.Answer plan = http.postJsonAdmitted("/api/plans", Map.of("nic", "lifecycle-used", "strategy", "greedy",
                "flows", java.util.List.of()));
        assertThat(plan.status()).as(plan.toString()).isEqualTo(202);
        Http.Answer emulator = http.postJson("/api/emulators", Map.of("description", id));
        assertThat(emulator.status()).as(emulator.toString()).isEqualTo(201);

        Http.Answer refused = http.delete("/api/nics/" + id);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("usedBy").get("plans").get(0).asText()).isEqualTo(plan.json().get("id").asText());
        assertThat(refused.json().get("usedBy").get("emulators").get(0).asText())
                .isEqualTo(emulator.json().get("id").asText());
        assertThat(http.get("/api/nics/" + id).status()).isEqualTo(200);

        assertThat(http.delete("/api/emulators/" + emulator.json().get("id").asText()).status()).isEqualTo(204);
        assertThat(http.delete("/api/plans/" + plan.json().get("id").asText() + "?discard=true").status()).isEqualTo(204);
        assertThat(http.get("/api/plans/" + plan.json().get("id").asText()).status()).isEqualTo(404);
        assertThat(http.delete("/api/nics/lifecycle-used").status()).isEqualTo(204);
    }

    @Test
    void shippedNamesAreNeitherShadowedNorDeletedAndUnknownOnesAre404() {
        Http.Answer shadowing = http.post("/api/nics?name=flexnic", "text/plain", NicApiTest.TWO_QUEUE);
        assertThat(shadowing.status()).as(shadowing.toString()).isEqualTo(409);
        assertThat(shadowing.json().get("detail").asText()).contains("shipped description is named 'flexnic'");
        assertThat(http.delete("/api/nics/builtin:flexnic").status()).isEqualTo(409);
        assertThat(http.delete("/api/nics/flexnic").status()).isEqualTo(409);
        Http.Answer unknown = http.delete("/api/nics/builtin:no-such-nic");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.isProblem()).isTrue();
    }

    @Test
    void jsonWithTrailingGarbageIsRefused() {
        Http.Answer a = http.post("/api/plans", "application/json", "{\"nic\": \"builtin:flexnic\"} x");
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.isProblem()).isTrue();
    }
}
