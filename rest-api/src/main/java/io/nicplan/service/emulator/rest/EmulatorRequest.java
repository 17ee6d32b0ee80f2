package io.nicplan.service.emulator.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/emulators}: which NIC description to emulate. */
record EmulatorRequest(
        @Schema(description = "a NIC description: builtin name or NIC id", example = "builtin:flexnic",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank @Size(max = 300) String description) {
}
