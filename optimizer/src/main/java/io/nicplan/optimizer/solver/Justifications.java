package io.nicplan.optimizer.solver;

import org.optaplanner.core.api.score.stream.ConstraintJustification;

/** The reasons the constraints give for their matches, rendered into a plan's explanation. */
public final class Justifications {
    private Justifications() {
    }

    /** A flow whose own placement costs something or breaks a rule. */
    public record FlowCharge(String flow, String placement, long value, String why) implements ConstraintJustification {
    }

    /** A queue whose load deviates from the mean of its spread term's queues. */
    public record QueueLoad(String scope, int queue, double load, double mean, long value) implements ConstraintJustification {
    }

    /** A balanced queue no flow of the scope reaches. */
    public record IdleQueue(String scope, int queue, double mean, long value) implements ConstraintJustification {
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
