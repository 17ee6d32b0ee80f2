package io.nicplan.flexnic.runtime;

/**
 * What happens to the good updates of a batch with a bad one (P4Runtime {@code Atomicity}).
 * Either way a committed batch reaches the packet path as one snapshot swap, so packets never
 * see half a batch (P4Runtime's DATAPLANE_ATOMIC comes for free).
 */
public enum Atomicity {
    /** Apply every update that succeeds; report the others. */
    CONTINUE_ON_ERROR,
    /** Apply the batch only if every update succeeds; otherwise change nothing. */
    ROLLBACK_ON_ERROR
}
