package io.nicplan.optimizer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.examples.DemoWorkload;
import io.nicplan.graph.config.ConfigValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Must show (issue #12, build 2): with {@code "rssKey": "chosen"} the plan picks, among the standard key and
 * {@link CostModel#RSS_KEY_CANDIDATES} - 1 seeded ones, the key under which RSS alone spreads the concrete flows'
 * packets most evenly; where RSS is the only steering (virtio-net) that lowers the cost, the configuration names the
 * key, and the embedder's re-check, hashing with that key, agrees on every flow.
 */
class ChosenRssKeyTest {
    private static final String STANDARD = "{\"terms\": {\"balanceByRate\": 1}}";
    private static final String CHOSEN = "{\"terms\": {\"balanceByRate\": 1}, \"rssKey\": \"chosen\"}";

    @Test
    void aChosenKeySpreadsRssOnlyTrafficMoreEvenlyAndTheEmbedderAgrees() {
        DataflowGraph virtio = Descriptions.graph("virtio-net");
        ProtocolState full = DemoWorkload.state(4);
        ProtocolState some = full.withFlows(full.flows().subList(0, 40));
        Planner.Request standard = Planner.Request.fromState(virtio, some, CostSpecReader.read(STANDARD), 4)
                .withExplain(false).withStrategy(Strategy.GREEDY);
        Planner.Request chosen = standard.withCost(CostSpecReader.read(CHOSEN));
        Plan withStandardKey = Planner.plan(standard);
        Plan withChosenKey = Planner.plan(chosen);

        assertThat(withChosenKey.total()).as("balanceByRate with the chosen key").isLessThan(withStandardKey.total());
        ConfigValue.TupleValue rss = rssConfiguration(withChosenKey);
        assertThat(rss.field("key")).as("the chosen key is in the configuration").isPresent();
        assertThat(rssConfiguration(withStandardKey).field("key")).as("the standard key is left out").isEmpty();
        for (Plan plan : List.of(withStandardKey, withChosenKey)) {
            assertThat(plan.verification()).hasValueSatisfying(v -> {
                assertThat(v.mismatches()).isEmpty();
                assertThat(v.checked()).isEqualTo(some.flows().size());
            });
        }
    }

    @Test
    void theStandardKeyStaysWithoutTheOptionAndTheOptionRoundTrips() {
        CostSpec spec = CostSpecReader.read(CHOSEN);
        assertThat(spec.chooseRssKey()).isTrue();
        assertThat(CostSpecReader.read(CostSpecReader.toJson(spec).toString()).chooseRssKey()).isTrue();
        assertThat(CostSpecReader.read(STANDARD).chooseRssKey()).isFalse();
        assertThat(CostSpecReader.read("{\"terms\": {\"balance\": 1}, \"rssKey\": \"standard\"}").chooseRssKey()).isFalse();
        CostModel model = CostModel.compile(io.nicplan.optimizer.nic.NicModels.builtin("intel-82599", 4),
                io.nicplan.optimizer.bench.Workloads.generate(30, 1, 0, 0.5, io.nicplan.optimizer.bench.Workloads.Rates.UNEQUAL),
                CostSpecReader.read(STANDARD), EmbeddedCycles.NOMINAL);
        assertThat(model.rssKey()).isEmpty();
    }

    private static ConfigValue.TupleValue rssConfiguration(Plan plan) {
        return plan.configuration().values().stream().filter(v -> v instanceof ConfigValue.TupleValue t && t.field("table").isPresent())
                .map(v -> (ConfigValue.TupleValue) v).findFirst().orElseThrow();
    }
}
