package io.nicplan.service.plan;

import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.work.BoundedExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs plan searches on {@code nicplan.limits.concurrent-searches} threads (by default one less than the
 * processors, so the threads that answer requests keep a core) with a waiting queue of
 * {@code nicplan.limits.search-queue-size}.
 */
@Component
class SearchExecutor extends BoundedExecutor {
    public SearchExecutor(LimitsProperties limits) {
        super("search", limits.searchRunners(), limits.searchQueueSize(), limits.retryAfter().toSeconds(),
                "nicplan.limits.concurrent-searches, nicplan.limits.search-queue-size");
    }
}
