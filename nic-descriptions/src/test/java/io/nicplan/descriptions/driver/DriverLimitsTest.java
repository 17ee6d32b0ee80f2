package io.nicplan.descriptions.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.descriptions.Descriptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver-visible limits the shipped descriptions state, as planning and export read them. */
class DriverLimitsTest {
    @Test
    void ixgbeExposesSixtyFourQueuesAndOnlyFlowDirectorThroughEthtool() {
        DriverLimits linux = DriverLimits.of(Descriptions.graph("intel-82599"), Target.LINUX);
        assertThat(linux.rxQueues()).isEqualTo(64);
        assertThat(linux.ntupleNode()).contains("FlowDirector");
        assertThat(linux.unreachable()).containsOnlyKeys("EtherType", "Syn", "SynAfterFiveTuple", "FiveTuple");
        assertThat(linux.unreachable().get("FiveTuple")).contains("(FTQF) are not reachable through ethtool");
        assertThat(linux.rssTableByEthtool()).isTrue();
        DriverLimits hardware = DriverLimits.of(Descriptions.graph("intel-82599"), Target.HARDWARE);
        assertThat(hardware.rxQueues()).isEqualTo(128);
        assertThat(hardware.reaches("FiveTuple")).isTrue();
        assertThat(hardware.rssTableByEthtool()).isFalse();
    }

    @Test
    void i40eQueuesAreBoundedByTheHostsCpus() {
        assertThat(DriverLimits.of(Descriptions.graph("intel-x710"), Target.LINUX).rxQueues()).isEqualTo(16);
        assertThat(DriverLimits.of(Descriptions.graph("intel-x710", Map.of("online_cpus", 48L)), Target.LINUX).rxQueues())
                .isEqualTo(48);
    }

    @Test
    void sfcRulesStopShortOfTheHashedTablesRows() {
        DriverLimits linux = DriverLimits.of(Descriptions.graph("solarflare-sfc9020"), Target.LINUX);
        assertThat(linux.capacity("FiveTuple", 8192)).isEqualTo(7770);
        assertThat(DriverLimits.of(Descriptions.graph("solarflare-sfc9020"), Target.HARDWARE)
                .capacity("FiveTuple", 8192)).isEqualTo(8192);
        assertThat(linux.ntupleNode()).contains("FiveTuple");
    }

    @Test
    void virtioHasNoEthtoolPathToTheUnclassifiedQueue() {
        DriverLimits linux = DriverLimits.of(Descriptions.graph("virtio-net"), Target.LINUX);
        assertThat(linux.rxQueues()).isEqualTo(8);
        assertThat(linux.reaches("Unclassified")).isFalse();
        assertThat(linux.ntupleNode()).isEmpty();
    }

    @Test
    void aNicWithoutALinuxDriverCannotBePlannedForLinux() {
        assertThat(DriverLimits.hasLinuxDriver(Descriptions.graph("flexnic"))).isFalse();
        assertThatThrownBy(() -> DriverLimits.of(Descriptions.graph("flexnic"), Target.LINUX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("states no Linux driver");
    }
}
