package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue #18, item 4: emulators are budgeted by the heap they hold, not by a count, and one more than
 * the budget holds is a 507 problem, never an OutOfMemoryError.
 */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"nicplan.limits.emulator-memory=100MB",
                "spring.datasource.url=jdbc:h2:mem:emulator-budget;DB_CLOSE_DELAY=-1"})
class EmulatorMemoryBudgetTest extends ServiceTest {
    private static final long BUDGET = 100L << 20;

    @Test
    void emulatorsBeyondTheMemoryBudgetAre507AndDeletingOneMakesRoom() {
        List<String> made = new ArrayList<>();
        Http.Answer refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            Http.Answer a = http.postJson("/api/emulators", Map.of("description", "builtin:flexnic"));
            if (a.status() == 201) {
                made.add(a.json().get("id").asText());
            } else {
                refused = a;
            }
        }
        assertThat(refused).as("the budget ran out before 20 FlexNIC emulators").isNotNull();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(507);
        assertThat(refused.isProblem()).isTrue();
        JsonNode p = refused.json();
        assertThat(p.get("detail").asText()).contains("nicplan.limits.emulator-memory");
        assertThat(p.get("budgetBytes").asLong()).isEqualTo(BUDGET);
        assertThat(p.get("heldBytes").asLong()).isLessThanOrEqualTo(BUDGET);
        assertThat(p.get("heldBytes").asLong() + p.get("neededBytes").asLong()).isGreaterThan(BUDGET);
        assertThat(p.get("heldBytes").asLong()).isEqualTo(made.size() * p.get("neededBytes").asLong());
        assertThat(made).isNotEmpty();

        // An 82599 (128 queue pairs of rings) needs more than the whole budget on its own.
        Http.Answer big = http.postJson("/api/emulators", Map.of("description", "builtin:intel-82599"));
        assertThat(big.status()).as(big.toString()).isEqualTo(507);

        assertThat(http.delete("/api/emulators/" + made.get(0)).status()).isEqualTo(204);
        Http.Answer again = http.postJson("/api/emulators", Map.of("description", "builtin:flexnic"));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(http.get("/api/emulators").json().size()).isEqualTo(made.size());
    }
}
