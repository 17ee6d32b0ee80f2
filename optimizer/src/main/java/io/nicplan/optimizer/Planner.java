package io.nicplan.optimizer;

import java.util.concurrent.atomic.LongAdder;
import io.nicplan.descriptions.Descriptions;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.baseline.DefaultPlanner;
import io.nicplan.optimizer.baseline.DragonetPlanner;
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
import io.nicplan.optimizer.memo.RecentResults;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.plan.PlanBuilder;
import io.nicplan.optimizer.plan.PlanVerifier;
import io.nicplan.optimizer.solver.IteratedDescent;
import io.nicplan.optimizer.solver.PlacementSolution;
import io.nicplan.optimizer.solver.PlacementSolver;
import io.nicplan.optimizer.solver.SwapWitness;
import io.nicplan.optimizer.solver.SolveOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.optaplanner.core.api.solver.SolverJob;
import org.optaplanner.core.api.solver.SolverManager;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.SolverManagerConfig;

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
                          Duration timeLimit, boolean explain, Optional<Source> source, OptionalInt stepLimit) {
        public Request {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(stepLimit, "stepLimit");
            if (stepLimit.isPresent() && stepLimit.getAsInt() < 1) {
                throw new IllegalArgumentException("step limit must be at least 1, got " + stepLimit.getAsInt());
            }
            Objects.requireNonNull(nic, "nic");
            Objects.requireNonNull(workload, "workload");
            Objects.requireNonNull(cost, "cost");
            Objects.requireNonNull(cycles, "cycles");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(timeLimit, "timeLimit");
        }

        /** A request without a step limit. */
        public Request(NicModel nic, Workload workload, CostSpec cost, SoftwareCostTable cycles, Strategy strategy,
                       Duration timeLimit, boolean explain, Optional<Source> source) {
            this(nic, workload, cost, cycles, strategy, timeLimit, explain, source, OptionalInt.empty());
        }

        /** A request without a protocol state behind it (no embedder re-check). */
        public Request(NicModel nic, Workload workload, CostSpec cost, SoftwareCostTable cycles, Strategy strategy,
                       Duration timeLimit, boolean explain) {
            this(nic, workload, cost, cycles, strategy, timeLimit, explain, Optional.empty(), OptionalInt.empty());
        }

        /**
         * A request for a protocol state on a parsed PRG with {@link #DEFAULT_QUEUES} queues (fewer when
         * the NIC has fewer): see {@link #fromState(DataflowGraph, ProtocolState, CostSpec, int)}.
         */
        public static Request fromState(DataflowGraph prg, ProtocolState state, CostSpec cost) {
            return fromState(prg, state, cost, Target.HARDWARE);
        }

        /**
         * A request for a protocol state on a parsed PRG using its first {@code queues} queues (the plan
         * enables them through the description's {@code queues} C-node): the workload from
         * {@link Workloads#fromState(ProtocolState, int)} (queue cores included), software cycles measured once with the embedder
         * ({@link EmbeddedCycles#derive}, a few embeddings against the shipped LPG template), OptaPlanner
         * for 2 s with explanation, and the embedder's re-check of the result.
         *
         * @throws IllegalArgumentException when the NIC has fewer than {@code queues} queues
         */
        public static Request fromState(DataflowGraph prg, ProtocolState state, CostSpec cost, int queues) {
            return fromState(prg, state, cost, queues, Target.HARDWARE);
        }

        /**
         * A request for a protocol state planned for {@code target} ({@link NicModels#fromPrg(DataflowGraph, Target)}:
         * under {@code linux} only what the NIC's Linux driver exposes) with {@link #DEFAULT_QUEUES} queues, fewer when
         * the target has fewer.
         *
         * @throws IllegalArgumentException under {@code linux} when the description states no Linux driver
         */
        public static Request fromState(DataflowGraph prg, ProtocolState state, CostSpec cost, Target target) {
            NicModel whole = NicModels.fromPrg(prg, target);
            return fromModel(prg, state, cost, whole.withQueues(Math.min(DEFAULT_QUEUES, whole.queues())));
        }

        /**
         * As {@link #fromState(DataflowGraph, ProtocolState, CostSpec, int)}, planned for {@code target}.
         *
         * @throws IllegalArgumentException when the target has fewer than {@code queues} queues, or under {@code linux}
         *     when the description states no Linux driver
         */
        public static Request fromState(DataflowGraph prg, ProtocolState state, CostSpec cost, int queues, Target target) {
            return fromModel(prg, state, cost, NicModels.fromPrg(prg, target).withQueues(queues));
        }

        /** The request on {@code nic}, the model of {@code prg} with the queues the plan uses (derived once). */
        private static Request fromModel(DataflowGraph prg, ProtocolState state, CostSpec cost, NicModel nic) {
            Workload workload = Workloads.fromState(state, nic.queues());
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
            return new Request(nic, workload, cost, cycles, s, timeLimit, explain, source, stepLimit);
        }

        public Request withTimeLimit(Duration d) {
            return new Request(nic, workload, cost, cycles, strategy, d, explain, source, stepLimit);
        }

        public Request withWorkload(Workload w) {
            // a changed workload no longer matches the protocol state, so it is not re-checked
            return new Request(nic, w, cost, cycles, strategy, timeLimit, explain, Optional.empty(), stepLimit);
        }

        public Request withExplain(boolean e) {
            return new Request(nic, workload, cost, cycles, strategy, timeLimit, e, source, stepLimit);
        }

        /** The same request under another cost specification (the measured cycles and the re-check stay). */
        public Request withCost(CostSpec c) {
            return new Request(nic, workload, c, cycles, strategy, timeLimit, explain, source, stepLimit);
        }

        public Request withCycles(SoftwareCostTable t) {
            return new Request(nic, workload, cost, t, strategy, timeLimit, explain, source, stepLimit);
        }

        /**
         * The same request whose optaplanner runs each end after {@code steps} local-search steps rather than by
         * time, for plans that do not depend on the machine's speed (the time limit still caps the search).
         */
        public Request withStepLimit(int steps) {
            return new Request(nic, workload, cost, cycles, strategy, timeLimit, explain, source, OptionalInt.of(steps));
        }

        /** The same request for another protocol state on the same PRG, re-checked against it. */
        public Request withState(ProtocolState state) {
            Workload w = Workloads.fromState(state, nic.queues());
            Optional<Source> s = source.map(src -> new Source(src.prg(), state));
            return new Request(nic, w, cost, cycles, strategy, timeLimit, explain, s, stepLimit);
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
     * Plans the request; a request with a {@link Source} gets the embedder's re-check attached. An input that
     * cannot be planned feasibly (e.g. more gold flows than exclusive queues allow) gives a plan with
     * {@code feasible == false} and its reasons.
     *
     * @throws IllegalArgumentException when exhaustive search is asked for an input too large for it
     * @throws io.nicplan.optimizer.cost.CostSpecException when the cost specification names queues the NIC lacks
     */
    public static Plan plan(Request r) {
        return plan(r, PlanListener.NONE, new Cancellation());
    }

    /**
     * Plans the request as {@link #plan(Request)} does, telling {@code listener} the best plan so far while the
     * optaplanner strategy searches, and ending that search early when {@code cancellation} is cancelled (the
     * plan is then the best one found until then, still re-checked). The baselines run to their end.
     */
    public static Plan plan(Request r, PlanListener listener, Cancellation cancellation) {
        return plan(r, listener, cancellation, new LongAdder());
    }

    /**
     * As {@link #plan(Request, PlanListener, Cancellation)}, counting into {@code evaluatedMoves} every move the
     * optaplanner strategy's solver runs evaluate (OptaPlanner's score calculations, one per move it tries, and the
     * iterated descent's trial placements), so that a caller can show moves per second while it searches; the
     * baselines count none.
     */
    public static Plan plan(Request r, PlanListener listener, Cancellation cancellation, LongAdder evaluatedMoves) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(evaluatedMoves, "evaluatedMoves");
        Objects.requireNonNull(cancellation, "cancellation");
        long t0 = System.nanoTime();
        CostModel model = compiled(r);
        List<Placement> placements = switch (r.strategy()) {
            case DEFAULT -> DefaultPlanner.plan(model);
            case GREEDY -> GreedyPlanner.plan(model);
            case DRAGONET -> DragonetPlanner.plan(model);
            case EXHAUSTIVE -> ExhaustivePlanner.plan(model, construct(model));
            case OPTAPLANNER -> optimize(model, r, t0, listener, cancellation, evaluatedMoves);
        };
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Plan plan = PlanBuilder.build(model, placements, r.strategy().cliName(), millis, r.explain());
        if (r.source().isPresent()) {
            plan = plan.withVerification(PlanVerifier.verify(r.source().get().prg(), r.source().get().state(), plan));
        }
        return plan;
    }

    /**
     * Why the request cannot be planned, if it cannot: exhaustive search of an input too large for it. Compiles
     * the objective once, so what only the NIC can refute is thrown here rather than during the search.
     *
     * @throws io.nicplan.optimizer.cost.CostSpecException when the cost specification names queues the NIC lacks
     */
    public static Optional<String> refusal(Request r) {
        CostModel model = compiled(r);
        return r.strategy() == Strategy.EXHAUSTIVE ? ExhaustivePlanner.refusal(model) : Optional.empty();
    }

    /** What a request's compiled objective is a function of (the cycles table by its own equality: identity for measured ones). */
    private record Objective(NicModel nic, Workload workload, CostSpec cost, SoftwareCostTable cycles, CostModel.RssPolicy rssPolicy) {
    }

    /**
     * The objectives compiled most recently (at most 2, of at most 5,000 flows in all: more would be copied by young
     * collections as the plans above; a model keeps every flow's
     * candidates, about 2 KB a flow): a request is compiled when it is checked ({@link #refusal}, on the service's
     * preparation) and again when it is planned, and the plan takes the check's model instead of compiling it a
     * second time (docs/PERFORMANCE.md, "HTTP service"). A model is read-only once compiled.
     */
    private static final RecentResults<Objective, CostModel> COMPILED =
            new RecentResults<>(2, 5_000, o -> o.workload().flows().size());

    private static CostModel compiled(Request r) {
        return COMPILED.get(new Objective(r.nic(), r.workload(), r.cost(), r.cycles(), rssPolicy(r.strategy())),
                o -> CostModel.compile(o.nic(), o.workload(), o.cost(), o.cycles(), Map.of(), o.rssPolicy()));
    }

    /** The RSS table a strategy plans with: the NIC's own for {@code default}, the planner's for the others. */
    public static CostModel.RssPolicy rssPolicy(Strategy s) {
        return s == Strategy.DEFAULT ? CostModel.RssPolicy.NIC_DEFAULT : CostModel.RssPolicy.PLANNED;
    }

    /** The best of the greedy plans in Dragonet's order and heaviest first, and, under a flow-count term, Dragonet's own search. */
    static List<Placement> construct(CostModel model) {
        List<Placement> dragonet = GreedyPlanner.plan(model);
        List<Placement> heavy = GreedyPlanner.plan(model, GreedyPlanner.heavyFirst(model));
        List<Placement> best = CostState.of(model, heavy).cost().betterThan(CostState.of(model, dragonet).cost()) ? heavy : dragonet;
        if (!model.countTerms().isEmpty()) {
            // under Dragonet's own cost, Dragonet's own search is a start too: the search is then never worse than it
            List<Placement> own = DragonetPlanner.plan(model);
            if (CostState.of(model, own).cost().betterThan(CostState.of(model, best).cost())) {
                best = own;
            }
        }
        return best;
    }

    /**
     * The optaplanner strategy: {@link PlacementSolver#searchConfig} (iterated descent, then late acceptance) from
     * the constructed plan (on more than {@link IteratedDescent#ALL_PAIRS} flows: greedy's plan improved by
     * {@link SwapWitness}), never worse than the start. Each run is one OptaPlanner {@link SolverJob}. Without a step
     * limit, runs share the request's time limit (counted from {@code t0}, construction included): when a run stops
     * early (no improvement for a fifth of its time) and time is left, the search restarts from the best plan with
     * another seed, up to {@link #MAX_RUNS} runs. With a step limit, every one of the {@link #MAX_RUNS} runs makes that
     * many descent rounds (fewer on more than ten flows) and late-acceptance steps, so the same request gives the
     * same plan on any machine (the time limit still caps the whole search).
     */
    private static List<Placement> optimize(CostModel model, Request r, long t0, PlanListener listener,
                                            Cancellation cancellation, LongAdder evaluatedMoves) {
        long deadline = t0 + r.timeLimit().toNanos();
        // on large inputs the witness below gains far more than the second greedy order, which costs as much time as
        // the first (82599 at 1,000 flows: 0.3 – 0.45 s of CPU each, bench search), so only Dragonet's order runs there
        boolean large = model.flowCount() > IteratedDescent.ALL_PAIRS;
        List<Placement> best = large ? GreedyPlanner.plan(model) : construct(model);
        Publisher publisher = new Publisher(model, r, t0, listener);
        publisher.first(best);
        if (!PlacementSolver.hasChoice(model)) {
            return best;
        }
        // a margin for building the plan afterwards
        long margin = (100 + model.flowCount() / 50) * 1_000_000L;
        if (large) {
            // the balancing witness first, outside the solver runs: on large inputs it is most of what the search
            // gains (bench search, issue #12), and under load the construction can leave a run too little time to reach
            // it; never worse than its start
            // it has a tenth of the limit even when the construction overran it (a loaded machine), or it would be
            // the first thing cut
            long witnessEnd = Math.max(deadline - margin, System.nanoTime() + r.timeLimit().toNanos() / 10);
            best = SwapWitness.improve(model, best, IteratedDescent.WITNESS_STEPS,
                    () -> cancellation.isCancelled() || System.nanoTime() >= witnessEnd);
        }
        io.nicplan.optimizer.cost.Cost bestCost = CostState.of(model, best).cost();
        for (int run = 0; run < MAX_RUNS && !cancellation.isCancelled(); run++) {
            long left = (deadline - margin - System.nanoTime()) / 1_000_000;
            if (left < 100 && run > 0) {
                break;
            }
            SolveOptions options = SolveOptions.of(Duration.ofMillis(Math.max(100, left))).withSeed(run);
            if (r.stepLimit().isPresent()) {
                options = options.withStepLimit(r.stepLimit().getAsInt());
            }
            IteratedDescent descent = PlacementSolver.descent(options);
            Optional<List<Placement>> found = run(model, best, PlacementSolver.searchConfig(options, descent), descent, publisher,
                    cancellation, evaluatedMoves);
            if (found.isPresent()) {
                io.nicplan.optimizer.cost.Cost cost = CostState.of(model, found.get()).cost();
                if (cost.betterThan(bestCost)) {
                    best = found.get();
                    bestCost = cost;
                }
            }
        }
        return best;
    }

    /**
     * One solver run from {@code start} through a {@link SolverManager}: better solutions go to the publisher on
     * OptaPlanner's consumer thread, and the cancellation stops the job. Empty when the run was cancelled before
     * it started or ended with flows unassigned.
     */
    private static Optional<List<Placement>> run(CostModel model, List<Placement> start, SolverConfig config,
                                                 IteratedDescent descent, Publisher publisher, Cancellation cancellation,
                                                 LongAdder evaluatedMoves) {
        PlacementSolution problem = PlacementSolution.of(model, start).countingMovesInto(evaluatedMoves);
        publisher.beginRun();
        try (SolverManager<PlacementSolution, Integer> manager = SolverManager.create(config,
                new SolverManagerConfig().withParallelSolverCount("1"))) {
            SolverJob<PlacementSolution, Integer> job = manager.solveAndListen(0, id -> problem,
                    s -> publisher.better(s.placements()));
            Runnable stop = () -> {
                descent.stop();
                job.terminateEarly();
            };
            if (!cancellation.enter(stop)) {
                stop.run();
            }
            try {
                List<Placement> found = job.getFinalBestSolution().placements();
                return found.stream().allMatch(Objects::nonNull) ? Optional.of(found) : Optional.empty();
            } catch (CancellationException stoppedBeforeItStarted) {
                return Optional.empty();
            } catch (InterruptedException e) {
                job.terminateEarly();
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the solver failed: " + e.getCause(), e.getCause());
            } finally {
                cancellation.leave();
                publisher.endRun();
            }
        }
    }

    /** Shortest pause between two best-so-far plans told to a listener while OptaPlanner improves quickly. */
    public static final Duration PUBLISH_INTERVAL = Duration.ofMillis(250);

    /**
     * Builds and hands over best-so-far plans: the constructed one, then complete better ones at most every
     * {@link #PUBLISH_INTERVAL}; none once a run has ended, so none reaches the listener after the search.
     */
    private static final class Publisher {
        private final CostModel model;
        private final Request request;
        private final long t0;
        private final PlanListener listener;
        private long lastNanos;
        private boolean runOpen;

        Publisher(CostModel model, Request request, long t0, PlanListener listener) {
            this.model = model;
            this.request = request;
            this.t0 = t0;
            this.listener = listener;
        }

        /** The constructed plan, before any run. */
        synchronized void first(List<Placement> placements) {
            lastNanos = System.nanoTime();
            tell(placements, lastNanos);
        }

        /** A better solution of the run in progress (OptaPlanner's consumer thread). */
        synchronized void better(List<Placement> placements) {
            long now = System.nanoTime();
            if (!runOpen || now - lastNanos < PUBLISH_INTERVAL.toNanos() || !placements.stream().allMatch(Objects::nonNull)) {
                return;
            }
            lastNanos = now;
            tell(placements, now);
        }

        synchronized void beginRun() {
            runOpen = true;
        }

        private void tell(List<Placement> placements, long now) {
            if (listener == PlanListener.NONE) {
                return;
            }
            listener.bestSoFar(PlanBuilder.build(model, placements, Strategy.OPTAPLANNER.cliName(),
                    (now - t0) / 1_000_000, request.explain()));
        }

        synchronized void endRun() {
            runOpen = false;
        }
    }

    /** Local-search runs at most per plan. */
    static final int MAX_RUNS = 4;
}
