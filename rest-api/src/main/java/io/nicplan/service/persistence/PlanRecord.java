package io.nicplan.service.persistence;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored plan job: its inputs (revision-numbered; an incremental change makes a new revision),
 * its status, and the best plan found so far.
 */
public record PlanRecord(String id, String nicRef, String requestJson, PlanStatus status, int revision,
                         Optional<String> resultJson, Optional<String> lastChangeJson, Optional<String> error,
                         Instant createdAt, Instant updatedAt) {
}
