package io.nicplan.service.plan;

import io.swagger.v3.oas.annotations.media.Schema;
import io.nicplan.service.persistence.PlanStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A plan job as the API shows it.
 *
 * @param id the job's id
 * @param nic the NIC description it plans for (id or {@code builtin:NAME})
 * @param status where the search is
 * @param revision 1 for the submitted inputs, +1 for each incremental change of flows
 * @param request the inputs of the current revision
 * @param plan the best plan found so far: configuration, flow placements, cost by term, explanation
 * @param lastChange what the last incremental change did to the plan (filters added and removed, moved flows)
 * @param error why the search failed or was interrupted
 * @param execution which service instances held the job and which one solved it (docs/service.md "A fleet")
 */
public record PlanView(String id, String nic, PlanStatus status, int revision, Instant createdAt, Instant updatedAt,
                       @Schema(implementation = PlanDocuments.Inputs.class,
                               description = "the inputs of the current revision") RawJson request,
                       @Schema(implementation = PlanDocuments.Plan.class, description = "the best plan so far")
                       Optional<RawJson> plan,
                       @Schema(implementation = PlanDocuments.Diff.class,
                               description = "the diff of the last incremental change")
                       Optional<RawJson> lastChange,
                       Optional<String> error,
                       Optional<PlanExecutionView> execution) {
}
