package io.nicplan.optimizer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.examples.DemoWorkload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Every strategy's plan, applied by the embedder, sends every flow where the plan says. */
class PlanVerificationTest {
    private static final DataflowGraph INTEL = Descriptions.graph("intel-82599");
    private static final DataflowGraph FLEXNIC = Descriptions.graph("flexnic");

    /** Requests by NIC and seed: measuring the software cycles is the expensive part, done once each. */
    private static final Map<String, Planner.Request> REQUESTS = new ConcurrentHashMap<>();

    private static Planner.Request request(DataflowGraph prg, long seed) {
        return REQUESTS.computeIfAbsent(prg.name() + "/" + seed, k -> Planner.Request.fromState(prg, DemoWorkload.state(seed),
                CostSpecReader.read(DemoWorkload.priorityCost()), 10).withTimeLimit(Duration.ofMillis(300)).withExplain(false));
    }

    private static final List<String> COSTS = List.of(DemoWorkload.priorityCost(),
            "{\"terms\": {\"balance\": 1}}", "{\"terms\": {\"fastPath\": 1, \"balanceByRate\": 1}}");

    @Test
    void everyStrategyAgreesWithTheEmbedderOnSeededWorkloads() {
        int checked = 0;
        for (DataflowGraph prg : List.of(INTEL, FLEXNIC)) {
            for (long seed : List.of(1L, 2L)) {
                Planner.Request measured = request(prg, seed);
                assertThat(measured.cycles()).isInstanceOf(EmbeddedCycles.class);
                assertThat(measured.nic().queues()).isEqualTo(10);
                assertThat(measured.workload().flows()).hasSize(DemoWorkload.FLOWS);
                for (String cost : COSTS) {
                    Planner.Request base = measured.withCost(CostSpecReader.read(cost));
                    for (Strategy s : List.of(Strategy.DEFAULT, Strategy.GREEDY, Strategy.OPTAPLANNER)) {
                        Plan plan = Planner.plan(base.withStrategy(s));
                        assertThat(plan.verification()).as(prg.name() + " " + s + " " + cost).hasValueSatisfying(v -> {
                            assertThat(v.mismatches()).isEmpty();
                            assertThat(v.checked()).isEqualTo(DemoWorkload.FLOWS);
                        });
                        assertThat(plan.verified()).isTrue();
                        checked += plan.placements().size();
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(2 * 2 * COSTS.size() * 3 * DemoWorkload.FLOWS);
    }

    @Test
    void exhaustivePlansOfSmallStatesAgreeToo() {
        for (DataflowGraph prg : List.of(INTEL, FLEXNIC)) {
            ProtocolState full = DemoWorkload.state(5);
            ProtocolState small = full.withFlows(full.flows().subList(15, 21));
            Plan plan = Planner.plan(Planner.Request.fromState(prg, small, CostSpecReader.read("{\"terms\": {\"balanceByRate\": 1}}"), 4)
                    .withStrategy(Strategy.EXHAUSTIVE));
            assertThat(plan.verified()).as(prg.name()).isTrue();
        }
    }

    @Test
    void defaultPlansPlaceEveryFlowByRssWhereTheEmbeddersToeplitzHashSendsIt() {
        Plan plan = Planner.plan(request(INTEL, 1).withStrategy(Strategy.DEFAULT));
        assertThat(plan.placements()).allMatch(p -> p.mechanism() == Mechanism.RSS && p.queue() >= 0);
        assertThat(plan.placements().stream().map(FlowPlacement::queue).distinct()).hasSize(10);
        assertThat(plan.verified()).isTrue();
    }

    @Test
    void aTamperedPlacementIsReportedAsAMismatch() {
        ProtocolState state = DemoWorkload.state(1);
        Plan plan = Planner.plan(request(INTEL, 1).withStrategy(Strategy.GREEDY));
        FlowPlacement first = plan.placements().get(0);
        List<FlowPlacement> tampered = new java.util.ArrayList<>(plan.placements());
        tampered.set(0, new FlowPlacement(first.flow(), first.mechanism(), (first.queue() + 1) % 10, false));
        Plan wrong = new Plan(plan.nic(), plan.strategy(), plan.feasible(), plan.reasons(), plan.total(), plan.hard(), plan.terms(),
                tampered, plan.configuration(), plan.pipelines(), plan.explanation(), plan.millis());
        Verification v = PlanVerifier.verify(INTEL, state, wrong);
        assertThat(v.agrees()).isFalse();
        assertThat(v.mismatches()).singleElement().asString().startsWith("flow " + first.flow() + ": planned on queue");
        assertThat(PlanJson.toJson(wrong.withVerification(v)).get("verified").asBoolean()).isFalse();
    }
}
