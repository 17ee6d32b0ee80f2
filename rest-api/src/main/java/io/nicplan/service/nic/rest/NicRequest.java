package io.nicplan.service.nic.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A description submitted as JSON. */
record NicRequest(
        @Schema(description = "name to store it under; defaults to the graph's name", example = "my-nic")
        @Size(max = 128) String name,
        @Schema(description = "Unicorn text", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank String source) {
}
