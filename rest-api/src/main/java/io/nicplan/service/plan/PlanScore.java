package io.nicplan.service.plan;

import io.nicplan.optimizer.plan.Plan;

/**
 * What the service needs of a plan while its search runs: enough to order plans and to tell subscribers about a
 * better one, without the plan itself (which may live in the search process, docs/service.md "The search process").
 */
record PlanScore(String strategy, boolean feasible, long hard, long total) {

    static PlanScore of(Plan plan) {
        return new PlanScore(plan.strategy(), plan.feasible(), plan.hard(), plan.total());
    }

    /** Whether this plan beats {@code other}: feasible first, then fewer hard-rule violations, then lower cost. */
    boolean beats(PlanScore other) {
        if (feasible != other.feasible) {
            return feasible;
        }
        if (hard != other.hard) {
            return hard < other.hard;
        }
        return total < other.total;
    }
}
