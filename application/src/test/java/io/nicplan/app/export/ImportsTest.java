package io.nicplan.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.app.InputException;
import io.nicplan.app.nic.Nics;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigValue;
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
    void ethtoolsTsoAndTxChecksummingLinesAreTheTransmitOffloads() {
        String features = """
                Features for eth0:
                rx-checksumming: on
                tx-checksumming: on
                \ttx-checksum-ipv4: off [fixed]
                \ttx-checksum-ip-generic: on
                scatter-gather: on
                tcp-segmentation-offload: off
                \ttx-tcp-segmentation: off
                """;
        Configuration c = Imports.read(I82599, new Imports.EthtoolTexts("", "", Optional.empty(), Optional.of(features)));
        assertThat(c.value("Tx.Tso")).contains(ConfigValue.of(false));
        assertThat(c.value("Tx.L4Csum")).contains(ConfigValue.of(true));
        assertThat(c.value("Tx.Ipv4Csum")).contains(ConfigValue.of(true));
        // Without the lines (an older ethtool's text), the transmit offloads stay unconfigured.
        Configuration rxOnly = Imports.read(I82599, new Imports.EthtoolTexts("", "", Optional.empty(),
                Optional.of("rx-checksumming: on\n")));
        assertThat(rxOnly.value("Tx.Tso")).isEmpty();
    }

    /** IPv6 rules as ethtool prints them (rxclass.c: inet_ntop addresses, inverted masks, a traffic class line). */
    @Test
    void ipv6RulesBecomeFlowDirectorEntriesWithTextAddresses() {
        String rules = """
                64 RX rings available
                Total 1 rules

                Filter: 3
                \tRule Type: TCP over IPv6
                \tSrc IP addr: 2001:db8:1::1 mask: ::
                \tDest IP addr: 2001:db8::1 mask: ::
                \tTraffic Class: 0x0 mask: 0xff
                \tSrc port: 50001 mask: 0x0
                \tDest port: 11211 mask: 0x0
                \tAction: Direct to queue 2

                """;
        DataflowGraph x710 = Nics.shippedGraph("intel-x710");
        String json = ConfigurationJson.write(Imports.read(x710, new Imports.EthtoolTexts(rules, "", Optional.empty(),
                Optional.empty())), x710);
        assertThat(json).contains("\"src_ip6\" : \"2001:db8:1::1\"").contains("\"dst_ip6\" : \"2001:db8::1\"")
                .contains("\"src_port\" : 50001").contains("\"dst_port\" : 11211").doesNotContain("#ipv6");
        String partial = rules.replace("2001:db8:1::1 mask: ::", "2001:db8:1:: mask: ::ffff");
        assertThatThrownBy(() -> Imports.read(x710, new Imports.EthtoolTexts(partial, "", Optional.empty(),
                Optional.empty()))).isInstanceOf(InputException.class)
                .hasMessageContaining("match an IPv6 address whole or not at all");
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

    /**
     * What testpmd 22.11 prints for {@code flow list 0} after the commands below, written in the format of its source
     * (app/test-pmd/config.c port_flow_list: the header, then per rule ID, group, priority and attributes separated by
     * tabs, each item name and a space, {@code =>}, a space and each action name; rows by group, priority and ID). No
     * PMD that runs here keeps rules (net_null refuses them, net_tap needs the kernel's flower), so this is a fixture.
     */
    private static final String FLOW_LIST = "ID\tGroup\tPrio\tAttr\tRule\n"
            + "0\t0\t0\ti--\tETH IPV4 UDP => QUEUE\n"
            + "1\t0\t1\ti--\tETH IPV4 UDP => QUEUE\n"
            + "2\t0\t1\ti--\tETH IPV4 TCP => QUEUE\n";

    /**
     * The commands run on the port: rule #1 was destroyed, so the newest rule was #0 again and testpmd numbered the next
     * ones 1 and 2 (port_flow_create: the newest rule's ID plus 1).
     */
    private static final String COMMANDS = """
            port stop 0
            port config all rxq 8
            port config all txq 8
            port start 0
            flow create 0 priority 0 ingress pattern eth / ipv4 src is 10.0.0.50 / udp dst is 11211 / end actions queue index 7 / end
            flow create 0 priority 1 ingress pattern eth / ipv4 / udp dst is 8125 / end actions queue index 6 / end
            flow destroy 0 rule 1
            flow create 0 priority 1 ingress pattern eth / ipv4 src is 10.0.1.1 dst is 10.0.0.1 / udp src is 40001 dst is 11211 / end actions queue index 4 / end
            flow create 0 priority 1 ingress pattern eth / ipv4 src is 10.0.1.2 dst is 10.0.0.1 / tcp src is 40002 dst is 80 / end actions queue index 5 / end
            """;

    @Test
    void testpmdsFlowListWithTheCommandsThatMadeItReadsIntoTheTables() {
        Configuration c = Imports.readTestpmd(I82599, new Imports.TestpmdTexts(0, Optional.of(FLOW_LIST), Optional.of(COMMANDS),
                Optional.empty(), Optional.empty()));
        String json = ConfigurationJson.write(c, I82599);
        // Without nicplan's comments, a rule goes to the first table in steering order that takes its shape: the
        // wildcard into the five-tuple filters (priority 1 + its given fields), then the exact flows there too (a table
        // is never left for an earlier one), as DPDK's ixgbe PMD itself parses five-tuple patterns first (ixgbe_flow.c).
        assertThat(c.list("FiveTuple")).hasSize(3);
        assertThat(json).contains("\"Queues\" : [ 0, 1, 2, 3, 4, 5, 6, 7 ]").contains("\"dst_port\" : 80");
        // nicplan's export names each rule's C-node (and a five-tuple filter's priority) in a comment testpmd skips.
        String annotated = COMMANDS.replace("flow create 0 priority 1 ingress pattern eth / ipv4 src is 10.0.1.1",
                "# C-node FlowDirector entry 0\nflow create 0 priority 1 ingress pattern eth / ipv4 src is 10.0.1.1")
                .replace("flow create 0 priority 1 ingress pattern eth / ipv4 src is 10.0.1.2",
                        "# C-node FlowDirector entry 1\nflow create 0 priority 1 ingress pattern eth / ipv4 src is 10.0.1.2")
                .replace("flow create 0 priority 0", "# C-node FiveTuple entry 0 priority 7\nflow create 0 priority 0");
        Configuration d = Imports.readTestpmd(I82599, new Imports.TestpmdTexts(0, Optional.of(FLOW_LIST), Optional.of(annotated),
                Optional.empty(), Optional.empty()));
        assertThat(d.list("FiveTuple")).hasSize(1);
        assertThat(d.list("FlowDirector")).hasSize(2);
        assertThat(ConfigurationJson.write(d, I82599)).contains("\"priority\" : 7");
    }

    @Test
    void aFlowListThatDisagreesWithTheCommandsIsAnErrorNamingTheRule() {
        String other = FLOW_LIST.replace("2\t0\t1\ti--\tETH IPV4 TCP => QUEUE", "2\t0\t1\ti--\tETH IPV4 UDP => DROP");
        assertThatThrownBy(() -> Imports.readTestpmd(I82599, new Imports.TestpmdTexts(0, Optional.of(other),
                Optional.of(COMMANDS), Optional.empty(), Optional.empty()))).isInstanceOf(InputException.class)
                .hasMessageContaining("rule #2 is group 0 priority 1 i-- ETH IPV4 UDP => DROP");
        String unknown = FLOW_LIST + "9\t0\t4\ti--\tETH => DROP\n";
        assertThatThrownBy(() -> Imports.readTestpmd(I82599, new Imports.TestpmdTexts(0, Optional.of(unknown),
                Optional.of(COMMANDS), Optional.empty(), Optional.empty())))
                .hasMessageContaining("rule #9 (ETH => DROP) was not created by the commands given");
        assertThatThrownBy(() -> Imports.readTestpmd(I82599, new Imports.TestpmdTexts(0, Optional.empty(),
                Optional.of(COMMANDS), Optional.empty(), Optional.empty()))).hasMessageContaining("no `flow list`");
    }

    @Test
    void testpmdsRssHashKeyListingReadsTheKeyAndTheHash() {
        String text = "RSS functions:\n ipv4 ipv4-tcp ipv4-udp \nRSS key:\n"
                + "6D5A56DA255B0EC24167253D43A38FB0D0CA2BCBAE7B30B477CB2DA38030F20C6A42B73BBEAC01FA\n";
        assertThat(Imports.testpmdKey(text)).isEqualTo(io.nicplan.net.Toeplitz.standardKey());
        assertThat(Imports.testpmdHash(text)).isEqualTo("ipv4_l4");
        assertThat(Imports.testpmdHash("RSS functions:\n ipv4 \nRSS key:\n00\n")).isEqualTo("ipv4");
    }

    /** ethtool.c dump_rxfhash's text per flow type read back to nicplan's hash names; unequal families are refused. */
    @Test
    void theHashNameIsReadFromRxFlowHashPerFlowType() {
        String v4 = "TCP over IPV4 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\n"
                + "L4 bytes 0 & 1 [TCP/UDP src port]\nL4 bytes 2 & 3 [TCP/UDP dst port]\n\n"
                + "UDP over IPV4 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\n\n";
        assertThat(Imports.hashName(v4)).isEqualTo("ipv4_tcp");
        String v6None = "TCP over IPV6 flows use these fields for computing Hash flow key:\nNone\n";
        assertThat(Imports.hashName(v4 + v6None)).isEqualTo("ipv4_tcp");
        String v6 = "TCP over IPV6 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\n"
                + "L4 bytes 0 & 1 [TCP/UDP src port]\nL4 bytes 2 & 3 [TCP/UDP dst port]\n"
                + "UDP over IPV6 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\n";
        assertThat(Imports.hashName(v4 + v6)).isEqualTo("ip_tcp");
        assertThat(Imports.hashName(v6)).isEqualTo("ipv6_tcp");
        assertThatThrownBy(() -> Imports.hashName(v4 + v6.replace("UDP over IPV6 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\n",
                "UDP over IPV6 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\nL4 bytes 0 & 1 [TCP/UDP src port]\n")))
                .hasMessageContaining("IPv4 and IPv6 hash different ports");
        assertThatThrownBy(() -> Imports.hashName("nothing")).hasMessageContaining("no \"TCP over IPV4 flows");
    }
}
