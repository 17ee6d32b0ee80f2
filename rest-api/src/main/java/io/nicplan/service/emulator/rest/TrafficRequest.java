package io.nicplan.service.emulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.service.plan.PlanDocuments;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** {@code POST /api/emulators/{id}/traffic}: what to send; every member is optional. */
record TrafficRequest(
        @Schema(description = "flows in the protocol-state format, with their rates; default: the applied plan's flows",
                implementation = PlanDocuments.FlowList.class)
        JsonNode flows,
        @Schema(description = "simulated duration; each flow sends pps x duration packets (default PT1S)", type = "string",
                example = "PT0.5S")
        Duration duration,
        @Schema(description = "cap on packets per flow (default 100)") @Min(1) @Max(1_000_000) Integer maxPacketsPerFlow) {
}
