package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.InputException;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.plan.Plans;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.nic.NicService;
import io.nicplan.service.nic.ResolvedNic;
import io.nicplan.service.problem.ApiProblem;
import io.nicplan.service.problem.InputError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * Checks a plan request at the edge and reports every problem at its JSON pointer in the request
 * ({@code /nic}, {@code /state/endpoints/2/local}, {@code /flows/7/pps}, {@code /cost/terms/x}, ...).
 */
@Component
class PlanInputReader {
    /** Dragonet's objective: spread flows evenly over the queues. */
    static final String DEFAULT_COST = "{\"terms\": {\"balance\": 1}}";

    private final NicService nics;
    private final LimitsProperties limits;
    private final ObjectMapper json;

    public PlanInputReader(NicService nics, LimitsProperties limits, ObjectMapper json) {
        this.nics = nics;
        this.limits = limits;
        this.json = json;
    }

    /**
     * Checks a new request as far as it can without the NIC's model (cheap: its shape, names, limits,
     * the state and cost as JSON); 422 listing every problem, 413 above the flow limit. What the NIC
     * refutes is found by {@link #prepare}.
     */
    public PlanInputs read(PlanRequest r) {
        List<InputError> errors = new ArrayList<>();
        Optional<ResolvedNic> nic = nics.find(r.nic());
        if (nic.isEmpty()) {
            errors.add(new InputError("/nic", "no NIC description '" + r.nic() + "' (an id, builtin:NAME or a name)"));
        }
        ObjectNode state = json.createObjectNode();
        if (r.state() != null && !r.state().isNull()) {
            if (r.state() instanceof ObjectNode o) {
                state = o.deepCopy();
            } else {
                errors.add(new InputError("/state", "a protocol state is a JSON object"));
            }
        }
        boolean topLevelFlows = r.flows() != null && !r.flows().isNull();
        if (topLevelFlows) {
            if (state.has("flows")) {
                errors.add(new InputError("/flows", "give the flows either in /flows or in /state/flows, not in both"));
            } else {
                state.set("flows", r.flows());
            }
        }
        checkFlowCount(state.path("flows"));
        Strategy strategy = Strategy.OPTAPLANNER;
        if (r.strategy() != null) {
            Optional<Strategy> s = Plans.strategy(r.strategy());
            if (s.isEmpty()) {
                errors.add(new InputError("/strategy", "unknown strategy '" + r.strategy() + "'; one of "
                        + Plans.strategyNames()));
            } else {
                strategy = s.get();
            }
        }
        Duration timeLimit = r.timeLimit() == null ? limits.defaultTimeLimit() : r.timeLimit();
        if (timeLimit.isNegative() || timeLimit.isZero() || timeLimit.compareTo(limits.maxTimeLimit()) > 0) {
            errors.add(new InputError("/timeLimit", "time limit " + timeLimit + " is not in (0, " + limits.maxTimeLimit()
                    + "] (nicplan.limits.max-time-limit)"));
        }
        OptionalInt stepLimit = OptionalInt.empty();
        if (r.stepLimit() != null) {
            if (r.stepLimit() < 1) {
                errors.add(new InputError("/stepLimit", "step limit " + r.stepLimit() + " must be at least 1"));
            } else {
                stepLimit = OptionalInt.of(r.stepLimit());
            }
        }
        if (r.target() != null && Plans.target(r.target()).isEmpty()) {
            errors.add(new InputError("/target", "unknown target '" + r.target() + "'; one of " + Plans.targetNames()));
        }
        JsonNode costNode = r.cost() == null || r.cost().isNull() ? parse(DEFAULT_COST) : r.cost();
        boolean explain = r.explain() == null || r.explain();

        UnaryOperator<String> statePointer = p -> topLevelFlows && (p.equals("/flows") || p.startsWith("/flows/"))
                ? p : "/state" + p;
        Optional<ProtocolState> protocolState = readState(state, statePointer, errors);
        Optional<CostSpec> cost = readCost(costNode, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidInput("plan request", errors);
        }
        ObjectNode normalized = json.createObjectNode();
        normalized.put("nic", nic.get().id());
        normalized.set("state", state);
        normalized.set("cost", costNode);
        normalized.put("strategy", strategy.cliName());
        normalized.put("timeLimit", timeLimit.toString());
        stepLimit.ifPresent(n -> normalized.put("stepLimit", n));
        normalized.put("explain", explain);
        if (r.target() != null) {
            normalized.put("target", Plans.target(r.target()).orElseThrow().symbol());
        }
        PlanInputs in = new PlanInputs(nic.get(), protocolState.get(), cost.get(), strategy, timeLimit, stepLimit, explain,
                normalized);
        return in;
    }

    /** Reads inputs stored by {@link #read}; a NIC description deleted since makes them unusable (409). */
    public PlanInputs stored(String planId, String requestJson) {
        ObjectNode n = (ObjectNode) parse(requestJson);
        String nicRef = n.path("nic").asText();
        ResolvedNic nic = nics.find(nicRef).orElseThrow(() -> ApiProblem.conflict(
                "plan " + planId + " was made for NIC description '" + nicRef + "', which has been deleted"));
        return PlanInputs.stored(nic, n);
    }

    /**
     * The inputs with {@code added} flows appended; problems are reported at {@code /flows/i} of
     * the change request.
     */
    public record Addition(PlanInputs inputs, List<io.nicplan.embed.state.Flow> added) {
    }

    public Addition addFlows(PlanInputs current, JsonNode flows) {
        if (!(flows instanceof ArrayNode added) || added.isEmpty()) {
            throw ApiProblem.invalidInput("flows", List.of(new InputError("/flows", "a non-empty array of flows")));
        }
        ObjectNode state = current.json().get("state").deepCopy();
        ArrayNode all = state.has("flows") ? (ArrayNode) state.get("flows") : state.putArray("flows");
        int before = all.size();
        all.addAll(added);
        checkFlowCount(all);
        List<InputError> errors = new ArrayList<>();
        UnaryOperator<String> pointer = p -> {
            if (p.startsWith("/flows/")) {
                String rest = p.substring("/flows/".length());
                int slash = rest.indexOf('/');
                String index = slash < 0 ? rest : rest.substring(0, slash);
                if (index.chars().allMatch(Character::isDigit) && !index.isEmpty()) {
                    int i = Integer.parseInt(index);
                    if (i >= before) {
                        return "/flows/" + (i - before) + (slash < 0 ? "" : rest.substring(slash));
                    }
                }
            }
            return "/state" + p;
        };
        Optional<ProtocolState> s = readState(state, pointer, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidInput("flows", errors);
        }
        ObjectNode normalized = current.json().deepCopy();
        normalized.set("state", state);
        List<io.nicplan.embed.state.Flow> newFlows = s.get().flows().subList(before, s.get().flows().size());
        PlanInputs next = new PlanInputs(current.nic(), s.get(), current.cost(), current.strategy(), current.timeLimit(),
                current.stepLimit(), current.explain(), normalized);
        prepare(next);
        return new Addition(next, List.copyOf(newFlows));
    }

    /** The inputs without one flow; 404 when the plan has no such flow. */
    public PlanInputs removeFlow(String planId, PlanInputs current, String flowId) {
        if (current.state().flow(flowId).isEmpty()) {
            throw ApiProblem.notFound("flow in plan " + planId, flowId);
        }
        ObjectNode normalized = current.json().deepCopy();
        ArrayNode flows = (ArrayNode) normalized.get("state").get("flows");
        for (int i = 0; i < flows.size(); i++) {
            if (flows.get(i).path("id").asText().equals(flowId)) {
                flows.remove(i);
                break;
            }
        }
        return new PlanInputs(current.nic(), current.state().withFlows(current.state().flows().stream()
                .filter(f -> !f.id().equals(flowId)).toList()), current.cost(), current.strategy(), current.timeLimit(),
                current.stepLimit(), current.explain(), normalized);
    }

    private void checkFlowCount(JsonNode flows) {
        if (flows.isArray() && flows.size() > limits.maxFlowsPerPlan()) {
            throw ApiProblem.tooLarge(flows.size() + " flows exceed the limit of " + limits.maxFlowsPerPlan()
                    + " per plan (nicplan.limits.max-flows-per-plan)");
        }
    }

    /**
     * The inputs prepared for planning (workload, software cycles measured with the embedder); what only the NIC
     * can refute (a queue it lacks, an input too large for exhaustive search) is a 422 at its pointer.
     */
    public Plans.Prepared prepare(PlanInputs in) {
        try {
            return Plans.prepare(in.problem());
        } catch (InputException e) {
            throw ApiProblem.invalidInput("plan request", e.problems().stream()
                    .map(p -> new InputError(p.pointer(), p.message())).toList());
        }
    }

    private Optional<ProtocolState> readState(ObjectNode state, UnaryOperator<String> pointer, List<InputError> errors) {
        try {
            return Optional.of(Embeddings.readState(json.writeValueAsString(state)));
        } catch (InputException e) {
            for (InputException.Problem p : e.problems()) {
                errors.add(new InputError(pointer.apply(p.pointer()), p.message()));
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static Optional<CostSpec> readCost(JsonNode cost, List<InputError> errors) {
        try {
            return Optional.of(Plans.readCost(cost));
        } catch (InputException e) {
            e.problems().forEach(p -> errors.add(new InputError("/cost" + p.pointer(), p.message())));
            return Optional.empty();
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }
}
