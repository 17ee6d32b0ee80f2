package io.nicplan.flexnic.runtime;

/** Whether a batch is applied or only checked (P4Runtime's VERIFY vs VERIFY_AND_COMMIT). */
public enum WriteMode {
    /** Check and apply. */
    COMMIT,
    /** Check every update exactly as a commit would, report statuses, change nothing. */
    VERIFY_ONLY
}
