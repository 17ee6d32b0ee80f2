package io.nicplan.flexnic.runtime;

/** The outcome of one update (the gRPC codes P4Runtime uses for writes). */
public enum StatusCode {
    OK,
    /** INSERT of an entry whose match key (and priority) is already installed. */
    ALREADY_EXISTS,
    /** MODIFY or DELETE of an entry that is not installed. */
    NOT_FOUND,
    /** INSERT into a full table. */
    RESOURCE_EXHAUSTED,
    /** The update is malformed for the program: unknown table, bad match, priority, action. */
    INVALID_ARGUMENT,
    /** Valid, but not applied because another update of a ROLLBACK_ON_ERROR batch failed. */
    ABORTED
}
