package io.nicplan.optimizer;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.baseline.DefaultPlanner;
import io.nicplan.optimizer.baseline.ExhaustivePlanner;
import io.nicplan.optimizer.baseline.GreedyPlanner;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.SoftwareCostTable;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.domain.Workloads;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.plan.PlanBuilder;
import io.nicplan.optimizer.plan.PlanVerifier;
import io.nicplan.optimizer.solver.PlacementSolver;
import io.nicplan.optimizer.solver.SolveOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The optimizer's entry point for the command line and the service: plan a workload on a NIC under a
 * cost specification with a chosen strategy.
 */
public final class Planner {
    /** Queues a plan made from a protocol state uses when the caller does not say (the 82599's RSS reach). */
    public static final int DEFAULT_QUEUES = 16;

    private Planner() {
    }

    /**
     * One planning request.
     *
     * @param nic the NIC's compact model
     * @param workload flows, application cores, queue cores
     * @param cost the objective
     * @param cycles software cycles per packet, from the embedding
     * @param strategy which search to run
     * @param timeLimit time budget of the optaplanner strategy, construction included (others ignore it)
     * @param explain whether the plan carries the per-constraint explanation
     * @param source the PRG and protocol state the workload came from; when given, the plan is re-checked
     *     with the embedder ({@link Plan#verification()})
     */
    public record Request(NicModel nic, Workload workload, CostSpec cost, SoftwareCostTable cycles, Strategy strategy,
                          Duration timeLimit, boolean explain, Optional<Source> source) {
        public Request {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(nic, "nic");
            Objects.requireNonNull(workload, "workload");
            Objects.requireNonNull(cost, "cost");
            Objects.requireNonNull(cycles, "cycles");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(timeLimit, "timeLimit");
        }

        /** A request without a protocol state behind it (no embedder re-check). */
        public Request(NicModel nic, Workload workload, CostSpec cost, SoftwareCostTable cycles, Strategy strategy,
                       Duration timeLimit, boolean explain) {
            this(nic, workload, cost, cycles, strategy, timeLimit, explain, Optional.empty());
        }

        /**
         * A request for a protocol state on a parsed PRG with {@link #DEFAULT_QUEUES} queues (fewer when
         * the NIC has fewer): see {@link #fromState(DataflowGraph, ProtocolState, CostSpec, int)}.
         */
        public static Request fromState(DataflowGraph prg, ProtocolState state, CostSpec cost) {
            return fromState(prg, state, cost, Math.min(DEFAULT_QUEUES, NicModels.fromPrg(prg).queues()));
        }

        /**
         * A request for a protocol state on a parsed PRG using its first {@code queues} queues (the plan
         * enables them through the description's {@code queues} C-node): the workload from
         * {@link Workloads#fromState}, software cycles measured once with the embedder
         * ({@link EmbeddedCycles#derive}, a few embeddings against the shipped LPG template), OptaPlanner
         * for 2 s with explanation, and the embedder's re-check of the result.
         *
         * @throws IllegalArgumentException when the NIC has fewer than {@code queues} queues
         */
        public static Request fromState(DataflowGraph prg, ProtocolState state, CostSpec cost, int queues) {
            NicModel nic = NicModels.fromPrg(prg).withQueues(queues);
            Workload workload = Workloads.fromState(state);
            SoftwareCostTable cycles = EmbeddedCycles.derive(prg, Descriptions.graph(Descriptions.LPG), state, nic, workload);
            return new Request(nic, workload, cost, cycles, Strategy.OPTAPLANNER, Duration.ofSeconds(2), true,
                    Optional.of(new Source(prg, state)));
        }

        /** A request for a parsed PRG: the NIC model is derived from it once. */
        public static Request of(DataflowGraph prg, Workload workload, CostSpec cost) {
            return of(NicModels.fromPrg(prg), workload, cost);
        }

        /** OptaPlanner, 2 s, nominal cycles, with explanation. */
        public static Request of(NicModel nic, Workload workload, CostSpec cost) {
            return new Request(nic, workload, cost, EmbeddedCycles.NOMINAL, Strategy.OPTAPLANNER, Duration.ofSeconds(2), true);
        }

        public Request withStrategy(Strategy s) {
            return new Request(nic, workload, cost, cycles, s, timeLimit, explain, source);
        }

        public Request withTimeLimit(Duration d) {
            return new Request(nic, workload, cost, cycles, strategy, d, explain, source);
        }

        public Request withWorkload(Workload w) {
            // a changed workload no longer matches the protocol state, so it is not re-checked
            return new Request(nic, w, cost, cycles, strategy, timeLimit, explain, Optional.empty());
        }

        public Request withExplain(boolean e) {
            return new Request(nic, workload, cost, cycles, strategy, timeLimit, e, source);
        }

        /** The same request under another cost specification (the measured cycles and the re-check stay). */
        public Request withCost(CostSpec c) {
            return new Request(nic, workload, c, cycles, strategy, timeLimit, explain, source);
        }

        public Request withCycles(SoftwareCostTable t) {
            return new Request(nic, workload, cost, t, strategy, timeLimit, explain, source);
        }
    }

    /** The PRG and protocol state a request was made from, for the embedder's re-check. */
    public record Source(DataflowGraph prg, ProtocolState state) {
        public Source {
            Objects.requireNonNull(prg, "prg");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * Plans the request; a request with a {@link Source} gets the embedder's re-check attached. An input that cannot be planned feasibly (e.g. more gold flows than
     * exclusive queues allow) gives a plan with {@code feasible == false} and its reasons.
     *
     * @throws IllegalArgumentException when exhaustive search is asked for an input too large for it
     * @throws io.nicplan.optimizer.cost.CostSpecException when the cost specification names queues the NIC lacks
     */
    public static Plan plan(Request r) {
        long t0 = System.nanoTime();
        CostModel.RssPolicy rss = r.strategy() == Strategy.DEFAULT ? CostModel.RssPolicy.NIC_DEFAULT : CostModel.RssPolicy.PLANNED;
        CostModel model = CostModel.compile(r.nic(), r.workload(), r.cost(), r.cycles(), Map.of(), rss);
        List<Placement> placements = switch (r.strategy()) {
            case DEFAULT -> DefaultPlanner.plan(model);
            case GREEDY -> GreedyPlanner.plan(model);
            case EXHAUSTIVE -> ExhaustivePlanner.plan(model, construct(model));
            case OPTAPLANNER -> optimize(model, r.timeLimit().minusNanos(System.nanoTime() - t0));
        };
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Plan plan = PlanBuilder.build(model, placements, r.strategy().cliName(), millis, r.explain());
        if (r.source().isPresent()) {
            plan = plan.withVerification(PlanVerifier.verify(r.source().get().prg(), r.source().get().state(), plan));
        }
        return plan;
    }

    /** The better of Dragonet's greedy order and the heaviest-first greedy order. */
    static List<Placement> construct(CostModel model) {
        List<Placement> dragonet = GreedyPlanner.plan(model);
        List<Placement> heavy = GreedyPlanner.plan(model, GreedyPlanner.heavyFirst(model));
        return CostState.of(model, heavy).cost().betterThan(CostState.of(model, dragonet).cost()) ? heavy : dragonet;
    }

    /**
     * Local search from the constructed plan within {@code budget} in all; never worse than the start.
     * When a run stops early (no improvement for a fifth of its time) and time is left, the search
     * restarts from the best plan with another seed, up to {@link #MAX_RUNS} runs.
     */
    static List<Placement> optimize(CostModel model, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<Placement> best = construct(model);
        if (model.flowCount() == 0) {
            return best;
        }
        io.nicplan.optimizer.cost.Cost bestCost = CostState.of(model, best).cost();
        // a margin for building the plan afterwards
        long margin = (100 + model.flowCount() / 50) * 1_000_000L;
        for (int run = 0; run < MAX_RUNS; run++) {
            long left = (deadline - margin - System.nanoTime()) / 1_000_000;
            if (left < 100 && run > 0) {
                break;
            }
            SolveOptions options = SolveOptions.of(Duration.ofMillis(Math.max(100, left)));
            PlacementSolver.Result r = PlacementSolver.solve(model, best,
                    new SolveOptions(options.timeLimit(), options.unimprovedLimit(), options.bestCostLimit(), run));
            if (r.cost().betterThan(bestCost)) {
                best = r.placements();
                bestCost = r.cost();
            }
        }
        return best;
    }

    /** Local-search runs at most per plan. */
    static final int MAX_RUNS = 4;
}
