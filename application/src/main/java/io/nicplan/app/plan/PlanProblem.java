package io.nicplan.app.plan;

import io.nicplan.descriptions.driver.Target;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What to plan, as either door received it: a NIC's graph, the host's protocol state with its flows, the
 * objective, and how to search.
 *
 * @param timeLimit time budget of the optaplanner strategy, construction included
 * @param stepLimit when present, each optaplanner run ends after this many local-search steps (same plan on
 *     any machine); the time limit still caps the search
 * @param queues plan over the NIC's first N queues; empty for min(16, the NIC's queues)
 * @param explain whether the plan carries the per-constraint explanation
 * @param target what the plan is for: the NIC's hardware (the default), or what its Linux driver lets ethtool reach
 *     (docs/nic-descriptions.md "Driver-visible limits"), so the plan's ethtool export is exact
 */
public record PlanProblem(DataflowGraph prg, ProtocolState state, CostSpec cost, Strategy strategy, Duration timeLimit,
                          OptionalInt stepLimit, OptionalInt queues, boolean explain, Target target) {
    /** The command line's default search time. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(2);

    /** A problem for the {@code hardware} target. */
    public PlanProblem(DataflowGraph prg, ProtocolState state, CostSpec cost, Strategy strategy, Duration timeLimit,
                       OptionalInt stepLimit, OptionalInt queues, boolean explain) {
        this(prg, state, cost, strategy, timeLimit, stepLimit, queues, explain, Target.HARDWARE);
    }

    public PlanProblem {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(prg, "prg");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(timeLimit, "timeLimit");
        Objects.requireNonNull(stepLimit, "stepLimit");
        Objects.requireNonNull(queues, "queues");
    }

    /** OptaPlanner for {@link #DEFAULT_TIME_LIMIT}, no step limit, the default queues, with explanation, for the hardware. */
    public static PlanProblem of(DataflowGraph prg, ProtocolState state, CostSpec cost) {
        return new PlanProblem(prg, state, cost, Strategy.OPTAPLANNER, DEFAULT_TIME_LIMIT, OptionalInt.empty(),
                OptionalInt.empty(), true, Target.HARDWARE);
    }

    public PlanProblem withTarget(Target t) {
        return new PlanProblem(prg, state, cost, strategy, timeLimit, stepLimit, queues, explain, t);
    }

    public PlanProblem withStrategy(Strategy s) {
        return new PlanProblem(prg, state, cost, s, timeLimit, stepLimit, queues, explain, target);
    }

    public PlanProblem withTimeLimit(Duration d) {
        return new PlanProblem(prg, state, cost, strategy, d, stepLimit, queues, explain, target);
    }

    public PlanProblem withStepLimit(OptionalInt steps) {
        return new PlanProblem(prg, state, cost, strategy, timeLimit, steps, queues, explain, target);
    }

    public PlanProblem withQueues(OptionalInt n) {
        return new PlanProblem(prg, state, cost, strategy, timeLimit, stepLimit, n, explain, target);
    }

    public PlanProblem withExplain(boolean e) {
        return new PlanProblem(prg, state, cost, strategy, timeLimit, stepLimit, queues, e, target);
    }

    public PlanProblem withState(ProtocolState s) {
        return new PlanProblem(prg, s, cost, strategy, timeLimit, stepLimit, queues, explain, target);
    }
}
