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

    /** The dual-stack example: IPv4 and IPv6 flows (examples/memcached-dual-stack-state.json). */
    private static io.nicplan.embed.state.ProtocolState dualStack() {
        return io.nicplan.embed.state.ProtocolStateJson.read(io.nicplan.embed.Examples.dualStackState());
    }

    private static java.util.Set<String> ipv6Flows(io.nicplan.embed.state.ProtocolState state) {
        return state.flows().stream().filter(f -> f.src().version() == 6 || f.dst().version() == 6)
                .map(io.nicplan.embed.state.Flow::id).collect(java.util.stream.Collectors.toSet());
    }

    private static java.util.List<FlowPlacement> ipv6InFilters(DataflowGraph prg, Target target) {
        io.nicplan.embed.state.ProtocolState state = dualStack();
        Plan plan = Plans.prepare(PlanProblem.of(prg, state, Samples.demoCost()).withStrategy(Strategy.GREEDY)
                .withQueues(OptionalInt.of(8)).withExplain(false).withTarget(target)).plan();
        // the embedder agrees with every filter placement (a wildcard-port flow RSS spreads is checked elsewhere)
        assertThat(plan.verification().orElseThrow().mismatches()).noneMatch(m -> plan.placements().stream()
                .anyMatch(p -> p.mechanism().isFilter() && m.startsWith("flow " + p.flow() + ":")));
        return plan.placements().stream().filter(p -> ipv6Flows(state).contains(p.flow()) && p.mechanism().isFilter()).toList();
    }

    @Test
    void aLinuxPlanForThe82599NeverPutsAnIpv6FlowInAFilter() {
        // ixgbe's ntuple rules are IPv4 flow types only, and the 82599's perfect-match filters are modelled IPv4 only
        assertThat(ipv6InFilters(IXGBE, Target.LINUX)).isEmpty();
        assertThat(ipv6InFilters(IXGBE, Target.HARDWARE)).isEmpty();
    }

    @Test
    void anX710WhoseDriverTakesIpv4RulesOnlyGetsIpv6FiltersOnlyInAHardwarePlan() {
        DataflowGraph x710 = Nics.shippedGraph("intel-x710");
        assertThat(ipv6InFilters(x710, Target.LINUX)).isNotEmpty().allMatch(p -> p.mechanism() == Mechanism.FDIR);
        // i40e before Linux 5.12 (commit efca91e89b67) took IPv4 ntuple rules only: said by linux_ipv4_only
        String text = Nics.shippedSource("intel-x710").orElseThrow().replace("attr \"linux_ntuple\"",
                "attr \"linux_ntuple\" attr \"linux_ipv4_only=i40e before Linux 5.12\"");
        DataflowGraph older = Nics.parse("intel-x710-before-5.12.unicorn", text, new Nics.Limits(1 << 22, 50_000, 200_000))
                .graph().orElseThrow();
        assertThat(ipv6InFilters(older, Target.LINUX)).isEmpty();
        assertThat(ipv6InFilters(older, Target.HARDWARE)).isNotEmpty();
    }

    @Test
    void aNicWithoutALinuxDriverCannotBePlannedForLinux() {
        assertThatThrownBy(() -> Plans.prepare(PlanProblem.of(Nics.shippedGraph("flexnic"), Samples.demoState(7),
                Samples.demoCost()).withTarget(Target.LINUX)))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems().get(0).pointer()).isEqualTo("/target"))
                .hasMessageContaining("states no Linux driver");
    }
}
