package io.nicplan.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.plan.FlowPlacement;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.plan.PlanDiff;
import io.nicplan.optimizer.plan.PlanJson;
import io.nicplan.optimizer.plan.PlanText;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static Planner.Request request(int flows, double gold, String spec) {
        Workload w = Workloads.generate(flows, 3, gold, 0.5, Workloads.Rates.UNEQUAL);
        return Planner.Request.of(NicModels.builtin("intel-82599", 10), w, CostSpecReader.read(spec)).withTimeLimit(Duration.ofMillis(600));
    }

    @Test
    void planConfiguresEverySteeringNodeConsistentlyWithItsPlacements() throws Exception {
        Plan p = Planner.plan(request(40, 0.2, "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 4}}}"));
        assertThat(p.feasible()).isTrue();
        assertThat(p.configuration()).containsOnlyKeys("Queues", "FiveTuple", "FlowDirector", "Rss", "Tx.Tso", "Tx.L4Csum", "Tx.Ipv4Csum");
        long filtered = p.placements().stream().filter(f -> f.mechanism().isFilter()).count();
        int entries = ((ConfigValue.ListValue) p.configuration().get("FiveTuple")).elements().size()
                + ((ConfigValue.ListValue) p.configuration().get("FlowDirector")).elements().size();
        assertThat(entries).isEqualTo(filtered);
        JsonNode json = new ObjectMapper().readTree(PlanJson.render(p));
        assertThat(json.get("feasible").asBoolean()).isTrue();
        assertThat(json.at("/cost/terms/priority/cost").asLong()).isEqualTo(p.total());
        assertThat(json.get("placements")).hasSize(40);
        assertThat(json.at("/configuration/Rss/table")).hasSize(128);
        assertThat(json.get("explanation").isArray()).isTrue();
        assertThat(PlanText.render(p)).contains("feasible").contains("priority");
    }

    @Test
    void moreGoldFlowsThanExclusiveQueuesAllowIsInfeasibleWithReasons() {
        Plan p = Planner.plan(request(30, 0.9, "{\"terms\": {\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": 1}}}"));
        assertThat(p.feasible()).isFalse();
        assertThat(p.reasons()).anyMatch(r -> r.contains("exclusive queues"));
        assertThat(p.explanation()).anyMatch(c -> c.constraint().equals("goldQueueFull") && c.hard() > 0);
    }

    @Test
    void exhaustiveRefusesLargeInputsSayingWhy() {
        assertThatThrownBy(() -> Planner.plan(request(40, 0, "{\"terms\": {\"balanceByRate\": 1}}").withStrategy(Strategy.EXHAUSTIVE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exhaustive search refuses")
                .hasMessageContaining("does not reach the greedy plan's cost");
    }

    @Test
    void exhaustiveSolvesALargeBalanceInputByItsBound() {
        // 40 flows over the 9 balanced queues: 4 on each, 4 elsewhere, (9 * 4 - 40)^2 on each queue, D = 144,
        // over |B| * T = 9 * 40: 0.4 flows (each queue 4/9 below the mean of 40/9: 9 * (4/9)^2 / (40/9))
        Plan p = Planner.plan(request(40, 0, "{\"terms\": {\"balance\": 1}}").withStrategy(Strategy.EXHAUSTIVE));
        assertThat(p.total()).isEqualTo(400);
    }

    @Test
    void defaultStrategyInstallsNoFilters() {
        Plan p = Planner.plan(request(40, 0, "{\"terms\": {\"balance\": 1}}").withStrategy(Strategy.DEFAULT));
        assertThat(p.placements()).allMatch(f -> !f.mechanism().isFilter());
        assertThat(p.configuration().get("FiveTuple")).isEqualTo(new ConfigValue.ListValue(List.of()));
    }

    @Test
    void optaplannerIsNeverWorseThanGreedy() {
        Planner.Request r = request(200, 0.1, "{\"terms\": {\"balanceByRate\": 1}}");
        Plan greedy = Planner.plan(r.withStrategy(Strategy.GREEDY));
        Plan ota = Planner.plan(r);
        assertThat(ota.hard()).isLessThanOrEqualTo(greedy.hard());
        assertThat(ota.total()).isLessThanOrEqualTo(greedy.total());
    }

    @Test
    void addingAFlowKeepsTheOthersAndTheDiffHasOnlyItsEntry() {
        Planner.Request r = request(100, 0, "{\"terms\": {\"balanceByRate\": 1}}").withStrategy(Strategy.GREEDY).withExplain(false);
        Plan current = Planner.plan(r);
        Flow extra = Workloads.extraFlow(r.workload(), 9);
        Replanner.Replan next = Replanner.add(r, current, List.of(extra));
        for (FlowPlacement before : current.placements()) {
            assertThat(next.plan().placement(before.flow())).contains(before);
        }
        FlowPlacement added = next.plan().placement(extra.id()).orElseThrow();
        assertThat(next.diff().size()).isEqualTo(added.mechanism().isFilter() ? 1 : 0);
        next.diff().nodes().values().forEach(d -> assertThat(d.add()).hasSize(1));

        Replanner.Replan back = Replanner.remove(r.withWorkload(next.plan().placements().size() == 101
                ? r.workload().withFlows(concat(r.workload().flows(), extra)) : r.workload()), next.plan(), Set.of(extra.id()));
        PlanDiff undo = back.diff();
        assertThat(undo.size()).isEqualTo(added.mechanism().isFilter() ? 1 : 0);
        assertThat(back.plan().configuration()).isEqualTo(current.configuration());
    }

    private static List<Flow> concat(List<Flow> flows, Flow extra) {
        List<Flow> all = new java.util.ArrayList<>(flows);
        all.add(extra);
        return all;
    }
}
