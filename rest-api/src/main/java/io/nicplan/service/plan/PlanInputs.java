package io.nicplan.service.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.plan.PlanProblem;
import io.nicplan.app.plan.Plans;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.service.nic.ResolvedNic;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The checked inputs of one plan revision, and their normalized JSON (what is stored and shown):
 * {@code {nic, state (with its flows), cost, strategy, timeLimit, stepLimit?, explain, target?}}.
 */
public record PlanInputs(ResolvedNic nic, ProtocolState state, CostSpec cost, Strategy strategy, Duration timeLimit,
                         OptionalInt stepLimit, boolean explain, ObjectNode json) {

    /** The same problem the command line's {@code plan} builds (default queues: min(16, the NIC's)). */
    public PlanProblem problem() {
        return new PlanProblem(nic.graph(), state, cost, strategy, timeLimit, stepLimit, OptionalInt.empty(), explain,
                target());
    }

    /** The planning target: {@code hardware} unless the request named one (read, and so checked, by the reader). */
    public Target target() {
        return Plans.target(json.path("target").asText(Target.HARDWARE.symbol())).orElse(Target.HARDWARE);
    }

    /**
     * Inputs as {@link PlanInputReader#read} stored them ({@code json}, already checked), for {@code nic}: read by the
     * service when it resumes a job and by the search process for every job it runs.
     */
    static PlanInputs stored(ResolvedNic nic, ObjectNode json) {
        ProtocolState state = Embeddings.readState(json.get("state").toString());
        CostSpec cost = Plans.readCost(json.get("cost"));
        Strategy strategy = Plans.strategy(json.path("strategy").asText()).orElseThrow();
        OptionalInt stepLimit = json.has("stepLimit") ? OptionalInt.of(json.get("stepLimit").asInt()) : OptionalInt.empty();
        return new PlanInputs(nic, state, cost, strategy, Duration.parse(json.path("timeLimit").asText()), stepLimit,
                json.path("explain").asBoolean(true), json);
    }

    /** The same inputs with another time limit (a resumed job gets what is left of its own). */
    PlanInputs withTimeLimit(Duration limit) {
        ObjectNode changed = json.deepCopy();
        changed.put("timeLimit", limit.toString());
        return new PlanInputs(nic, state, cost, strategy, limit, stepLimit, explain, changed);
    }
}
