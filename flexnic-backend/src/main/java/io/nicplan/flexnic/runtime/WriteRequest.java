package io.nicplan.flexnic.runtime;

import java.util.List;
import java.util.Objects;

/** A batch of updates with its atomicity and mode (P4Runtime {@code WriteRequest}). */
public record WriteRequest(List<Update> updates, Atomicity atomicity, WriteMode mode) {

    public WriteRequest {
        updates = List.copyOf(updates);
        Objects.requireNonNull(atomicity, "atomicity");
        Objects.requireNonNull(mode, "mode");
    }

    /** A batch committed all-or-nothing. */
    public static WriteRequest atomic(List<Update> updates) {
        return new WriteRequest(updates, Atomicity.ROLLBACK_ON_ERROR, WriteMode.COMMIT);
    }

    /** A batch whose good updates are committed even if others fail. */
    public static WriteRequest bestEffort(List<Update> updates) {
        return new WriteRequest(updates, Atomicity.CONTINUE_ON_ERROR, WriteMode.COMMIT);
    }

    /** The same batch, only verified. */
    public WriteRequest verifyOnly() {
        return new WriteRequest(updates, atomicity, WriteMode.VERIFY_ONLY);
    }
}
