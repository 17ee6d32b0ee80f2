package io.nicplan.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.app.InputException;
import io.nicplan.app.nic.Nics;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.graph.DataflowGraph;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImportsTest {
    private static final DataflowGraph I82599 = Nics.shippedGraph("intel-82599");

    /** What ethtool 6.1 prints for one flow-director rule (rxclass.c: masks are the bits ignored). */
    private static final String RULES = """
            8 RX rings available
            Total 2 rules

            Filter: 0
            \tRule Type: UDP over IPv4
            \tSrc IP addr: 10.0.1.1 mask: 0.0.0.0
            \tDest IP addr: 10.0.0.1 mask: 0.0.0.0
            \tTOS: 0x0 mask: 0xff
            \tSrc port: 40001 mask: 0x0
            \tDest port: 11211 mask: 0x0
            \tAction: Direct to queue 4

            Filter: 5
            \tRule Type: TCP over IPv4
            \tSrc IP addr: 10.0.1.2 mask: 0.0.0.0
            \tDest IP addr: 10.0.0.1 mask: 0.0.0.0
            \tTOS: 0x0 mask: 0xff
            \tSrc port: 40002 mask: 0x0
            \tDest port: 80 mask: 0x0
            \tAction: Direct to queue 5

            """;

    private static String rss(String firstRow) {
        StringBuilder sb = new StringBuilder("RX flow hash indirection table for eth0 with 8 RX ring(s):\n");
        sb.append(firstRow).append('\n');
        for (int row = 8; row < 128; row += 8) {
            sb.append(String.format("%5d: ", row));
            for (int i = 0; i < 8; i++) {
                sb.append(String.format(" %5d", i % 4));
            }
            sb.append('\n');
        }
        return sb.append("RSS hash key:\n6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:"
                + "f2:0c:6a:42:b7:3b:be:ac:01:fa\nRSS hash function:\n    toeplitz: on\n").toString();
    }

    @Test
    void ntupleRulesRssAndChannelsBecomeTheNicsCNodes() {
        Configuration c = Imports.read(I82599, new Imports.EthtoolTexts(RULES,
                rss("    0:      0     1     2     3     0     1     2     3"), Optional.of("""
                        Channel parameters for eth0:
                        Pre-set maximums:
                        Combined:\t63
                        Current hardware settings:
                        Combined:\t8
                        """), Optional.of("rx-checksumming: on\n")));
        String json = ConfigurationJson.write(c, I82599);
        assertThat(json).contains("\"FlowDirector\"").contains("\"src_port\" : 40001").contains("\"dst_port\" : 80")
                .contains("\"Queues\" : [ 0, 1, 2, 3, 4, 5, 6, 7 ]").contains("\"CsumOffload\" : true")
                .doesNotContain("\"key\"");
        assertThat(c.list("FlowDirector")).hasSize(2);
    }

    @Test
    void whatNicplanCannotHoldIsAnErrorAtItsLine() {
        String partial = RULES.replace("Src IP addr: 10.0.1.1 mask: 0.0.0.0", "Src IP addr: 10.0.1.0 mask: 0.0.0.255");
        assertThatThrownBy(() -> Imports.read(I82599, new Imports.EthtoolTexts(partial, "", Optional.empty(),
                Optional.empty()))).isInstanceOf(InputException.class).hasMessageContaining("match a field whole or not at all")
                .extracting(e -> ((InputException) e).problems().get(0).pointer()).isEqualTo("line 6");
        String drop = RULES.replace("Action: Direct to queue 4", "Action: Drop");
        assertThatThrownBy(() -> Imports.read(I82599, new Imports.EthtoolTexts(drop, "", Optional.empty(),
                Optional.empty()))).hasMessageContaining("action 'Drop'");
        assertThatThrownBy(() -> Imports.read(I82599, new Imports.EthtoolTexts("", rss("    8:      0"),
                Optional.empty(), Optional.empty()))).hasMessageContaining("table row starts at 8, expected 0");
    }

    @Test
    void testpmdsRetaListingReadsEntryByEntry() {
        assertThat(Imports.testpmdReta("""
                The reta size of port 0 is 4
                RSS RETA configuration: hash index=0, queue=3
                RSS RETA configuration: hash index=1, queue=2
                RSS RETA configuration: hash index=2, queue=0
                RSS RETA configuration: hash index=3, queue=1
                """)).isEqualTo(List.of(3, 2, 0, 1));
    }
}
