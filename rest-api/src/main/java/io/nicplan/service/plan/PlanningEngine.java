package io.nicplan.service.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.InvalidInputException;
import io.nicplan.embed.config.Configuration;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.domain.Workloads;
import io.nicplan.optimizer.Replanner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.baseline.ExhaustivePlanner;
import io.nicplan.optimizer.baseline.GreedyPlanner;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.solver.PlacementSolution;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.plan.PlanBuilder;
import io.nicplan.optimizer.plan.PlanDiff;
import io.nicplan.optimizer.plan.PlanJson;
import io.nicplan.optimizer.solver.PlacementSolver;
import io.nicplan.optimizer.solver.SolveOptions;
import io.nicplan.service.nic.ResolvedNic;
import io.nicplan.service.problem.ApiProblem;
import io.nicplan.service.problem.InputError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.springframework.stereotype.Component;

/**
 * The optimizer behind the plan resource: builds planner requests from checked inputs, runs
 * searches that report every better plan and can be stopped early, re-plans incrementally, and
 * renders plans and diffs as JSON.
 */
@Component
public class PlanningEngine {
    /** Shortest pause between two best-so-far plans written while OptaPlanner improves quickly. */
    private static final long PUBLISH_INTERVAL_NANOS = 250_000_000L;

    /** NIC models by description id: derived once per description, they never change. */
    private final Map<String, NicModel> models = new ConcurrentHashMap<>();
    /** The shipped LPG template, parsed on first use. */
    private volatile DataflowGraph lpgTemplate;

    /**
     * The host's protocol stack embedded behind every queue of the NIC configured as the plan says,
     * as text, JSON or DOT.
     */
    public String embedding(PlanInputs in, JsonNode plan, Embedder.Format format) {
        DataflowGraph prg = in.nic().graph();
        Embedder embedder = Embedder.standard();
        Configuration configuration;
        try {
            configuration = embedder.readConfiguration(prg, plan.path("configuration").toString());
        } catch (InvalidInputException e) {
            // The plan came from the optimizer, not from the client: this is a disagreement between
            // the optimizer and the NIC description, reported with the embedder's findings.
            throw ApiProblem.conflict("the plan's configuration does not fit " + prg.name() + ": " + e.getMessage(),
                    e.problems().stream().map(p -> new InputError("/plan/configuration" + p.pointer(), p.message()))
                            .toList());
        }
        return Embedder.render(embedder.embed(prg, lpgTemplate(), in.state(), configuration), format);
    }

    private DataflowGraph lpgTemplate() {
        DataflowGraph t = lpgTemplate;
        if (t == null) {
            t = Descriptions.graph(Descriptions.LPG);
            lpgTemplate = t;
        }
        return t;
    }

    /** The compact model of a NIC for the optimizer; IllegalArgumentException when it has no receive queue. */
    public NicModel model(ResolvedNic nic) {
        return models.computeIfAbsent(nic.id(), id -> NicModels.fromPrg(nic.graph()));
    }

    public Planner.Request request(PlanInputs in) {
        // The workload, embedding-measured software cycles and the embedder's re-check come from the optimizer's
        // own request builder, the same one the command line uses.
        return Planner.Request.fromState(in.nic().graph(), in.state(), in.cost())
                .withStrategy(in.strategy()).withTimeLimit(in.timeLimit()).withExplain(in.explain());
    }

    /**
     * Compiles the objective once, which finds what only the NIC can refute (e.g. a queue it lacks),
     * and answers why the strategy refuses the input, if it does (exhaustive search of a large one).
     */
    public Optional<String> check(PlanInputs in) {
        Planner.Request r = request(in);
        CostModel model = CostModel.compile(r.nic(), r.workload(), r.cost(), r.cycles(), Map.of(),
                rssPolicy(in.strategy()));
        return in.strategy() == Strategy.EXHAUSTIVE ? ExhaustivePlanner.refusal(model) : Optional.empty();
    }

    /** A search for the inputs: OptaPlanner reports progress and stops on request; the baselines run to the end. */
    public PlanSearch search(PlanInputs in) {
        Planner.Request r = request(in);
        if (in.strategy() == Strategy.OPTAPLANNER) {
            return new OptaPlannerSearch(r);
        }
        return new PlanSearch() {
            @Override
            public JsonNode run(Consumer<JsonNode> onBetter) {
                return PlanJson.toJson(Planner.plan(r));
            }

            @Override
            public void stop() {
                // Greedy, default and exhaustive (which refuses large inputs) end quickly on their own.
            }
        };
    }

    /** A re-plan: the new plan and the table writes from the current one. */
    public record Change(JsonNode plan, JsonNode diff) {
    }

    /** Adds flows to the plan made for {@code in} (whose current plan is {@code current}). */
    public Change add(PlanInputs in, JsonNode current, List<io.nicplan.embed.state.Flow> added) {
        List<Flow> flows = new ArrayList<>();
        for (io.nicplan.embed.state.Flow f : added) {
            flows.add(Workloads.flow(f, in.state().endpoints()));
        }
        Planner.Request r = request(in);
        return change(Replanner.add(r, rebuild(in, current), flows));
    }

    /** Removes flows from the plan made for {@code in}. */
    public Change remove(PlanInputs in, JsonNode current, Set<String> flowIds) {
        Planner.Request r = request(in);
        return change(Replanner.remove(r, rebuild(in, current), flowIds));
    }

    /** The plan object behind stored plan JSON: its placements, with configuration and costs derived again. */
    Plan rebuild(PlanInputs in, JsonNode planJson) {
        Planner.Request r = request(in);
        CostModel model = CostModel.compile(r.nic(), r.workload(), r.cost(), r.cycles(), Map.of(), rssPolicy(in.strategy()));
        Map<String, Placement> byFlow = new HashMap<>();
        for (JsonNode p : planJson.path("placements")) {
            Mechanism m = Mechanism.byJsonName(p.path("mechanism").asText())
                    .orElseThrow(() -> new IllegalStateException("stored plan names mechanism " + p.path("mechanism")));
            JsonNode q = p.path("queue");
            byFlow.put(p.path("flow").asText(),
                    new Placement(m, q.isNumber() ? q.asInt() : Placement.SPREAD, p.path("fastPath").asBoolean()));
        }
        List<Placement> ordered = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            Placement p = byFlow.get(model.flow(i).id());
            ordered.add(p != null ? p : model.unfiltered(i));
        }
        return PlanBuilder.build(model, ordered, planJson.path("strategy").asText(in.strategy().cliName()),
                planJson.path("millis").asLong(), in.explain());
    }

    private static Change change(Replanner.Replan replan) {
        return new Change(PlanJson.toJson(replan.plan()), diffJson(replan.diff()));
    }

    /** A diff as JSON: {@code {size, nodes: {C-NODE: {add: [...], remove: [...], move: [{from, to}]}}}}. */
    static JsonNode diffJson(PlanDiff diff) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("size", diff.size());
        ObjectNode nodes = root.putObject("nodes");
        diff.nodes().forEach((id, d) -> {
            ObjectNode n = nodes.putObject(id);
            d.add().forEach(v -> n.withArray("add").add(PlanJson.value(v)));
            d.remove().forEach(v -> n.withArray("remove").add(PlanJson.value(v)));
            d.move().forEach(m -> {
                ObjectNode mv = n.withArray("move").addObject();
                mv.set("from", PlanJson.value(m.from()));
                mv.set("to", PlanJson.value(m.to()));
            });
        });
        return root;
    }

    private static CostModel.RssPolicy rssPolicy(Strategy s) {
        return s == Strategy.DEFAULT ? CostModel.RssPolicy.NIC_DEFAULT : CostModel.RssPolicy.PLANNED;
    }

    /**
     * OptaPlanner from the better of two greedy orders (as {@link Planner} does), publishing the
     * constructed plan first and then each better plan at most every 250 ms; {@link #stop()}
     * ends the local search early with its best plan.
     */
    private static final class OptaPlannerSearch implements PlanSearch {
        private final Planner.Request request;
        private final AtomicReference<Solver<PlacementSolution>> solver = new AtomicReference<>();
        private volatile boolean stopped;
        private volatile boolean finished;

        OptaPlannerSearch(Planner.Request request) {
            this.request = request;
        }

        @Override
        public JsonNode run(Consumer<JsonNode> onBetter) {
            try {
                return search(onBetter);
            } finally {
                finished = true;
            }
        }

        private JsonNode search(Consumer<JsonNode> onBetter) {
            long t0 = System.nanoTime();
            CostModel model = CostModel.compile(request.nic(), request.workload(), request.cost(), request.cycles());
            List<Placement> dragonet = GreedyPlanner.plan(model);
            List<Placement> heavy = GreedyPlanner.plan(model, GreedyPlanner.heavyFirst(model));
            List<Placement> start = CostState.of(model, heavy).cost().betterThan(CostState.of(model, dragonet).cost())
                    ? heavy : dragonet;
            onBetter.accept(build(model, start, t0));
            if (model.flowCount() == 0 || stopped) {
                return build(model, start, t0);
            }
            Duration left = request.timeLimit().minusNanos(System.nanoTime() - t0).minusMillis(100 + model.flowCount() / 50);
            if (left.toMillis() < 100) {
                left = Duration.ofMillis(100);
            }
            Solver<PlacementSolution> s = SolverFactory.<PlacementSolution>create(PlacementSolver.config(SolveOptions.of(left)))
                    .buildSolver();
            long[] lastPublished = {System.nanoTime()};
            s.addEventListener(event -> {
                long now = System.nanoTime();
                if (now - lastPublished[0] >= PUBLISH_INTERVAL_NANOS) {
                    lastPublished[0] = now;
                    List<Placement> better = event.getNewBestSolution().placements();
                    if (better.stream().allMatch(java.util.Objects::nonNull)) {
                        onBetter.accept(build(model, better, t0));
                    }
                }
            });
            solver.set(s);
            if (stopped) {
                return build(model, start, t0);
            }
            PlacementSolution best = s.solve(PlacementSolution.of(model, start));
            List<Placement> found = best.placements();
            boolean complete = found.stream().allMatch(java.util.Objects::nonNull);
            List<Placement> result = complete
                    && CostState.of(model, found).cost().betterThan(CostState.of(model, start).cost()) ? found : start;
            return build(model, result, t0);
        }

        private JsonNode build(CostModel model, List<Placement> placements, long t0) {
            long millis = (System.nanoTime() - t0) / 1_000_000;
            return PlanJson.toJson(PlanBuilder.build(model, placements, Strategy.OPTAPLANNER.cliName(), millis,
                    request.explain()));
        }

        @Override
        public void stop() {
            stopped = true;
            // solve() clears a terminateEarly() that comes before it has started, so wait until the
            // solver runs (or the search has ended) before asking; a few milliseconds at most.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!finished && System.nanoTime() < deadline) {
                Solver<PlacementSolution> s = solver.get();
                if (s != null && s.isSolving()) {
                    s.terminateEarly();
                    return;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
