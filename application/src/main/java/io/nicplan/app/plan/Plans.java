package io.nicplan.app.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.InputException;
import io.nicplan.descriptions.driver.DriverLimits;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Replanner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.bench.SearchBench;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostSpecException;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.plan.FlowPlacement;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.plan.PlanJson;
import io.nicplan.optimizer.plan.PlanText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Planning, the same for both doors: prepare a {@link PlanProblem} once (workload, software cycles measured
 * with the embedder, the objective checked against the NIC), then plan it outright or run it as a
 * {@link PlanSearch} with progress and cancellation, and re-plan it when flows change.
 *
 * <pre>{@code
 * Plans.Prepared prepared = Plans.prepare(PlanProblem.of(prg, state, Plans.readCost(costJson)));
 * Plan plan = prepared.plan();                       // or: prepared.search().run(better -> show(better))
 * PlanChange change = Plans.replan(prepared, plan, stateWithAnotherFlow);
 * }</pre>
 */
public final class Plans {
    private Plans() {
    }

    /** A problem ready to plan: its optimizer request, built and checked once. */
    public static final class Prepared {
        private final PlanProblem problem;
        private final Planner.Request request;

        private Prepared(PlanProblem problem, Planner.Request request) {
            this.problem = problem;
            this.request = request;
        }

        public PlanProblem problem() {
            return problem;
        }

        /** The optimizer's request (workload, measured cycles, source for the embedder's re-check). */
        public Planner.Request request() {
            return request;
        }

        /** The same measured problem searched with another strategy (checked again: exhaustive may refuse it). */
        public Prepared withStrategy(Strategy s) {
            return checked(problem.withStrategy(s), request.withStrategy(s));
        }

        /** Plans to the end of the strategy; the plan is re-checked by the embedder. */
        public Plan plan() {
            return search().run(p -> { });
        }

        /** A search to run once, with progress and cancellation. */
        public PlanSearch search() {
            return new PlanSearch(request);
        }
    }

    /**
     * A cost specification from JSON (docs/formats.md "Cost").
     *
     * @throws InputException at the problem's pointer within the specification
     */
    public static CostSpec readCost(String json) {
        try {
            return CostSpecReader.read(json);
        } catch (CostSpecException e) {
            throw InputException.of(e);
        }
    }

    /** As {@link #readCost(String)}, from a JSON tree. */
    public static CostSpec readCost(JsonNode json) {
        try {
            return CostSpecReader.read(json);
        } catch (CostSpecException e) {
            throw InputException.of(e);
        }
    }

    /** The strategy of a name ({@code optaplanner}, {@code greedy}, {@code exhaustive}, {@code default}). */
    public static Optional<Strategy> strategy(String name) {
        return Strategy.byName(name);
    }

    /** The planning target of a name ({@code hardware}, {@code linux}; docs/nic-descriptions.md "Driver-visible limits"). */
    public static Optional<Target> target(String name) {
        return Target.bySymbol(name);
    }

    /** Every target's name, for messages. */
    public static List<String> targetNames() {
        return Arrays.stream(Target.values()).map(Target::symbol).toList();
    }

    /** Every strategy's name, for messages. */
    public static List<String> strategyNames() {
        return Arrays.stream(Strategy.values()).map(Strategy::cliName).toList();
    }

    /**
     * Builds the optimizer's request for {@code problem}: the workload of its state, software cycles measured
     * with the embedder, the objective compiled against the NIC.
     *
     * @throws InputException when the NIC refutes the problem: at {@code /cost/...} for a cost specification
     *     naming what the NIC lacks, at {@code /strategy} when exhaustive search refuses an input this large,
     *     at the root when the NIC (or its Linux driver, under the {@code linux} target) has fewer queues than asked
     *     for, at {@code /target} when the target is {@code linux} and the NIC has no Linux driver
     */
    public static Prepared prepare(PlanProblem problem) {
        Planner.Request r;
        try {
            r = problem.queues().isPresent()
                    ? Planner.Request.fromState(problem.prg(), problem.state(), problem.cost(), problem.queues().getAsInt(),
                            problem.target())
                    : Planner.Request.fromState(problem.prg(), problem.state(), problem.cost(), problem.target());
        } catch (CostSpecException e) {
            throw InputException.of(e).within("/cost");
        } catch (IllegalArgumentException e) {
            boolean noDriver = problem.target() == Target.LINUX && !DriverLimits.hasLinuxDriver(problem.prg());
            throw new InputException("plan request", noDriver ? "/target" : "", e.getMessage());
        }
        r = r.withStrategy(problem.strategy()).withTimeLimit(problem.timeLimit()).withExplain(problem.explain());
        if (problem.stepLimit().isPresent()) {
            r = r.withStepLimit(problem.stepLimit().getAsInt());
        }
        return checked(problem, r);
    }

    private static Prepared checked(PlanProblem problem, Planner.Request r) {
        Optional<String> refusal;
        try {
            refusal = Planner.refusal(r);
        } catch (CostSpecException e) {
            throw InputException.of(e).within("/cost");
        } catch (IllegalArgumentException e) {
            throw new InputException("plan request", "", e.getMessage());
        }
        if (refusal.isPresent()) {
            throw new InputException("plan request", "/strategy", refusal.get());
        }
        return new Prepared(problem, r);
    }

    /**
     * Re-plans for {@code next}, the protocol state after flows were added or removed, from {@code current}
     * (the plan made for {@code prepared}): flows that stay keep their placements, new ones are placed greedily;
     * the new plan is re-checked against {@code next}.
     */
    public static PlanChange replan(Prepared prepared, Plan current, ProtocolState next) {
        Replanner.Replan r = Replanner.replan(prepared.request(), current, next);
        return new PlanChange(r.plan(), r.diff());
    }

    /**
     * The plan behind stored plan JSON (docs/formats.md "Plan") made for {@code prepared}: its placements, with
     * configuration and costs derived again.
     *
     * @throws IllegalStateException when the JSON names a mechanism this version does not know
     */
    public static Plan rebuild(Prepared prepared, JsonNode planJson) {
        Objects.requireNonNull(planJson, "planJson");
        List<FlowPlacement> placements = new ArrayList<>();
        for (JsonNode p : planJson.path("placements")) {
            Mechanism m = Mechanism.byJsonName(p.path("mechanism").asText())
                    .orElseThrow(() -> new IllegalStateException("stored plan names mechanism " + p.path("mechanism")));
            JsonNode q = p.path("queue");
            placements.add(new FlowPlacement(p.path("flow").asText(), m, q.isNumber() ? q.asInt() : -1,
                    p.path("fastPath").asBoolean()));
        }
        return Replanner.rebuild(prepared.request(), placements,
                planJson.path("strategy").asText(prepared.problem().strategy().cliName()), planJson.path("millis").asLong());
    }

    /**
     * The search benchmark: plans generated workloads of {@code sizes} flows (empty: 10 to 10,000) on the 82599
     * and FlexNIC with every strategy, printing time to plan and cost per row to {@code out}.
     */
    public static void benchmark(PrintStream out, List<Integer> sizes, long seed) {
        SearchBench.run(out, benchmarkOptions(sizes, seed));
    }

    /**
     * The search benchmark's rows as JSON (camelCase, as every output): per row the NIC, cost, flows, the lower
     * bound, and per strategy {@code {feasible, hard, cost, millis, gap?, note?}}, the witness, each strategy's
     * plan under Dragonet's cost and OptaPlanner's on Dragonet's cost. Nothing is printed while it runs.
     */
    public static String benchmarkJson(List<Integer> sizes, long seed) {
        List<SearchBench.Row> rows = SearchBench.run(new PrintStream(java.io.OutputStream.nullOutputStream()),
                benchmarkOptions(sizes, seed));
        com.fasterxml.jackson.databind.node.ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .arrayNode();
        for (SearchBench.Row row : rows) {
            ObjectNode o = out.addObject();
            o.put("nic", row.nic());
            o.put("cost", row.cost());
            o.put("flows", row.flows());
            o.put("lowerBound", row.bound());
            ObjectNode results = o.putObject("results");
            row.results().forEach((strategy, r) -> {
                ObjectNode x = result(results.putObject(strategy.cliName()), r);
                row.gap(strategy).ifPresent(g -> x.put("gap", g));
            });
            ObjectNode witness = result(o.putObject("witness"), row.witness());
            row.witnessGap().ifPresent(g -> witness.put("gap", g));
            ObjectNode under = o.putObject("underDragonetsCost");
            row.underDragonet().forEach((strategy, r) -> result(under.putObject(strategy.cliName()), r));
            if (row.optaplannerOnDragonetsCost() != null) {
                result(o.putObject("optaplannerOnDragonetsCost"), row.optaplannerOnDragonetsCost());
            }
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree built in memory could not be written", e);
        }
    }

    private static ObjectNode result(ObjectNode o, SearchBench.Result r) {
        if (r == null) {
            return o;
        }
        o.put("feasible", r.feasible());
        o.put("hard", r.hard());
        o.put("cost", r.cost());
        o.put("millis", r.millis());
        if (!r.note().isEmpty()) {
            o.put("note", r.note());
        }
        return o;
    }

    private static SearchBench.Options benchmarkOptions(List<Integer> sizes, long seed) {
        SearchBench.Options defaults = SearchBench.Options.defaults();
        return new SearchBench.Options(sizes.isEmpty() ? defaults.sizes() : sizes, seed,
                defaults.timeLimitPerThousandFlows());
    }

    /** A plan as JSON (docs/formats.md "Plan"). */
    public static ObjectNode toJson(Plan plan) {
        return PlanJson.toJson(plan);
    }

    /** A plan as indented JSON text. */
    public static String renderJson(Plan plan) {
        return PlanJson.render(plan);
    }

    /** A plan for people. */
    public static String renderText(Plan plan) {
        return PlanText.render(plan);
    }
}
