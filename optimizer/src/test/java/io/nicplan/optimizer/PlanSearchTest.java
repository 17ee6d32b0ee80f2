package io.nicplan.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.examples.DemoWorkload;
import io.nicplan.optimizer.plan.Plan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The optaplanner strategy as a running search: best-so-far plans, cancellation, step limits, re-plans. */
class PlanSearchTest {
    private static final DataflowGraph INTEL = Descriptions.graph("intel-82599");
    private static final ProtocolState STATE = DemoWorkload.state(7);
    private static Planner.Request request;

    @BeforeAll
    static void measure() {
        request = Planner.Request.fromState(INTEL, STATE, CostSpecReader.read(DemoWorkload.priorityCost()), 10)
                .withExplain(false);
    }

    @Test
    void theListenerHearsTheConstructedPlanFirstAndNothingAfterTheSearchReturns() {
        List<Plan> heard = new CopyOnWriteArrayList<>();
        AtomicBoolean returned = new AtomicBoolean();
        List<Plan> late = new CopyOnWriteArrayList<>();
        Plan plan = Planner.plan(request.withTimeLimit(Duration.ofMillis(1500)), p -> {
            (returned.get() ? late : heard).add(p);
        }, new Cancellation());
        returned.set(true);
        assertThat(heard).isNotEmpty();
        assertThat(heard.get(0).placements()).hasSize(DemoWorkload.FLOWS);
        assertThat(plan.total()).isLessThanOrEqualTo(heard.get(0).total());
        assertThat(plan.verified()).isTrue();
        assertThat(late).isEmpty();
    }

    @Test
    void cancellingARunningSearchEndsItWithItsBestPlanVerified() throws Exception {
        Cancellation cancellation = new Cancellation();
        CountDownLatch firstPlan = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            try {
                if (firstPlan.await(60, TimeUnit.SECONDS)) {
                    Thread.sleep(300);
                    cancellation.cancel();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        long t0 = System.nanoTime();
        Plan plan = Planner.plan(request.withTimeLimit(Duration.ofMinutes(5)), p -> firstPlan.countDown(), cancellation);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        stopper.join();
        assertThat(seconds).as("a five-minute search stopped after its first plan").isLessThan(60);
        assertThat(plan.placements()).hasSize(DemoWorkload.FLOWS);
        assertThat(plan.verified()).isTrue();
    }

    @Test
    void aSearchCancelledBeforeItStartsGivesTheConstructedPlan() {
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        Plan plan = Planner.plan(request.withTimeLimit(Duration.ofMinutes(5)), PlanListener.NONE, cancelled);
        Plan greedyOrders = Planner.plan(request.withTimeLimit(Duration.ofMinutes(5)), PlanListener.NONE, cancelled);
        assertThat(plan.placements()).isEqualTo(greedyOrders.placements());
        assertThat(plan.millis()).isLessThan(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void aStepLimitMakesTheSearchReproducible() {
        Planner.Request limited = request.withTimeLimit(Duration.ofMinutes(2)).withStepLimit(300);
        Plan a = Planner.plan(limited);
        Plan b = Planner.plan(limited);
        assertThat(a.placements()).isEqualTo(b.placements());
        assertThat(a.total()).isEqualTo(b.total());
        assertThat(a.verified()).isTrue();
    }

    @Test
    void exhaustiveSearchOfALargeInputIsRefusedBeforeItStarts() {
        assertThat(Planner.refusal(request.withStrategy(Strategy.EXHAUSTIVE)
                .withCost(CostSpecReader.read("{\"terms\": {\"balanceByRate\": 1}}")))).isPresent();
        assertThat(Planner.refusal(request)).isEmpty();
    }

    @Test
    void aPlanRebuiltFromItsPlacementsHasTheSameCostAndConfiguration() {
        Plan plan = Planner.plan(request.withStrategy(Strategy.GREEDY));
        Plan rebuilt = Replanner.rebuild(request.withStrategy(Strategy.GREEDY), plan.placements(), plan.strategy(), plan.millis());
        assertThat(rebuilt.total()).isEqualTo(plan.total());
        assertThat(rebuilt.configuration()).isEqualTo(plan.configuration());
        assertThat(rebuilt.placements()).isEqualTo(plan.placements());
    }

    @Test
    void replanningForAStateWithoutOneFlowKeepsTheOthersAndIsVerified() {
        Planner.Request greedy = request.withStrategy(Strategy.GREEDY);
        Plan plan = Planner.plan(greedy);
        String gone = STATE.flows().get(3).id();
        ProtocolState next = STATE.withFlows(STATE.flows().stream().filter(f -> !f.id().equals(gone)).toList());
        Replanner.Replan replan = Replanner.replan(greedy, plan, next);
        assertThat(replan.plan().placements()).hasSize(DemoWorkload.FLOWS - 1);
        assertThat(replan.plan().placement(gone)).isEmpty();
        assertThat(replan.plan().verified()).isTrue();
        for (var p : replan.plan().placements()) {
            assertThat(plan.placement(p.flow())).contains(p);
        }
    }
}
