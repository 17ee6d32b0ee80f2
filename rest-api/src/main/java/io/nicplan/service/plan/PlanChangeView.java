package io.nicplan.service.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to an incremental change: the plan after it and the table writes that lead there
 * from the plan before ({@code {size, nodes: {C-NODE: {add, remove, move}}}}).
 */
public record PlanChangeView(PlanView plan, @Schema(implementation = PlanDocuments.Diff.class) JsonNode diff) {
}
