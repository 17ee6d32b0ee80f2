package io.nicplan.service.plan;

import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.work.BoundedExecutor;
import io.nicplan.service.work.ThreadScheduling;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs plan searches on {@code nicplan.limits.concurrent-searches} threads (by default one less than the
 * processors, so the threads that answer requests keep a core) with a waiting queue of
 * {@code nicplan.limits.search-queue-size}. The runners are scheduled as {@code nicplan.search.scheduling}
 * says ({@code background} or {@code normal}), by default {@link ThreadScheduling#BACKGROUND}: a search is
 * CPU-bound for hundreds of milliseconds, a read answers in a fraction of one, so reads go first when both want
 * the core.
 */
@Component
class SearchExecutor extends BoundedExecutor {
    public SearchExecutor(LimitsProperties limits,
                          @Value("${nicplan.search.scheduling:background}") ThreadScheduling scheduling) {
        super("search", limits.searchRunners(), limits.searchQueueSize(), limits.retryAfter().toSeconds(),
                "nicplan.limits.concurrent-searches, nicplan.limits.search-queue-size", scheduling);
    }
}
