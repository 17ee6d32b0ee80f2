package io.nicplan.service.persistence;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored plan job: its inputs (revision-numbered; an incremental change makes a new revision),
 * its status, the best plan found so far, and which instances held and solved it.
 */
public record PlanRecord(String id, String nicRef, String requestJson, PlanStatus status, int revision,
                         Optional<String> resultJson, Optional<String> lastChangeJson, Optional<String> error,
                         Instant createdAt, Instant updatedAt, PlanExecution execution) {
}
