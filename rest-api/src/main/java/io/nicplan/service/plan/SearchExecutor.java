package io.nicplan.service.plan;

import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.work.BoundedExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs plan searches on {@code nicplan.limits.concurrent-searches} threads (by default one less than the
 * processors, so the threads that answer requests keep a core) with a waiting queue of
 * {@code nicplan.limits.search-queue-size}. The runners have the lowest priority: a search is CPU-bound for
 * hundreds of milliseconds, a read answers in a fraction of one, so reads go first when both want the core
 * (with {@code -XX:ThreadPriorityPolicy=1}, see {@link BoundedExecutor}).
 */
@Component
class SearchExecutor extends BoundedExecutor {
    public SearchExecutor(LimitsProperties limits) {
        super("search", limits.searchRunners(), limits.searchQueueSize(), limits.retryAfter().toSeconds(),
                "nicplan.limits.concurrent-searches, nicplan.limits.search-queue-size", Thread.MIN_PRIORITY);
    }
}
