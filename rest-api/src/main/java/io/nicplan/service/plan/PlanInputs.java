package io.nicplan.service.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.service.nic.ResolvedNic;
import java.time.Duration;

/**
 * The checked inputs of one plan revision, and their normalized JSON (what is stored and shown):
 * {@code {nic, state (with its flows), cost, strategy, timeLimit, explain}}.
 */
public record PlanInputs(ResolvedNic nic, ProtocolState state, CostSpec cost, Strategy strategy, Duration timeLimit,
                         boolean explain, ObjectNode json) {
}
