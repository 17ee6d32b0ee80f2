package io.nicplan.optimizer.bench;

import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.baseline.ExhaustivePlanner;
import io.nicplan.optimizer.baseline.GreedyPlanner;
import io.nicplan.optimizer.bound.LowerBound;
import io.nicplan.optimizer.solver.SwapWitness;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.cost.Cost;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.QueueCountTerm;
import io.nicplan.optimizer.cost.QueueCounts;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.plan.FlowPlacement;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.plan.Plan;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./nicplan bench search}: plans generated workloads of growing size on the shipped 82599 description (10 and 16
 * queues enabled) and FlexNIC description (16 queues), modelled by {@link NicModels#builtin}, under the balance, priority (each class balanced by rate) and balanceByRate costs
 * (unequal rates, 10% gold flows) with every strategy, and prints time and cost per strategy, the proven
 * {@link LowerBound} of the row and the gap of greedy's and OptaPlanner's costs to it; where that gap is wide, the cost
 * of greedy's plan improved by {@link SwapWitness} shows whether the bound or the search is weak. A second line per row
 * shows the {@code dragonet} strategy (Dragonet's own search, run under Dragonet's own cost, {@link #dragonetSpec}) costed
 * under the row's cost, every strategy's plan costed under Dragonet's own cost, and OptaPlanner searching Dragonet's own
 * cost against Dragonet's own search: the like-for-like comparison by Dragonet's measure.
 */
public final class SearchBench {

    /**
     * What to run.
     *
     * @param sizes flow counts
     * @param seed workload seed
     * @param timeLimitPerThousandFlows OptaPlanner's time limit per 1,000 flows (at least 0.5 s, at most 10 s per run)
     */
    public record Options(List<Integer> sizes, long seed, Duration timeLimitPerThousandFlows) {
        public Options {
            sizes = List.copyOf(sizes);
        }

        /** 10, 100, 1,000 and 10,000 flows, seed 42, 1.8 s per 1,000 flows. */
        public static Options defaults() {
            return new Options(List.of(10, 100, 1_000, 10_000), 42, Duration.ofMillis(1_800));
        }

        Duration limitFor(int flows) {
            long ms = timeLimitPerThousandFlows.toMillis() * flows / 1000;
            return Duration.ofMillis(Math.max(500, Math.min(10_000, ms)));
        }
    }

    /**
     * One row of the table.
     *
     * @param bound the proven lower bound on the soft cost of every plan of the row ({@link LowerBound})
     * @param witness greedy's plan improved by {@link SwapWitness}: an upper bound on the optimum found without search
     * @param underDragonet each strategy's plan (found under the row's cost) costed under Dragonet's own cost function
     *     ({@link #dragonetSpec}), the figure Dragonet's own search would be judged by
     * @param optaplannerOnDragonetsCost OptaPlanner's plan when it searches Dragonet's own cost, costed by it
     */
    public record Row(String nic, String cost, int flows, Map<Strategy, Result> results, long bound, Result witness,
                      Map<Strategy, Result> underDragonet, Result optaplannerOnDragonetsCost) {
        /** {@link LowerBound#gap} of a strategy's cost; empty when its plan is infeasible (the bound is on soft cost). */
        public java.util.OptionalDouble gap(Strategy s) {
            return gapOf(results.get(s));
        }

        /** {@link LowerBound#gap} of the witness's cost. */
        public java.util.OptionalDouble witnessGap() {
            return gapOf(witness);
        }

        private java.util.OptionalDouble gapOf(Result r) {
            return r == null || !r.note().isEmpty() || !r.feasible() ? java.util.OptionalDouble.empty()
                    : java.util.OptionalDouble.of(LowerBound.gap(r.cost(), bound));
        }
    }

    /** One strategy's outcome; {@code note} says why there is none (exhaustive refusing). */
    public record Result(boolean feasible, long hard, long cost, long millis, String note) {
    }

    /** Most improving changes {@link SwapWitness} makes per row. */
    private static final int WITNESS_STEPS = 20_000;

    private SearchBench() {
    }

    public static List<Row> run(PrintStream out, Options options) {
        List<NicModel> nics = List.of(NicModels.builtin("intel-82599", 10), NicModels.builtin("intel-82599", 16), NicModels.builtin("flexnic", 16));
        out.printf(Locale.ROOT, "%-12s %-14s %6s | %-22s | %-22s | %-22s | %-22s | %-25s | %-11s | %-10s | %-22s | %-19s | %-19s | %-19s | %s%n", "nic", "cost",
                "flows", "default cost (ms)", "greedy cost (ms)", "optaplanner cost (ms)", "exhaustive cost (ms)", "opta vs greedy",
                "lower bound", "bound (ms)", "witness (ms)", "greedy gap", "opta gap", "witness gap", "optimal");
        // second line per row: the dragonet strategy under the row's cost, and every strategy's plan under Dragonet's cost
        out.printf(Locale.ROOT, "%-12s %-14s %6s | %-31s | %-37s | %-14s | %-14s | %-14s | %-25s | %-22s | %s%n", "", "", "",
                "dragonet cost (ms)", "under Dragonet's cost (flows): default", "greedy", "optaplanner", "dragonet", "opta vs dragonet",
                "opta on Dragonet's cost", "vs dragonet");
        List<Row> rows = new java.util.ArrayList<>();
        for (NicModel nic : nics) {
            for (String cost : List.of("balance", "priority", "balanceByRate")) {
                for (int n : options.sizes()) {
                    Workload w = Workloads.generate(n, options.seed() + n, 0.1, 0.5, Workloads.Rates.UNEQUAL);
                    CostSpec spec = spec(cost, w);
                    Planner.Request base = new Planner.Request(nic, w, spec, EmbeddedCycles.NOMINAL, Strategy.GREEDY,
                            options.limitFor(n), false);
                    Map<Strategy, Result> results = new java.util.EnumMap<>(Strategy.class);
                    Map<Strategy, Plan> plans = new java.util.EnumMap<>(Strategy.class);
                    for (Strategy s : List.of(Strategy.DEFAULT, Strategy.GREEDY, Strategy.OPTAPLANNER)) {
                        plans.put(s, Planner.plan(base.withStrategy(s)));
                        results.put(s, result(plans.get(s)));
                    }
                    // Dragonet's own search is judged by Dragonet's own cost: it searches under that cost
                    Plan dragonet = Planner.plan(base.withStrategy(Strategy.DRAGONET).withCost(dragonetSpec(cost, w)));
                    results.put(Strategy.DRAGONET, costUnder(CostModel.compile(nic, w, spec, EmbeddedCycles.NOMINAL), dragonet));
                    Map<Strategy, Result> underDragonet = new java.util.EnumMap<>(Strategy.class);
                    plans.forEach((s, p) -> underDragonet.put(s, dragonetCost(nic, w, spec, cost, p)));
                    underDragonet.put(Strategy.DRAGONET, dragonetCost(nic, w, dragonetSpec(cost, w), cost, dragonet));
                    // like for like: OptaPlanner searching Dragonet's own cost, against Dragonet's own search
                    Plan optaTheirs = Planner.plan(base.withStrategy(Strategy.OPTAPLANNER).withCost(dragonetSpec(cost, w)));
                    Result optaUnderTheirs = dragonetCost(nic, w, dragonetSpec(cost, w), cost, optaTheirs);
                    CostModel model = CostModel.compile(nic, w, spec, EmbeddedCycles.NOMINAL);
                    results.put(Strategy.EXHAUSTIVE, ExhaustivePlanner.refusal(model).isPresent()
                            ? new Result(false, 0, 0, 0, "too large")
                            : result(Planner.plan(base.withStrategy(Strategy.EXHAUSTIVE))));
                    long start = System.nanoTime();
                    long bound = LowerBound.of(model).soft();
                    long boundMillis = (System.nanoTime() - start) / 1_000_000;
                    start = System.nanoTime();
                    Cost witnessCost = CostState.of(model, SwapWitness.improve(model, GreedyPlanner.plan(model), WITNESS_STEPS)).cost();
                    Result witness = new Result(witnessCost.feasible(), witnessCost.hard(), witnessCost.soft(),
                            (System.nanoTime() - start) / 1_000_000, "");
                    Row row = new Row(nic.name() + "/" + nic.queues() + "q", cost, n, results, bound, witness, underDragonet, optaUnderTheirs);
                    rows.add(row);
                    print(out, row, boundMillis);
                }
            }
        }
        return rows;
    }

    /** The cost specification of one of the table's cost columns ("balance", "priority" or "balanceByRate") for {@code w}. */
    public static CostSpec spec(String cost, Workload w) {
        if (!cost.equals("priority")) {
            return CostSpecReader.read("{\"terms\": {\"" + cost + "\": 1}}");
        }
        long gold = w.flows().stream().filter(Flow::isGold).count();
        // three exclusive gold queues whatever the size
        long perQueue = Math.max(1, (gold + 2) / 3);
        return CostSpecReader.read("{\"terms\": {\"priority\": {\"weight\": 1, \"byRate\": true, \"goldFlowsPerQueue\": " + perQueue + "}}}");
    }

    /**
     * Dragonet's own cost function for one of the table's cost columns: {@code dragonetPriority} with the same gold
     * flows per queue for "priority", else {@code dragonetBalance} (Dragonet balances flow counts, never rates).
     */
    public static CostSpec dragonetSpec(String cost, Workload w) {
        if (!cost.equals("priority")) {
            return CostSpecReader.read("{\"terms\": {\"dragonetBalance\": 1}}");
        }
        return CostSpecReader.read("{\"terms\": {\"dragonetPriority\": {\"weight\": 1, \"goldFlowsPerQueue\": "
                + spec(cost, w).goldFlowsPerQueue() + "}}}");
    }

    /**
     * The cost of the dragonet strategy's plan {@code p} under {@code model} (the row's cost). A flow it leaves to RSS
     * (only when its tables are full) is costed on {@code model}'s own RSS table.
     */
    private static Result costUnder(CostModel model, Plan p) {
        List<Placement> placements = new java.util.ArrayList<>();
        for (int i = 0; i < p.placements().size(); i++) {
            FlowPlacement f = p.placements().get(i);
            placements.add(f.mechanism() == Mechanism.RSS ? model.unfiltered(i) : new Placement(f.mechanism(), f.queue(), f.fastPath()));
        }
        Cost c = CostState.of(model, placements).cost();
        return new Result(c.feasible(), c.hard(), c.soft(), p.millis(), "");
    }

    /**
     * Dragonet's own cost ({@link #dragonetSpec} of {@code column}) of where plan {@code p}'s flows land, Dragonet's
     * {@code QMap}: the flow counts per queue are taken in the model {@code p} was planned in ({@code planned}, with its
     * RSS table), then each Dragonet term charges them. A rejection is the hard figure.
     */
    private static Result dragonetCost(NicModel nic, Workload w, CostSpec planned, String column, Plan p) {
        CostModel own = CostModel.compile(nic, w, planned, EmbeddedCycles.NOMINAL, Map.of(),
                Planner.rssPolicy(Strategy.byName(p.strategy()).orElseThrow()));
        QueueCounts counts = QueueCounts.of(own, p.placements().stream()
                .map(f -> new Placement(f.mechanism(), f.queue(), f.fastPath())).toList());
        CostModel theirs = CostModel.compile(nic, w, dragonetSpec(column, w), EmbeddedCycles.NOMINAL);
        long hard = 0;
        long soft = 0;
        for (QueueCountTerm t : theirs.countTerms()) {
            QueueCountTerm.Charge c = t.charge(theirs, counts);
            hard += c.reject();
            soft += theirs.spec().weight(t) * c.value();
        }
        return new Result(hard == 0, hard, soft, p.millis(), "");
    }

    private static Result result(Plan p) {
        return new Result(p.feasible(), p.hard(), p.total(), p.millis(), "");
    }

    private static void print(PrintStream out, Row row, long boundMillis) {
        Result g = row.results().get(Strategy.GREEDY);
        Result o = row.results().get(Strategy.OPTAPLANNER);
        String verdict = compare(o, g);
        Result e = row.results().get(Strategy.EXHAUSTIVE);
        out.printf(Locale.ROOT, "%-12s %-14s %6d | %-22s | %-22s | %-22s | %-22s | %-25s | %-11s | %-10d | %-22s | %-19s | %-19s | %-19s | %s%n",
                row.nic(), row.cost(), row.flows(), cell(row.results().get(Strategy.DEFAULT)), cell(g), cell(o), cell(e), verdict,
                String.format(Locale.ROOT, "%.4g", (double) row.bound()), boundMillis, cell(row.witness()),
                gapCell(row.gap(Strategy.GREEDY), g, row.bound()), gapCell(row.gap(Strategy.OPTAPLANNER), o, row.bound()),
                gapCell(row.witnessGap(), row.witness(), row.bound()), optimal(e, g, o));
        Map<Strategy, Result> d = row.underDragonet();
        out.printf(Locale.ROOT, "%-12s %-14s %6d | dragonet %-22s | under Dragonet's cost: %-14s | %-14s | %-14s | %-14s | %-25s | %-22s | %s%n",
                row.nic(), row.cost(), row.flows(), cell(row.results().get(Strategy.DRAGONET)), dragonetCell(d.get(Strategy.DEFAULT)),
                dragonetCell(d.get(Strategy.GREEDY)), dragonetCell(d.get(Strategy.OPTAPLANNER)), dragonetCell(d.get(Strategy.DRAGONET)),
                compare(d.get(Strategy.OPTAPLANNER), d.get(Strategy.DRAGONET)), dragonetCell(row.optaplannerOnDragonetsCost()),
                compare(row.optaplannerOnDragonetsCost(), d.get(Strategy.DRAGONET)));
    }

    /** A cost under Dragonet's own function: in flows (its values are thousandths), or "rejected(N)" (Dragonet's CostReject). */
    private static String dragonetCell(Result r) {
        return r.feasible() ? String.format(Locale.ROOT, "%.3f", r.cost() / 1000.0) : "rejected(" + r.hard() + ")";
    }

    /** The relative gap, and in brackets cost minus bound in thousandths (near 0 a relative figure says little). */
    private static String gapCell(java.util.OptionalDouble gap, Result r, long bound) {
        return gap.isPresent() ? String.format(Locale.ROOT, "%.1f%% (%.4g)", 100 * gap.getAsDouble(), (double) (r.cost() - bound)) : "-";
    }

    /** Which of greedy and OptaPlanner reach the exhaustive optimum (exact costs, not the rounded cells); "-" without one. */
    private static String optimal(Result exhaustive, Result greedy, Result opta) {
        if (!exhaustive.note().isEmpty()) {
            return "-";
        }
        List<String> names = new java.util.ArrayList<>();
        if (greedy.hard() == exhaustive.hard() && greedy.cost() == exhaustive.cost()) {
            names.add("greedy");
        }
        if (opta.hard() == exhaustive.hard() && opta.cost() == exhaustive.cost()) {
            names.add("optaplanner");
        }
        return names.isEmpty() ? "neither" : String.join(", ", names);
    }

    private static String compare(Result o, Result g) {
        if (o.hard() != g.hard()) {
            return o.hard() < g.hard() ? "better (fewer violations)" : "WORSE (more violations)";
        }
        if (o.cost() == g.cost()) {
            return "equal";
        }
        double pct = g.cost() == 0 ? 0 : 100.0 * (g.cost() - o.cost()) / g.cost();
        return o.cost() < g.cost() ? String.format(Locale.ROOT, "lower by %.1f%%", pct) : "WORSE";
    }

    private static String cell(Result r) {
        if (!r.note().isEmpty()) {
            return r.note();
        }
        String c = r.feasible() ? String.format(Locale.ROOT, "%.4g", (double) r.cost()) : "infeasible(" + r.hard() + ")";
        return c + " (" + r.millis() + ")";
    }

    /** Runs the default table on standard output. */
    public static void main(String[] args) {
        run(System.out, Options.defaults());
    }
}
