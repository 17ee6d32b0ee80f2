package io.nicplan.app.emulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.app.InputException;
import io.nicplan.app.Samples;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.plan.PlanProblem;
import io.nicplan.app.plan.Plans;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.backend.ApplyReport;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.plan.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmulatedNicTest {
    private static final DataflowGraph FLEXNIC = Nics.shippedGraph("flexnic");
    private static final ProtocolState STATE = Samples.demoState(7);
    private static Plan plan;

    @BeforeAll
    static void plan() {
        plan = Plans.prepare(PlanProblem.of(FLEXNIC, STATE, Samples.demoCost()).withStrategy(Strategy.GREEDY)
                .withQueues(OptionalInt.of(10)).withExplain(false)).plan();
    }

    @Test
    void anInstalledPlanCommitsAndEveryFlowsFramesGoWhereItSays() {
        EmulatedNic nic = EmulatedNic.of(FLEXNIC, 1 << 20);
        InstallOutcome verified = nic.install(Plans.renderJson(plan), true);
        assertThat(verified.failures()).isEmpty();
        assertThat(nic.installedEntries()).isZero();
        InstallOutcome installed = nic.install(Plans.renderJson(plan), false);
        assertThat(installed.committed()).isTrue();
        assertThat(installed.newProgram()).isTrue();
        assertThat(installed.writes()).allSatisfy(w -> assertThat(w.status()).contains("OK"));
        TrafficReport report = nic.replay(STATE, STATE.flows(), Duration.ofMillis(2), 3, Prediction.of(Plans.toJson(plan)));
        assertThat(report.compared()).isEqualTo(STATE.flows().size());
        assertThat(report.agreed()).isEqualTo(report.compared());
        assertThat(report.toJson().at("/summary/agreement").asDouble()).isEqualTo(1.0);
        // The plan's fastPath flows ran as FlexTCP connections, byte-exact, their flow state naming the planned queue.
        List<TrafficReport.FlowResult> connections = report.flows().stream().filter(f -> f.connection().isPresent()).toList();
        assertThat(connections).isNotEmpty().allSatisfy(f -> {
            assertThat(f.connection().orElseThrow().matchesPlan()).as(f.toString()).isTrue();
            assertThat(f.connection().orElseThrow().slowPathSegments()).as(f.toString()).isEqualTo(2);
        });
        // Besides the flows' frames and segments, the NIC received an ARP request from each connection's peer
        // (one per source address).
        assertThat(nic.counters().rxFrames() - report.packets()).isBetween(1L, (long) connections.size());
        assertThat(nic.pcap()).isNotEmpty();
    }

    @Test
    void aPlanCheckedOnAFreshEmulatorAgreesFlowByFlow() {
        ApplyReport report = EmulatedNic.check(FLEXNIC, STATE, Plans.renderJson(plan), Optional.empty());
        assertThat(report.allAgree()).isTrue();
        assertThat(report.flows()).isEqualTo(STATE.flows().size());
    }

    @Test
    void aPlanThatDoesNotFitTheNicIsAnInputException() {
        EmulatedNic nic = EmulatedNic.of(FLEXNIC, 1 << 20);
        assertThatThrownBy(() -> nic.install("{\"configuration\": {\"NoSuchNode\": 3}}", false))
                .isInstanceOf(InputException.class);
        assertThatThrownBy(() -> nic.install("not json", false)).isInstanceOf(InputException.class);
    }
}
