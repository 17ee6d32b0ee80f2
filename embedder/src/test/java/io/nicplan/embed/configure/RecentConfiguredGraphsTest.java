package io.nicplan.embed.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.embed.classify.CompiledClassifier;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.feature.NicFeatures;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.testing.Nics;
import io.nicplan.graph.DataflowGraph;
import org.junit.jupiter.api.Test;

class RecentConfiguredGraphsTest {
    private static final String FILTERS = """
            {"FiveTuple": [{"proto": "udp", "dst_ip": "10.0.0.1", "dst_port": 11211, "priority": 5, "queue": 3}],
             "Syn": 2}
            """;

    private final DataflowGraph nic = Nics.intel82599();
    private final RecentConfiguredGraphs recent = new RecentConfiguredGraphs(NicFeatures.standard().functions());

    @Test
    void anEqualConfigurationOfTheSamePrgGivesTheSameGraphAndClassifier() {
        Configuration read = ConfigurationReader.read(FILTERS, nic);
        Configuration readAgain = ConfigurationReader.read(FILTERS, nic);
        assertThat(readAgain).isNotSameAs(read).isEqualTo(read);

        ConfiguredGraph once = recent.apply(nic, read);
        ConfiguredGraph first = recent.apply(nic, readAgain);
        assertThat(first).as("kept from its second application").isNotSameAs(once);
        assertThat(recent.apply(nic, readAgain)).isSameAs(first);
        assertThat(CompiledClassifier.of(recent.apply(nic, read))).isSameAs(CompiledClassifier.of(first));
        assertThat(recent.apply(nic, Configuration.EMPTY)).isNotSameAs(first);
        // PRGs by identity: an equal PRG parsed or built again is configured anew.
        DataflowGraph rebuilt = nic.toBuilder().build();
        assertThat(rebuilt).isEqualTo(nic);
        assertThat(recent.apply(rebuilt, read)).isNotSameAs(first);
    }

    @Test
    void aConfigurationAppliedOnceKeepsNoGraph() {
        for (int queue = 1; queue <= RecentConfiguredGraphs.NOTED; queue++) {
            Configuration c = ConfigurationReader.read("{\"Syn\": " + queue + "}", nic);
            assertThat(recent.apply(nic, c)).isNotSameAs(recent.apply(nic, c));
        }
    }

    @Test
    void theLeastRecentlyUsedGraphFallsOut() {
        Configuration read = ConfigurationReader.read(FILTERS, nic);
        recent.apply(nic, read);
        ConfiguredGraph first = recent.apply(nic, read);
        for (int queue = 1; queue < RecentConfiguredGraphs.KEPT; queue++) {
            keep(ConfigurationReader.read("{\"Syn\": " + queue + "}", nic));
        }
        assertThat(recent.apply(nic, read)).as("used again before it fell out").isSameAs(first);
        for (int queue = 1; queue <= RecentConfiguredGraphs.KEPT; queue++) {
            keep(ConfigurationReader.read("{\"CsumOffload\": true, \"Syn\": " + queue + "}", nic));
        }
        assertThat(recent.apply(nic, read)).isNotSameAs(first);
    }

    /** Applies {@code c} twice, so its graph is kept. */
    private void keep(Configuration c) {
        recent.apply(nic, c);
        recent.apply(nic, c);
    }

    @Test
    void aBadConfigurationIsRejectedEveryTime() {
        Configuration unknownNode = new Configuration(java.util.Map.of("NoSuchCNode", io.nicplan.graph.config.ConfigValue.of(true)));
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> recent.apply(nic, unknownNode))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("NoSuchCNode");
        }
    }
}
