package io.nicplan.service.persistence;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored plan job: its inputs (revision-numbered; an incremental change makes a new revision),
 * its status, the best plan found so far, and which instances held and solved it. {@code version} is the row's
 * change count: every write that changes any of the other fields raises it, so an equal version is an equal record.
 */
public record PlanRecord(String id, String nicRef, String requestJson, PlanStatus status, int revision,
                         Optional<String> resultJson, Optional<String> lastChangeJson, Optional<String> error,
                         Instant createdAt, Instant updatedAt, PlanExecution execution, long version) {
}
