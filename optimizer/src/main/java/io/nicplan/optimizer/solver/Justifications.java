package io.nicplan.optimizer.solver;

import java.util.List;
import org.optaplanner.core.api.score.stream.ConstraintJustification;

/** The reasons the constraints give for their matches, rendered into a plan's explanation. */
public final class Justifications {
    private Justifications() {
    }

    /** A flow whose own placement costs something or breaks a rule. */
    public record FlowCharge(String flow, String placement, long value, String why) implements ConstraintJustification {
    }

    /** A flow's per-flow soft term {@code term}: {@code value} in thousandths of {@code unit}, {@code cost} once weighted. */
    public record FlowTerm(String term, String flow, String placement, long value, String unit, long cost) implements ConstraintJustification {
    }

    /** A flow's charges through every per-flow term (one match of the per-flow terms' constraint). */
    public record FlowTerms(List<FlowTerm> charges) implements ConstraintJustification {
    }

    /**
     * A spread scope of {@code term} whose balanced queues' loads deviate from their mean; {@code value} is
     * sum (L_q - mean)^2 / mean in thousandths of the load's unit.
     */
    public record ScopeSpread(String term, String scope, int queues, double mean, long value) implements ConstraintJustification {
    }

    /** A spread scope of {@code term} none of whose balanced queues any of its flows reaches. */
    public record IdleScope(String term, String scope, int queues, double mean, long value) implements ConstraintJustification {
    }

    /**
     * A flow-count term ({@link io.nicplan.optimizer.cost.QueueCountTerm}, e.g. Dragonet's) over the whole plan:
     * its rejection ({@code reject} &gt; 0, a hard penalty) or its value in thousandths of flows.
     */
    public record CountCharge(String term, long reject, long value) implements ConstraintJustification {
    }

    /** A table with more entries than it holds. */
    public record TableOverflow(String table, long used, long capacity) implements ConstraintJustification {
    }

    /** A queue over one of its limits. */
    public record QueueOverLimit(String rule, int queue, long observed, long limit) implements ConstraintJustification {
    }

    /** Two overlapping flows whose entries would misdirect one of them. */
    public record OverlapConflict(String first, String firstPlacement, String second, String secondPlacement, String relation)
            implements ConstraintJustification {
    }
}
