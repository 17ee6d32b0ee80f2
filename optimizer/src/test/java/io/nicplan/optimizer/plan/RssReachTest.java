package io.nicplan.optimizer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.examples.DemoWorkload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The 82599's RSS table names queues 0..15 only (4-bit RETA entries), however many queues a plan uses. */
class RssReachTest {
    @Test
    void planOverMoreQueuesThanRssReachesKeepsTheRssTableWithinReach() {
        ProtocolState state = Embedder.standard().readState(Examples.memcachedState());
        var request = Planner.Request.fromState(Descriptions.graph("intel-82599"), state,
                CostSpecReader.read(DemoWorkload.priorityCost()), 32);
        for (Strategy s : new Strategy[] {Strategy.GREEDY, Strategy.OPTAPLANNER}) {
            Plan plan = Planner.plan(request.withStrategy(s).withTimeLimit(Duration.ofMillis(300)));
            assertThat(plan.verification()).as(s.cliName()).isPresent();
            assertThat(plan.verified()).as(s.cliName() + ": " + plan.verification()).isTrue();
        }
    }
}
