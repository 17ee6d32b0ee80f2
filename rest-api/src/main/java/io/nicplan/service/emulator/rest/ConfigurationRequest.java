package io.nicplan.service.emulator.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code PUT /api/emulators/{id}/configuration}: the plan whose configuration to write. */
record ConfigurationRequest(
        @Schema(description = "plan id; its current revision is written", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank @Size(max = 64) String plan) {
}
