package io.nicplan.service.persistence;

/** Life cycle of a plan job. */
public enum PlanStatus {
    /** Accepted, waiting for a search runner. */
    QUEUED,
    /** A search is running; the stored result is the best plan so far (if any). */
    SOLVING,
    /** The search ended on its own (time limit or proven optimum). */
    COMPLETED,
    /** Stopped early by DELETE; the best plan found until then is kept. */
    STOPPED,
    /** The search failed; {@code error} says why. */
    FAILED,
    /**
     * Given up after its holders died while solving it {@code nicplan.fleet.max-takeovers} times (a job that was
     * queued or running when an instance stopped is otherwise resumed); the best plan saved until then is kept.
     * Databases from before plan jobs were resumed also hold jobs a stop interrupted.
     */
    INTERRUPTED;

    public boolean isActive() {
        return this == QUEUED || this == SOLVING;
    }
}
