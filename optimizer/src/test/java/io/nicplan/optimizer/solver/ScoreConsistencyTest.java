package io.nicplan.optimizer.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.CostState;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.Proto;
import io.nicplan.optimizer.domain.SoftwareCostTable;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.solver.PlacementSolution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.score.director.ScoreDirectorFactoryConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

class ScoreConsistencyTest {
    static final SoftwareCostTable CYCLES = SoftwareCostTable.fixed(300, 150, 400, 60);

    static final String EVERYTHING = """
            {"terms": {"balance": 3, "balanceByRate": 1, "priority": {"weight": 2, "goldFlowsPerQueue": 2},
                       "softwareCycles": 1, "crossCore": 1, "fastPath": 1, "churn": 5},
             "rules": {"sameCore": true, "maxFlowsPerQueue": 3, "maxPpsPerQueue": 40000, "reservedQueues": [5]}}
            """;

    @Test
    void constraintStreamsAndIncrementalStateAgreeOnRandomAssignments() {
        for (String specJson : List.of(EVERYTHING,
                "{\"terms\": {\"static\": {\"gold\": [1, 2], \"besteffort\": [0, 3, 4]}, \"balanceByRate\": 2}}",
                "{\"terms\": {\"balance\": {\"weight\": 1, \"includeDefaultQueue\": true}}}")) {
            CostSpec spec = CostSpecReader.read(specJson);
            for (NicModel nic : List.of(NicModels.builtin("intel-82599", 6), NicModels.builtin("flexnic", 6))) {
                Workload w = withWildcardsAndCores(Workloads.generate(14, 7, 0.3, 0.5, Workloads.Rates.UNEQUAL));
                Map<String, Placement> current = Map.of("f1", new Placement(nic.unfiltered(), 0, false));
                CostModel model = CostModel.compile(nic, w, spec, CYCLES, current, CostModel.RssPolicy.PLANNED);
                SplittableRandom rnd = new SplittableRandom(11);
                for (int round = 0; round < 40; round++) {
                    List<Placement> ps = new ArrayList<>();
                    for (int i = 0; i < model.flowCount(); i++) {
                        List<Placement> opts = model.options(i);
                        ps.add(opts.get(rnd.nextInt(opts.size())));
                    }
                    assertThat(PlacementSolver.score(model, ps))
                            .as("%s on %s, round %d", specJson, nic.name(), round)
                            .isEqualTo(CostState.of(model, ps).cost());
                }
            }
        }
    }

    /**
     * OptaPlanner's FULL_ASSERT mode recomputes the score from scratch after every move and fails on any
     * difference from the incremental one, so this runs the spread terms' two-level groupBy (per queue,
     * then per scope, rounded once) and the all-idle companion through a few thousand local-search moves.
     */
    @Test
    void incrementalStreamScoresMatchFromScratchScoresUnderFullAssert() {
        for (String specJson : List.of(EVERYTHING,
                "{\"terms\": {\"static\": {\"gold\": [1, 2], \"besteffort\": [0, 3, 4]}, \"balanceByRate\": 2, \"softwareCycles\": 3}}")) {
            NicModel nic = NicModels.builtin("intel-82599", 6);
            Workload w = withWildcardsAndCores(Workloads.generate(10, 5, 0.3, 0.5, Workloads.Rates.UNEQUAL));
            CostModel model = CostModel.compile(nic, w, CostSpecReader.read(specJson), CYCLES, Map.of(), CostModel.RssPolicy.PLANNED);
            List<Placement> start = new ArrayList<>();
            for (int i = 0; i < model.flowCount(); i++) {
                start.add(model.unfiltered(i));
            }
            SolverConfig config = PlacementSolver.config(SolveOptions.of(Duration.ofSeconds(30)))
                    .withEnvironmentMode(EnvironmentMode.FULL_ASSERT);
            config.getTerminationConfig().setUnimprovedSpentLimit(null);
            // the local search phase stops after a fixed number of steps, so the run does not depend on time
            config.getPhaseConfigList().get(1).setTerminationConfig(new TerminationConfig().withStepCountLimit(300));
            PlacementSolution best = SolverFactory.<PlacementSolution>create(config).buildSolver().solve(PlacementSolution.of(model, start));
            assertThat(PlacementSolver.toCost(best.getScore())).as(specJson).isEqualTo(CostState.of(model, best.placements()).cost());
        }
    }

    /**
     * The planner's search scores moves with {@link IncrementalCost}; under FULL_ASSERT with the constraint streams as
     * the assertion score director, OptaPlanner checks after every move of its local search that the two agree.
     */
    @Test
    void theSearchsIncrementalCostMatchesTheConstraintStreamsAfterEveryMove() {
        for (boolean chosenTable : List.of(false, true)) {
            searchUnderFullAssert(CostSpecReader.read(EVERYTHING).withChosenRssTable(chosenTable));
        }
    }

    private static void searchUnderFullAssert(CostSpec spec) {
        NicModel nic = NicModels.builtin("intel-82599", 6);
        Workload w = withWildcardsAndCores(Workloads.generate(10, 5, 0.3, 0.5, Workloads.Rates.UNEQUAL));
        CostModel model = CostModel.compile(nic, w, spec, CYCLES, Map.of(), CostModel.RssPolicy.PLANNED);
        List<Placement> start = new ArrayList<>();
        for (int i = 0; i < model.flowCount(); i++) {
            start.add(model.unfiltered(i));
        }
        SolverConfig config = PlacementSolver.searchConfig(SolveOptions.of(Duration.ofSeconds(30)).withStepLimit(200))
                .withEnvironmentMode(EnvironmentMode.FULL_ASSERT);
        config.getScoreDirectorFactoryConfig().setAssertionScoreDirectorFactory(
                new ScoreDirectorFactoryConfig().withConstraintProviderClass(PlacementConstraints.class));
        PlacementSolution best = SolverFactory.<PlacementSolution>create(config).buildSolver().solve(PlacementSolution.of(model, start));
        assertThat(PlacementSolver.toCost(best.getScore())).isEqualTo(CostState.of(model, best.placements()).cost());
    }

    /** Adds a wildcard aggregate that overlaps exact flows, an application with cores, and queue cores. */
    static Workload withWildcardsAndCores(Workload w) {
        List<Flow> flows = new ArrayList<>();
        for (Flow f : w.flows()) {
            flows.add(new Flow(f.id(), f.match(), f.trafficClass(), f.pps(), f.bytesPerPacket(), Optional.of(f.id().hashCode() % 2 == 0 ? "kv" : "web")));
        }
        flows.add(new Flow("all-web", new FlowMatch(Optional.of(Proto.TCP), OptionalLong.empty(), OptionalLong.of(Workloads.SERVER),
                OptionalInt.empty(), OptionalInt.of(80)), TrafficClass.BESTEFFORT, 5_000, 64, Optional.of("web")));
        flows.add(new Flow("any-udp", new FlowMatch(Optional.of(Proto.UDP), OptionalLong.empty(), OptionalLong.empty(),
                OptionalInt.empty(), OptionalInt.empty()), TrafficClass.BESTEFFORT, 1_000, 64, Optional.empty()));
        return new Workload(flows, Map.of("kv", Set.of(0, 1), "web", Set.of(2, 3)),
                Map.of(0, 0, 1, 1, 2, 2, 3, 3, 4, 0, 5, 1));
    }
}
