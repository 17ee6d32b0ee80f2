package io.nicplan.service.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.service.persistence.PlanExecution;
import io.nicplan.service.persistence.PlanRecord;
import io.nicplan.service.persistence.PlanStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The rendered-plan cache: reused while the record is unchanged, re-rendered on a change, bounded by its budget. */
class RenderedPlansTest {
    private final AtomicInteger renderings = new AtomicInteger();
    private final Function<PlanRecord, byte[]> render = r -> {
        renderings.incrementAndGet();
        return ("{\"id\":\"" + r.id() + "\",\"revision\":" + r.revision() + "}").getBytes(StandardCharsets.UTF_8);
    };

    private static PlanRecord record(String id, int revision, int resultChars) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new PlanRecord(id, "builtin:intel-82599", "{}", PlanStatus.COMPLETED, revision,
                Optional.of("x".repeat(resultChars)), Optional.empty(), Optional.empty(), t, t,
                PlanExecution.acceptedBy("i0"), revision);
    }

    @Test
    void anEqualRecordIsServedFromMemoryAndAChangedOneIsRenderedAgain() {
        RenderedPlans cache = new RenderedPlans();
        RenderedPlans.Rendered first = cache.of(record("p1", 1, 10), render);
        // An equal record read again from the database (other String instances) is the same plan.
        RenderedPlans.Rendered again = cache.of(record("p1", 1, 10), render);
        assertThat(again).isSameAs(first);
        assertThat(renderings).hasValue(1);

        RenderedPlans.Rendered changed = cache.of(record("p1", 2, 10), render);
        assertThat(renderings).hasValue(2);
        assertThat(changed.etag()).isNotEqualTo(first.etag());
        assertThat(changed.etag()).isEqualTo(RenderedPlans.etag(changed.body()));
    }

    @Test
    void overItsBudgetTheLeastRecentlyReadPlanIsDropped() {
        RenderedPlans cache = new RenderedPlans();
        // Each entry holds 2 bytes per result char: three of these fill the budget, a fourth overflows it.
        int chars = (int) (RenderedPlans.BUDGET_BYTES / 2 / 3) - 100;
        PlanRecord a = record("a", 1, chars);
        PlanRecord b = record("b", 1, chars);
        PlanRecord c = record("c", 1, chars);
        cache.of(a, render);
        cache.of(b, render);
        cache.of(c, render);
        cache.of(a, render); // a is now read more recently than b
        assertThat(renderings).hasValue(3);
        cache.of(record("d", 1, chars), render);
        assertThat(cache.heldBytes()).isLessThanOrEqualTo(RenderedPlans.BUDGET_BYTES);

        cache.of(a, render);
        cache.of(c, render);
        assertThat(renderings).as("a and c kept").hasValue(4);
        cache.of(b, render);
        assertThat(renderings).as("b was dropped").hasValue(5);
    }

    @Test
    void aDeletedPlanIsForgotten() {
        RenderedPlans cache = new RenderedPlans();
        cache.of(record("p1", 1, 10), render);
        long held = cache.heldBytes();
        assertThat(held).isPositive();
        cache.evict("p1");
        assertThat(cache.heldBytes()).isZero();
        cache.of(record("p1", 1, 10), render);
        assertThat(renderings).hasValue(2);
    }
}
