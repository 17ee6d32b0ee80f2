package io.nicplan.service.plan;

import io.nicplan.service.persistence.PlanStatus;
import java.time.Instant;
import java.util.Optional;

/** A plan's state without its inputs and result: the answer of {@code GET /api/plans/{id}/status}, and list items. */
public record PlanStatusView(String id, String nic, PlanStatus status, int revision, boolean hasPlan,
                             Instant updatedAt, Optional<String> error) {
}
