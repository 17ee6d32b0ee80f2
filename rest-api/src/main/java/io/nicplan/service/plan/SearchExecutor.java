package io.nicplan.service.plan;

import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.work.BoundedExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs plan searches on {@code nicplan.limits.concurrent-searches} threads with a waiting queue of
 * {@code nicplan.limits.search-queue-size}.
 */
@Component
class SearchExecutor extends BoundedExecutor {
    public SearchExecutor(LimitsProperties limits) {
        super("search", limits.concurrentSearches(), limits.searchQueueSize(), limits.retryAfter().toSeconds(),
                "nicplan.limits.concurrent-searches, nicplan.limits.search-queue-size");
    }
}
