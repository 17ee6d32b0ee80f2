package io.nicplan.app.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.app.InputException;
import io.nicplan.app.Samples;
import io.nicplan.app.nic.Nics;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.plan.FlowPlacement;
import io.nicplan.optimizer.plan.Plan;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The {@code linux} planning target (#14 item 4): a plan never uses what the NIC's Linux driver cannot reach, while a
 * {@code hardware} plan of the same state may.
 */
class LinuxTargetTest {
    private static final DataflowGraph IXGBE = Nics.shippedGraph("intel-82599");

    private static Plan plan(Target target, int queues) {
        return Plans.prepare(PlanProblem.of(IXGBE, Samples.demoState(7), Samples.demoCost()).withStrategy(Strategy.GREEDY)
                .withQueues(OptionalInt.of(queues)).withExplain(false).withTarget(target)).plan();
    }

    @Test
    void aLinuxPlanForThe82599NeverNamesAQueueAtOrAbove64WhereAHardwarePlanDoes() {
        // the demo's 200 flows balanced over all 128 queues of the silicon: filters put some on queues 64..127
        Plan hardware = plan(Target.HARDWARE, 128);
        assertThat(hardware.placements()).anyMatch(p -> p.queue() >= 64);
        assertThat(hardware.placements()).anyMatch(p -> p.mechanism() == Mechanism.FIVETUPLE);

        // ixgbe enables 64 queues (MAX_RX_QUEUES): asking for more under linux is refused, and 64 are all it uses
        assertThatThrownBy(() -> plan(Target.LINUX, 128)).isInstanceOf(InputException.class)
                .hasMessageContaining("64 queues its Linux driver can enable");
        Plan linux = plan(Target.LINUX, 64);
        assertThat(linux.feasible()).isTrue();
        assertThat(linux.placements()).allMatch(p -> p.queue() < 64);
        // the five-tuple filters (FTQF) are not reachable through ethtool, so the plan leaves them unconfigured
        assertThat(linux.placements()).extracting(FlowPlacement::mechanism).doesNotContain(Mechanism.FIVETUPLE);
        assertThat(linux.configuration()).doesNotContainKeys("FiveTuple", "EtherType", "Syn", "SynAfterFiveTuple");
        assertThat(linux.verified()).isTrue();
    }

    @Test
    void aNicWithoutALinuxDriverCannotBePlannedForLinux() {
        assertThatThrownBy(() -> Plans.prepare(PlanProblem.of(Nics.shippedGraph("flexnic"), Samples.demoState(7),
                Samples.demoCost()).withTarget(Target.LINUX)))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems().get(0).pointer()).isEqualTo("/target"))
                .hasMessageContaining("states no Linux driver");
    }
}
