package io.nicplan.optimizer.solver;

import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.Term;
import org.optaplanner.core.api.domain.constraintweight.ConstraintConfiguration;
import org.optaplanner.core.api.domain.constraintweight.ConstraintWeight;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

/**
 * The soft constraints' weights, taken from the cost specification. A weight of zero switches a
 * constraint off entirely (its stream is not even evaluated).
 */
@ConstraintConfiguration(constraintPackage = PlanWeights.PACKAGE)
public class PlanWeights {
    /** The package every nicplan constraint is registered under. */
    public static final String PACKAGE = "io.nicplan.optimizer";
    /** Suffix of the companion constraint that charges a spread scope none of whose balanced queues any flow reaches. */
    public static final String IDLE = ": all queues idle";

    @ConstraintWeight("balance")
    private HardSoftLongScore balance = HardSoftLongScore.ZERO;
    @ConstraintWeight("balance" + IDLE)
    private HardSoftLongScore balanceIdle = HardSoftLongScore.ZERO;
    @ConstraintWeight("balanceByRate")
    private HardSoftLongScore balanceByRate = HardSoftLongScore.ZERO;
    @ConstraintWeight("balanceByRate" + IDLE)
    private HardSoftLongScore balanceByRateIdle = HardSoftLongScore.ZERO;
    @ConstraintWeight("priority")
    private HardSoftLongScore priority = HardSoftLongScore.ZERO;
    @ConstraintWeight("priority" + IDLE)
    private HardSoftLongScore priorityIdle = HardSoftLongScore.ZERO;
    @ConstraintWeight("static")
    private HardSoftLongScore staticSplit = HardSoftLongScore.ZERO;
    @ConstraintWeight("static" + IDLE)
    private HardSoftLongScore staticSplitIdle = HardSoftLongScore.ZERO;
    @ConstraintWeight("softwareCycles")
    private HardSoftLongScore softwareCycles = HardSoftLongScore.ZERO;
    @ConstraintWeight("crossCore")
    private HardSoftLongScore crossCore = HardSoftLongScore.ZERO;
    @ConstraintWeight("fastPath")
    private HardSoftLongScore fastPath = HardSoftLongScore.ZERO;
    @ConstraintWeight("churn")
    private HardSoftLongScore churn = HardSoftLongScore.ZERO;

    /** For the solver's cloner. */
    public PlanWeights() {
    }

    public PlanWeights(CostSpec spec) {
        balance = soft(spec, Term.BALANCE);
        balanceIdle = balance;
        balanceByRate = soft(spec, Term.BALANCE_BY_RATE);
        balanceByRateIdle = balanceByRate;
        priority = soft(spec, Term.PRIORITY);
        priorityIdle = priority;
        staticSplit = soft(spec, Term.STATIC);
        staticSplitIdle = staticSplit;
        softwareCycles = soft(spec, Term.SOFTWARE_CYCLES);
        crossCore = soft(spec, Term.CROSS_CORE);
        fastPath = soft(spec, Term.FAST_PATH);
        churn = soft(spec, Term.CHURN);
    }

    private static HardSoftLongScore soft(CostSpec spec, Term term) {
        return HardSoftLongScore.ofSoft(spec.weight(term));
    }
}
