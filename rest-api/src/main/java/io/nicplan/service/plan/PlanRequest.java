package io.nicplan.service.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;

/** {@code POST /api/plans}: what to plan for, under which cost, with which search. */
public record PlanRequest(
        @Schema(description = "NIC description: an id, builtin:NAME or a name", example = "builtin:intel-82599",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank @Size(max = 300) String nic,
        @Schema(description = "protocol state (interfaces, applications, endpoints, optionally flows); docs/formats.md",
                implementation = PlanDocuments.ProtocolState.class)
        JsonNode state,
        @Schema(description = "the flows, if not inside state; docs/formats.md",
                implementation = PlanDocuments.FlowList.class)
        JsonNode flows,
        @Schema(description = "cost specification; default {\"terms\": {\"balance\": 1}}",
                implementation = PlanDocuments.CostSpecification.class)
        JsonNode cost,
        @Schema(description = "optaplanner (default), greedy, exhaustive, default or dragonet", example = "greedy")
        String strategy,
        @Schema(description = "time limit of the optaplanner search, ISO-8601 (PT5S) or seconds", example = "PT5S",
                type = "string")
        Duration timeLimit,
        @Schema(description = "whether the plan carries the per-constraint explanation (default true)")
        Boolean explain,
        @Schema(description = "end each optaplanner run after this many local-search steps instead of by time, so the "
                + "same request gives the same plan on any machine (the time limit still caps the search)", example = "400")
        Integer stepLimit,
        @Schema(description = "hardware (default): everything the NIC description has; linux: only what the NIC's Linux "
                + "driver exposes, so the plan's ethtool export takes it whole (docs/nic-descriptions.md)", example = "linux")
        String target) {
}
