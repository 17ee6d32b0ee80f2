package io.nicplan.app.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.app.InputException;
import io.nicplan.app.Samples;
import io.nicplan.app.nic.Nics;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.plan.Plan;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PlansTest {
    private static final DataflowGraph INTEL = Nics.shippedGraph("intel-82599");
    private static final ProtocolState STATE = Samples.demoState(7);

    private static PlanProblem problem() {
        return PlanProblem.of(INTEL, STATE, Samples.demoCost()).withQueues(OptionalInt.of(10)).withExplain(false);
    }

    @Test
    void whatTheNicRefutesIsAnInputExceptionAtItsPointer() {
        PlanProblem reserved = problem().withQueues(OptionalInt.empty())
                .withStrategy(Strategy.GREEDY);
        PlanProblem bad = new PlanProblem(Nics.shippedGraph("single-queue"), STATE,
                Plans.readCost("{\"terms\": {\"balance\": 1}, \"rules\": {\"reservedQueues\": [5]}}"), Strategy.GREEDY,
                Duration.ofSeconds(1), OptionalInt.empty(), OptionalInt.empty(), false);
        assertThat(Plans.prepare(reserved).problem()).isEqualTo(reserved);
        assertThatThrownBy(() -> Plans.prepare(bad)).isInstanceOfSatisfying(InputException.class,
                e -> assertThat(e.problems().get(0).pointer()).startsWith("/cost/rules/reservedQueues"));
        assertThatThrownBy(() -> Plans.prepare(problem().withStrategy(Strategy.EXHAUSTIVE)
                .withExplain(false))).isInstanceOfSatisfying(InputException.class,
                e -> assertThat(e.problems().get(0).pointer()).isEqualTo("/strategy"));
        assertThatThrownBy(() -> Plans.readCost("{\"terms\": {\"colour\": 1}}")).isInstanceOfSatisfying(InputException.class,
                e -> assertThat(e.problems().get(0).pointer()).isEqualTo("/terms/colour"));
    }

    @Test
    void aSearchStoppedAfterItsFirstPlanEndsWithAVerifiedPlan() {
        Plans.Prepared prepared = Plans.prepare(problem().withTimeLimit(Duration.ofMinutes(5)));
        PlanSearch search = prepared.search();
        AtomicReference<Plan> first = new AtomicReference<>();
        long t0 = System.nanoTime();
        Plan plan = search.run(p -> {
            first.compareAndSet(null, p);
            search.stop();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMinutes(1));
        assertThat(first.get()).isNotNull();
        assertThat(search.stopped()).isTrue();
        assertThat(plan.verified()).isTrue();
        assertThat(plan.total()).isLessThanOrEqualTo(first.get().total());
    }

    @Test
    void aStoredPlanIsRebuiltAndReplannedWhenAFlowGoes() {
        Plans.Prepared greedy = Plans.prepare(problem().withStrategy(Strategy.GREEDY));
        Plan plan = greedy.plan();
        Plan rebuilt = Plans.rebuild(greedy, Plans.toJson(plan));
        assertThat(rebuilt.placements()).isEqualTo(plan.placements());
        assertThat(rebuilt.total()).isEqualTo(plan.total());

        String gone = STATE.flows().get(0).id();
        ProtocolState next = STATE.withFlows(STATE.flows().stream().filter(f -> !f.id().equals(gone)).toList());
        PlanChange change = Plans.replan(greedy, rebuilt, next);
        assertThat(change.plan().placements()).hasSize(STATE.flows().size() - 1);
        assertThat(change.plan().verified()).isTrue();
        assertThat(change.diffJson().get("size").asInt()).isEqualTo(change.diff().size());
    }
}
