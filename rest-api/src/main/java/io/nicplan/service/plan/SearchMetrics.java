package io.nicplan.service.plan;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nicplan.service.persistence.PlanStatus;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The plan searches' meters (docs/service.md "Operations"): searches waiting for and holding a runner,
 * searches finished by how they ended, their time by strategy and outcome, and the better plans they found.
 */
@Component
class SearchMetrics {
    private final MeterRegistry registry;

    SearchMetrics(MeterRegistry registry, SearchExecutor executor) {
        this.registry = registry;
        Gauge.builder("nicplan.searches.queued", executor, SearchExecutor::waiting)
                .description("plan jobs waiting for a search runner").register(registry);
        Gauge.builder("nicplan.searches.running", executor, SearchExecutor::running)
                .description("plan jobs a search runner is preparing or searching").register(registry);
    }

    /** A search ended ({@code COMPLETED}, {@code STOPPED}, {@code FAILED}) after {@code took}. */
    void finished(String strategy, PlanStatus status, Duration took) {
        Counter.builder("nicplan.searches.finished").description("plan searches that ended, by how")
                .tag("strategy", strategy).tag("status", status.name()).register(registry).increment();
        Timer.builder("nicplan.search.time").description("time from a search's start to its end")
                .tag("strategy", strategy).tag("status", status.name()).register(registry).record(took);
    }

    /** A search found a better plan than its best so far (the solver's score improved). */
    void improved(String strategy) {
        Counter.builder("nicplan.search.improvements").description("better plans found while searching")
                .tag("strategy", strategy).register(registry).increment();
    }
}
