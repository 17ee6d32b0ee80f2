package io.nicplan.optimizer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.embed.Examples;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.examples.DemoWorkload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 item 2: every plan turns on the transmit offloads its NIC declares, and they lower the plan's
 * {@code softwareCycles} (the transmit path of the ACKs and replies its flows make the host send).
 */
class TransmitOffloadPlanTest {
    private static final DataflowGraph INTEL = Descriptions.graph("intel-82599");
    private static final List<String> INTEL_OFFLOADS = List.of("Tx.Tso", "Tx.L4Csum", "Tx.Ipv4Csum");

    @Test
    void everyStrategysPlanFor82599TurnsOnTsoAndTransmitChecksumsAndCostsLessSoftwareThanWithThemOff() {
        ProtocolState state = DemoWorkload.state(3);
        Planner.Request on = Planner.Request.fromState(INTEL, state, CostSpecReader.read("{\"terms\": {\"softwareCycles\": 1}}"), 8)
                .withTimeLimit(Duration.ofMillis(300)).withExplain(false);
        assertThat(on.nic().transmitOffloadNodeIds()).containsExactlyElementsOf(INTEL_OFFLOADS);
        NicModel bare = on.nic().withoutTransmitOffloads();
        EmbeddedCycles offCycles = EmbeddedCycles.derive(INTEL, Descriptions.graph(Descriptions.LPG), state, bare, on.workload());
        Planner.Request off = new Planner.Request(bare, on.workload(), on.cost(), offCycles, Strategy.DEFAULT, on.timeLimit(), false);
        for (Strategy s : List.of(Strategy.DEFAULT, Strategy.GREEDY)) {
            Plan withOffloads = Planner.plan(on.withStrategy(s));
            Plan without = Planner.plan(off.withStrategy(s));
            for (String id : INTEL_OFFLOADS) {
                assertThat(withOffloads.configuration()).as(s + " " + id).containsEntry(id, ConfigValue.of(true));
                assertThat(without.configuration()).as(s + " " + id).doesNotContainKey(id);
            }
            assertThat(withOffloads.verified()).as(s.toString()).isTrue();
            // Same flows on the same queues; only the transmit work left to software differs.
            assertThat(withOffloads.placements()).as(s.toString()).isEqualTo(without.placements());
            long cyclesOn = withOffloads.terms().get("softwareCycles").value();
            long cyclesOff = without.terms().get("softwareCycles").value();
            System.out.println("82599 " + s + ": softwareCycles " + cyclesOn + " with transmit offloads, " + cyclesOff + " without");
            assertThat(cyclesOn).as(s.toString()).isPositive().isLessThan(cyclesOff);
        }
    }

    @Test
    void anIpv6FlowsMeasuredCyclesDropByTheIpv6TransmitWorkTheOffloadsTake() throws Exception {
        ProtocolState state = ProtocolStateJson.read(Examples.dualStackState());
        Planner.Request on = Planner.Request.fromState(INTEL, state, CostSpecReader.read("{\"terms\": {\"softwareCycles\": 1}}"), 8);
        DataflowGraph lpg = Descriptions.graph(Descriptions.LPG);
        EmbeddedCycles withOffloads = EmbeddedCycles.derive(INTEL, lpg, state, on.nic(), on.workload());
        EmbeddedCycles without = EmbeddedCycles.derive(INTEL, lpg, state, on.nic().withoutTransmitOffloads(), on.workload());
        // An ACK over IPv6 loses TSO (300) and the TCP checksum over the pseudo-header (250): no IPv4 header checksum to lose.
        assertThat(without.unfiltered().get("tcp6") - withOffloads.unfiltered().get("tcp6")).isEqualTo(300 + 250);
        // A UDP reply over IPv6 loses its checksum (250).
        assertThat(without.unfiltered().get("be6") - withOffloads.unfiltered().get("be6")).isEqualTo(250);
        // Over IPv4 the header checksum (40) goes too.
        assertThat(without.unfiltered().get("tcp1") - withOffloads.unfiltered().get("tcp1")).isEqualTo(300 + 250 + 40);
    }

    @Test
    void aNicDeclaresOnlyTheOffloadsItHasAndTheLinuxTargetKeepsThem() {
        // The SFC9020 inserts checksums but does not segment (docs/nic-descriptions.md); virtio-net declares none.
        assertThat(NicModels.fromPrg(Descriptions.graph("solarflare-sfc9020")).transmitOffloadNodeIds())
                .isNotEmpty().noneMatch(id -> id.contains("Tso"));
        assertThat(NicModels.fromPrg(Descriptions.graph("virtio-net")).transmitOffloadNodeIds()).isEmpty();
        // ethtool -K reaches them (tso, tx), so a plan for the linux target turns them on too.
        assertThat(NicModels.fromPrg(INTEL, Target.LINUX).transmitOffloadNodeIds()).containsExactlyElementsOf(INTEL_OFFLOADS);
    }
}
