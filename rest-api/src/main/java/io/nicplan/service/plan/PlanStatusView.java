package io.nicplan.service.plan;

import io.nicplan.service.persistence.PlanStatus;
import java.time.Instant;
import java.util.Optional;

/** The lightweight answer of {@code GET /api/plans/{id}/status}, for polling. */
public record PlanStatusView(String id, PlanStatus status, int revision, boolean hasPlan, Instant updatedAt,
                             Optional<String> error) {
}
