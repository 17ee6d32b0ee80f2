package io.nicplan.optimizer.plan;

import io.nicplan.graph.config.ConfigValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A NIC configuration plan: whether it is feasible, its cost by term, every flow's placement, the
 * value of every steering C-node (keyed by C-node id, in the types of docs/nic-descriptions.md),
 * the per-queue software pipelines, and the explanation of its score.
 *
 * @param nic the NIC's name
 * @param strategy which search produced it
 * @param reasons why it is infeasible (empty when feasible)
 * @param total weighted soft cost
 * @param hard hard-rule penalty; 0 exactly when feasible
 * @param millis time taken to plan
 * @param verification the embedder's re-check of the placements, when the plan was made from a protocol state
 */
public record Plan(String nic, String strategy, boolean feasible, List<String> reasons, long total, long hard,
                   Map<String, TermCost> terms, List<FlowPlacement> placements, Map<String, ConfigValue> configuration,
                   List<QueuePipeline> pipelines, List<ConstraintExplanation> explanation, long millis,
                   Optional<Verification> verification) {
    /** Matches listed per constraint in an explanation. */
    public static final int MAX_MATCHES = 10;

    public Plan {
        reasons = List.copyOf(reasons);
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        placements = List.copyOf(placements);
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        pipelines = List.copyOf(pipelines);
        explanation = List.copyOf(explanation);
        java.util.Objects.requireNonNull(verification, "verification");
    }

    /** A plan not (yet) re-checked by the embedder. */
    public Plan(String nic, String strategy, boolean feasible, List<String> reasons, long total, long hard,
                Map<String, TermCost> terms, List<FlowPlacement> placements, Map<String, ConfigValue> configuration,
                List<QueuePipeline> pipelines, List<ConstraintExplanation> explanation, long millis) {
        this(nic, strategy, feasible, reasons, total, hard, terms, placements, configuration, pipelines, explanation, millis,
                Optional.empty());
    }

    /** This plan with the embedder's verdict attached. */
    public Plan withVerification(Verification v) {
        return new Plan(nic, strategy, feasible, reasons, total, hard, terms, placements, configuration, pipelines, explanation,
                millis, Optional.of(v));
    }

    /** True when the embedder re-checked the plan and every placement agrees. */
    public boolean verified() {
        return verification.map(Verification::agrees).orElse(false);
    }

    public Optional<FlowPlacement> placement(String flowId) {
        return placements.stream().filter(p -> p.flow().equals(flowId)).findFirst();
    }
}
