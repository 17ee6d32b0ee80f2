package io.nicplan.app.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.app.InputException;
import io.nicplan.app.Samples;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.emulate.EmulatedNic;
import io.nicplan.app.nic.Nics;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.backend.ApplyReport;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.plan.FlowPlacement;
import io.nicplan.optimizer.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * FlexNIC's key-value program planned from the protocol state (#14 item 3): the optimizer writes the hash and bucket
 * stages from the application's key ownership, and the emulator puts every request on its key's owner.
 */
class KeyValuePlanTest {
    private static final DataflowGraph FLEXNIC = Nics.shippedGraph("flexnic");
    private static final ProtocolState STATE = Embeddings.readState(Samples.kvFlexnicState());

    private static Plan plan(Strategy strategy, int queues) {
        return Plans.prepare(PlanProblem.of(FLEXNIC, STATE, Samples.demoCost()).withStrategy(strategy)
                .withQueues(OptionalInt.of(queues)).withExplain(false).withStepLimit(OptionalInt.of(50))).plan();
    }

    /** The core owning each flow's key: crc32c(key) mod 4 over the application's cores 0..3 (docs/formats.md). */
    private static Map<String, Integer> owners() {
        return STATE.flows().stream().collect(Collectors.toMap(f -> f.id(), f -> Samples.keyOwner(f.key().orElseThrow(), 4)));
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"GREEDY", "OPTAPLANNER"})
    void onFourQueuesTheSearchWritesTheHandWrittenProgramAndEveryRequestLandsOnItsOwner(Strategy strategy) {
        Plan plan = plan(strategy, 4);
        assertThat(plan.feasible()).as(plan.reasons().toString()).isTrue();
        // both read back through the description's types, so absent optional fields compare equal
        Configuration handWritten = Embeddings.readConfiguration(FLEXNIC, Samples.kvFlexnicConfig());
        Configuration planned = Embeddings.readConfiguration(FLEXNIC, configurationJson(plan));
        assertThat(planned.values().get("Stage0")).isEqualTo(handWritten.values().get("Stage0"));
        assertThat(planned.values().get("Stage1")).isEqualTo(handWritten.values().get("Stage1"));
        assertThat(plan.placements()).allMatch(p -> p.mechanism() == Mechanism.MATCH_ACTION);
        assertThat(plan.placements().stream().collect(Collectors.toMap(FlowPlacement::flow, FlowPlacement::queue))).isEqualTo(owners());
        assertThat(plan.verified()).isTrue();

        ApplyReport applied = EmulatedNic.check(FLEXNIC, STATE, Plans.renderJson(plan), Optional.empty());
        assertThat(applied.disagree()).as(applied.toJson()).isEmpty();
        assertThat(applied.agree()).isEqualTo(STATE.flows().size());
    }

    private static String configurationJson(Plan plan) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Plans.renderJson(plan)).get("configuration").toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void onSixteenQueuesEachOwnerSpreadsItsBucketsOverItsFourQueues() {
        Plan plan = plan(Strategy.OPTAPLANNER, 16);
        List<ConfigValue> buckets = ((ConfigValue.ListValue) plan.configuration().get("Stage1")).elements();
        // 4 owner cores x 4 queues each (queue q on core q mod 4): 16 buckets, bucket b on a queue of core b mod 4
        assertThat(buckets).hasSize(16);
        for (FlowPlacement p : plan.placements()) {
            assertThat(p.queue() % 4).as(p.flow()).isEqualTo(owners().get(p.flow()));
        }
        // the requests are spread over more queues than the four of the hand-written program
        assertThat(plan.placements().stream().map(FlowPlacement::queue).distinct().count()).isGreaterThan(4);
        ApplyReport applied = EmulatedNic.check(FLEXNIC, STATE, Plans.renderJson(plan), Optional.empty());
        assertThat(applied.disagree()).as(applied.toJson()).isEmpty();
        assertThat(applied.agree()).isEqualTo(STATE.flows().size());
    }

    @Test
    void anOwnerCoreWithoutAQueueIsReportedWithTheKeyAndTheQueuesToPlan() {
        // two queues serve cores 0 and 1 only; cores 2 and 3 own keys too
        assertThatThrownBy(() -> plan(Strategy.GREEDY, 2)).isInstanceOf(InputException.class)
                .hasMessageContaining("core 2 of application 'kv' owns the keys with crc32c(key) mod 4 = 2")
                .hasMessageContaining("plan at least 4 queues");
    }
}
