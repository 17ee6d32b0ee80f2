package io.nicplan.optimizer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.cost.Term;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoWorkloadTest {

    @Test
    void stateHasTwoHundredConcreteFlowsTwentyGoldAndTheMemcachedEndpoints() {
        ProtocolState s = DemoWorkload.state(7);
        assertThat(s.flows()).hasSize(DemoWorkload.FLOWS).allMatch(Flow::isConcrete);
        assertThat(s.flows().stream().filter(f -> f.trafficClass().equals("gold"))).hasSize(DemoWorkload.GOLD);
        assertThat(s.flows().stream().map(f -> f.src()).collect(Collectors.toSet())).hasSize(DemoWorkload.FLOWS);
        assertThat(s.endpoints()).extracting(e -> e.proto().symbol() + ":" + e.localPort())
                .contains("udp:11211", "tcp:11211");
        assertThat(s.applications()).allSatisfy(a -> assertThat(a.cores()).isNotEmpty());
    }

    @Test
    void ratesAreUnequalAndHeavyTailed() {
        ProtocolState s = DemoWorkload.state(7);
        double max = s.flows().stream().mapToDouble(Flow::packetsPerSecond).max().orElseThrow();
        double min = s.flows().stream().mapToDouble(Flow::packetsPerSecond).min().orElseThrow();
        assertThat(max / min).isGreaterThan(50);
    }

    @Test
    void sameSeedSameStateAndTheStatePassesTheEmbeddersChecks() {
        String json = ProtocolStateJson.write(DemoWorkload.state(3));
        assertThat(ProtocolStateJson.write(DemoWorkload.state(3))).isEqualTo(json);
        assertThat(ProtocolStateJson.write(DemoWorkload.state(4))).isNotEqualTo(json);
        assertThat(ProtocolStateJson.read(json)).isEqualTo(DemoWorkload.state(3));
    }

    @Test
    void priorityCostExampleReads() {
        CostSpec spec = CostSpecReader.read(DemoWorkload.priorityCost());
        assertThat(spec.uses(Term.PRIORITY)).isTrue();
        assertThat(spec.uses(Term.BALANCE_BY_RATE)).isTrue();
        assertThat(spec.uses(Term.SOFTWARE_CYCLES)).isTrue();
        assertThat(spec.goldFlowsPerQueue()).isEqualTo(5);
        // spread terms are in packets per second like the rates, so equal weights put a packet per second of
        // spread on a par with a kilocycle per second of software work (docs/formats.md, choosing weights)
        assertThat(spec.weight(Term.SOFTWARE_CYCLES)).isEqualTo(spec.weight(Term.BALANCE_BY_RATE)).isEqualTo(1);
    }
}
