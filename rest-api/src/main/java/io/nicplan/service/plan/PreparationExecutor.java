package io.nicplan.service.plan;

import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.work.BoundedExecutor;
import org.springframework.stereotype.Component;

/**
 * Prepares plan requests (the workload, software cycles measured with the embedder, the objective
 * checked against the NIC: seconds for thousands of flows) on
 * {@code nicplan.limits.concurrent-preparations} threads, off the request threads, so a few large
 * requests cannot hold every thread the service answers with.
 */
@Component
class PreparationExecutor extends BoundedExecutor {
    public PreparationExecutor(LimitsProperties limits) {
        super("preparation", limits.concurrentPreparations(), limits.preparationQueueSize(),
                limits.retryAfter().toSeconds(),
                "nicplan.limits.concurrent-preparations, nicplan.limits.preparation-queue-size");
    }
}
