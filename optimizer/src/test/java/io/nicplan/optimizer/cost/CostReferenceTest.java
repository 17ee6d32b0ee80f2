package io.nicplan.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.Proto;
import io.nicplan.optimizer.domain.SoftwareCostTable;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.solver.PlacementSolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The costs of many random placements of seeded generated workloads, compared with the figures the code produced
 * before cost terms became data (recorded in {@code reference-costs.txt} by the enum-and-switch CostModel of
 * commit e68d45f): hard and weighted soft cost from the incremental state and from the constraint streams, and
 * every term's raw value. Any difference in a term's formula, rounding or scope shows up here.
 *
 * <p>Run with {@code -Dnicplan.recordCostReference=<file>} to write the figures instead of checking them.
 */
class CostReferenceTest {
    private static final SoftwareCostTable CYCLES = SoftwareCostTable.fixed(300, 150, 400, 60);
    private static final List<String> SPECS = List.of(
            "{\"terms\": {\"balance\": 1}}",
            "{\"terms\": {\"balanceByRate\": 2, \"softwareCycles\": 1}}",
            "{\"terms\": {\"priority\": {\"weight\": 3, \"goldFlowsPerQueue\": 2}, \"churn\": 7}}",
            "{\"terms\": {\"priority\": {\"weight\": 1, \"byRate\": true, \"goldFlowsPerQueue\": 3}, \"balanceByRate\": 1, \"softwareCycles\": 1}}",
            "{\"terms\": {\"static\": {\"gold\": [1, 2], \"besteffort\": [0, 3, 4, 5]}, \"crossCore\": 4, \"fastPath\": 2}}",
            "{\"terms\": {\"balance\": {\"weight\": 2, \"includeDefaultQueue\": true}, \"crossCore\": 1, \"fastPath\": 1, \"churn\": 3},"
                    + " \"rules\": {\"sameCore\": true, \"maxFlowsPerQueue\": 4, \"maxPpsPerQueue\": 60000, \"reservedQueues\": [6]}}");
    private static final String[] TERM_NAMES = {"balance", "balanceByRate", "priority", "static", "softwareCycles", "crossCore",
        "fastPath", "churn"};
    private static final int ROUNDS = 25;

    @Test
    void everyTermLoopCostEqualsTheCostsRecordedBeforeTheRefactoring() throws IOException {
        List<String> actual = lines();
        String record = System.getProperty("nicplan.recordCostReference");
        if (record != null) {
            Files.write(Path.of(record), actual, StandardCharsets.UTF_8);
            return;
        }
        List<String> expected;
        try (InputStream in = CostReferenceTest.class.getResourceAsStream("reference-costs.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(actual).hasSize(expected.size());
        for (int k = 0; k < expected.size(); k++) {
            assertThat(actual.get(k)).as("line %d", k + 1).isEqualTo(expected.get(k));
        }
    }

    /** One line per (workload, NIC, spec, random plan): hard, soft (state), hard, soft (streams), then every term's value. */
    private static List<String> lines() {
        List<String> out = new ArrayList<>();
        for (long seed : new long[] {3, 17, 101}) {
            Workload w = withWildcardsAndCores(Workloads.generate(16 + (int) (seed % 7), seed, 0.25, 0.6,
                    seed == 17 ? Workloads.Rates.EQUAL : Workloads.Rates.UNEQUAL));
            for (NicModel nic : List.of(NicModels.builtin("intel-82599", 8), NicModels.builtin("flexnic", 8))) {
                for (int s = 0; s < SPECS.size(); s++) {
                    CostSpec spec = CostSpecReader.read(SPECS.get(s));
                    Map<String, Placement> current = Map.of("f1", new Placement(nic.unfiltered(), 0, false),
                            "f2", new Placement(nic.unfiltered(), 1, false));
                    CostModel model = CostModel.compile(nic, w, spec, CYCLES, current, CostModel.RssPolicy.PLANNED);
                    SplittableRandom rnd = new SplittableRandom(seed * 31 + s);
                    for (int round = 0; round < ROUNDS; round++) {
                        List<Placement> ps = new ArrayList<>();
                        for (int i = 0; i < model.flowCount(); i++) {
                            List<Placement> opts = model.options(i);
                            ps.add(opts.get(rnd.nextInt(opts.size())));
                        }
                        CostState state = CostState.of(model, ps);
                        Cost streams = PlacementSolver.score(model, ps);
                        StringBuilder line = new StringBuilder();
                        line.append(seed).append(' ').append(nic.name()).append(" spec").append(s).append(" round").append(round)
                                .append(' ').append(state.cost().hard()).append(' ').append(state.cost().soft())
                                .append(' ').append(streams.hard()).append(' ').append(streams.soft());
                        for (String name : TERM_NAMES) {
                            line.append(' ').append(name).append('=').append(termValue(state, name));
                        }
                        out.add(line.toString());
                    }
                }
            }
        }
        return out;
    }

    private static long termValue(CostState state, String name) {
        return state.term(Term.byJsonName(name).orElseThrow());
    }

    /** Adds a wildcard aggregate that overlaps exact flows, applications with cores, and queue cores. */
    private static Workload withWildcardsAndCores(Workload w) {
        List<Flow> flows = new ArrayList<>();
        for (Flow f : w.flows()) {
            flows.add(new Flow(f.id(), f.match(), f.trafficClass(), f.pps(), f.bytesPerPacket(),
                    Optional.of(f.id().hashCode() % 3 == 0 ? "kv" : "web")));
        }
        flows.add(new Flow("all-web", new FlowMatch(Optional.of(Proto.TCP), OptionalLong.empty(), OptionalLong.of(Workloads.SERVER),
                OptionalInt.empty(), OptionalInt.of(80)), TrafficClass.BESTEFFORT, 5_000, 64, Optional.of("web")));
        flows.add(new Flow("any-udp", new FlowMatch(Optional.of(Proto.UDP), OptionalLong.empty(), OptionalLong.empty(),
                OptionalInt.empty(), OptionalInt.empty()), TrafficClass.BESTEFFORT, 1_000, 64, Optional.empty()));
        return new Workload(flows, Map.of("kv", Set.of(0, 1, 4), "web", Set.of(2, 3)),
                Map.of(0, 0, 1, 1, 2, 2, 3, 3, 4, 0, 5, 1, 6, 2, 7, 3));
    }
}
