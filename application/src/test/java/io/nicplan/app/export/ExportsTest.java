package io.nicplan.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.app.InputException;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.nic.Nics;
import io.nicplan.embed.config.Configuration;
import io.nicplan.graph.DataflowGraph;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExportsTest {
    private static final DataflowGraph I82599 = Nics.shippedGraph("intel-82599");
    private static final String KEY = "6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:"
            + "6a:42:b7:3b:be:ac:01:fa";

    private static Configuration config(DataflowGraph prg, String json) {
        return Embeddings.readConfiguration(prg, json);
    }

    private static String table(List<Integer> entries) {
        return entries.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String fdirWithRss(String rssTable) {
        return "{\"CsumOffload\": true, \"FlowDirector\": ["
                + "{\"proto\": \"udp\", \"src_ip\": \"10.0.1.1\", \"dst_ip\": \"10.0.0.1\", \"src_port\": 40001, \"dst_port\": 11211, \"queue\": 4},"
                + "{\"proto\": \"tcp\", \"src_ip\": \"10.0.1.2\", \"dst_ip\": \"10.0.0.1\", \"src_port\": 40002, \"dst_port\": 80, \"queue\": 5}],"
                + "\"Rss\": {\"hash\": \"ipv4_l4\", \"table\": " + rssTable + "}, \"Queues\": [0, 1, 2, 3, 4, 5, 6, 7]}";
    }

    private static List<Integer> equal(int n, int size) {
        return IntStream.range(0, size).map(i -> i % n).boxed().toList();
    }

    @Test
    void aPlanTheDriverTakesWholeIsOneEthtoolCommandPerEntryInLookupOrder() {
        ExportResult r = Exports.export(I82599, config(I82599, fdirWithRss(table(equal(4, 128)))), ExportFormat.ETHTOOL,
                new ExportOptions("eth1", 0, false));
        assertThat(r.exact()).isTrue();
        assertThat(r.text().lines().filter(l -> l.startsWith("ethtool"))).containsExactly(
                "ethtool -L eth1 combined 8",
                "ethtool -K eth1 rx on",
                "ethtool -K eth1 tso off tx off",
                "ethtool -N eth1 rx-flow-hash tcp4 sdfn",
                "ethtool -N eth1 rx-flow-hash udp4 sdfn",
                "ethtool -X eth1 hkey " + KEY + " hfunc toeplitz equal 4",
                "ethtool -K eth1 ntuple on",
                "ethtool -N eth1 flow-type udp4 src-ip 10.0.1.1 dst-ip 10.0.0.1 src-port 40001 dst-port 11211 action 4 loc 0",
                "ethtool -N eth1 flow-type tcp4 src-ip 10.0.1.2 dst-ip 10.0.0.1 src-port 40002 dst-port 80 action 5 loc 1");
        assertThat(r.text()).contains("# ixgbe: the 128 five-tuple filters (FTQF) are not reachable through ethtool: ixgbe maps "
                + "ntuple rules to flow director perfect filters");
    }

    @Test
    void transmitOffloadsAreEthtoolsTsoAndTxFeaturesAndLinuxsLimitsOnThemAreRefused() {
        String on = "{\"Tx.Tso\": true, \"Tx.L4Csum\": true, \"Tx.Ipv4Csum\": true}";
        for (ExportFormat f : List.of(ExportFormat.ETHTOOL, ExportFormat.TC)) {
            assertThat(Exports.export(I82599, config(I82599, on), f, new ExportOptions("eth1", 0, false)).text().lines())
                    .as(f.symbol()).contains("ethtool -K eth1 tso on tx on");
        }
        // The SFC9020 inserts checksums but does not segment: no tso word.
        DataflowGraph sfc = Nics.shippedGraph("solarflare-sfc9020");
        assertThat(Exports.export(sfc, config(sfc, "{\"Tx.L4Csum\": true, \"Tx.Ipv4Csum\": true}"), ExportFormat.ETHTOOL,
                new ExportOptions("eth1", 0, false)).text().lines()).contains("ethtool -K eth1 tx on").noneMatch(l -> l.contains("tso"));
        // ethtool's tx turns both checksums on and off together, and the kernel drops TSO without it.
        String split = "{\"Tx.Tso\": false, \"Tx.L4Csum\": true, \"Tx.Ipv4Csum\": false}";
        assertThatThrownBy(() -> Exports.export(I82599, config(I82599, split), ExportFormat.ETHTOOL, ExportOptions.defaults()))
                .isInstanceOf(UnexpressiblePlanException.class).hasMessageContaining("turns transmit checksums on and off together");
        String tsoAlone = "{\"Tx.Tso\": true, \"Tx.L4Csum\": false, \"Tx.Ipv4Csum\": false}";
        assertThatThrownBy(() -> Exports.export(I82599, config(I82599, tsoAlone), ExportFormat.ETHTOOL, ExportOptions.defaults()))
                .isInstanceOf(UnexpressiblePlanException.class).hasMessageContaining("Linux drops TSO without tx-checksumming");
        ExportResult bestEffort = Exports.export(I82599, config(I82599, tsoAlone), ExportFormat.ETHTOOL,
                ExportOptions.defaults().withBestEffort(true));
        assertThat(bestEffort.text().lines()).contains("ethtool -K eth0 tso off tx off");
        assertThat(bestEffort.changes()).singleElement().asString().contains("TSO is off too");
    }

    @Test
    void ethtoolRefusesThe82599sFiveTupleFiltersNamingThem() {
        Configuration memcached = config(I82599, io.nicplan.app.Samples.memcached82599Config());
        assertThatThrownBy(() -> Exports.export(I82599, memcached, ExportFormat.ETHTOOL, ExportOptions.defaults()))
                .isInstanceOf(UnexpressiblePlanException.class)
                .hasMessageContaining("C-node FiveTuple, 2 entries (entry 0 (udp 10.0.0.50:* -> *:11211 to queue 7)")
                .hasMessageContaining("the 128 five-tuple filters (FTQF) are not reachable through ethtool");
    }

    @Test
    void bestEffortMovesExactFiveTupleFiltersToFlowDirectorAndReportsWhatItLeftOut() {
        Configuration c = config(I82599, "{\"FiveTuple\": ["
                + "{\"proto\": \"udp\", \"src_ip\": \"10.0.1.9\", \"dst_ip\": \"10.0.0.1\", \"src_port\": 40009, \"dst_port\": 11211, \"priority\": 6, \"queue\": 2},"
                + "{\"proto\": \"udp\", \"dst_port\": 8125, \"priority\": 3, \"queue\": 7}],"
                + "\"FlowDirector\": [{\"proto\": \"udp\", \"src_ip\": \"10.0.1.1\", \"dst_ip\": \"10.0.0.1\", \"src_port\": 40001, \"dst_port\": 11211, \"queue\": 4}]}");
        ExportResult r = Exports.export(I82599, c, ExportFormat.ETHTOOL, ExportOptions.defaults().withBestEffort(true));
        assertThat(r.text().lines().filter(l -> l.contains("flow-type"))).containsExactly(
                "ethtool -N eth0 flow-type udp4 src-ip 10.0.1.9 dst-ip 10.0.0.1 src-port 40009 dst-port 11211 action 2 loc 0",
                "ethtool -N eth0 flow-type udp4 src-ip 10.0.1.1 dst-ip 10.0.0.1 src-port 40001 dst-port 11211 action 4 loc 1");
        assertThat(r.changes()).hasSize(2);
        assertThat(r.changes().get(1)).startsWith("C-node FiveTuple entry 0").contains("moved to the fdir table")
                .endsWith("it now holds 2 of its 2046 rules");
        assertThat(r.changes().get(0)).startsWith("C-node FiveTuple entry 1 (udp *:* -> *:8125 to queue 7)")
                .contains("left out, so their packets go on to the next table or RSS");
    }

    /** ethtool's rx-flow-hash names no extension-header address: an _ex hash is refused; ip_l4 sets tcp6/udp6 too. */
    @Test
    void anExHashTypeIsRefusedByEthtoolAndIpL4SetsTheIpv6FlowTypes() {
        Configuration ex = config(I82599, fdirWithRss(table(equal(4, 128))).replace("ipv4_l4", "ip_l4_ex"));
        assertThatThrownBy(() -> Exports.export(I82599, ex, ExportFormat.ETHTOOL, ExportOptions.defaults()))
                .hasMessageContaining("C-node Rss (RSS ip_l4_ex): ethtool's rx-flow-hash has no field for the Home Address option's");
        Configuration dual = config(I82599, fdirWithRss(table(equal(4, 128))).replace("ipv4_l4", "ip_l4"));
        ExportResult r = Exports.export(I82599, dual, ExportFormat.ETHTOOL, new ExportOptions("eth1", 0, false));
        assertThat(r.exact()).isTrue();
        assertThat(r.text().lines()).contains("ethtool -N eth1 rx-flow-hash tcp6 sdfn", "ethtool -N eth1 rx-flow-hash udp6 sdfn");
    }

    @Test
    void anRssTableEthtoolCannotSetIsRefusedOrWithBestEffortKeepsEachQueuesShare() {
        List<Integer> shifted = equal(8, 128).stream().map(q -> q + 1).toList(); // queues 1..8, queue 0 kept for gold flows
        Configuration c = config(I82599, fdirWithRss(table(shifted)).replace("\"Queues\": [0, 1, 2, 3, 4, 5, 6, 7]",
                "\"Queues\": [0, 1, 2, 3, 4, 5, 6, 7, 8]"));
        assertThatThrownBy(() -> Exports.export(I82599, c, ExportFormat.ETHTOOL, ExportOptions.defaults()))
                .hasMessageContaining("C-node Rss (RSS ipv4_l4): its indirection table is neither `equal N` nor a `weight` list");
        ExportResult r = Exports.export(I82599, c, ExportFormat.ETHTOOL, ExportOptions.defaults().withBestEffort(true));
        assertThat(r.text()).contains("hfunc toeplitz weight 0 16 16 16 16 16 16 16 16\n");
        assertThat(r.changes()).singleElement().asString().contains("moves 112 of its 128 entries");
    }

    @Test
    void weightsAreFoundWhenEthtoolsFillGivesThePlansTable() {
        List<Integer> blocks = new java.util.ArrayList<>();
        blocks.addAll(Collections.nCopies(32, 0));
        blocks.addAll(Collections.nCopies(32, 1));
        blocks.addAll(Collections.nCopies(64, 2));
        ExportResult r = Exports.export(I82599, config(I82599, fdirWithRss(table(blocks))), ExportFormat.ETHTOOL,
                ExportOptions.defaults());
        assertThat(r.exact()).isTrue();
        assertThat(r.text()).contains("hfunc toeplitz weight 32 32 64\n");
    }

    @Test
    void rteFlowKeepsThePrecedenceAsRulePriorityAndTheTableEntryByEntry() {
        Configuration memcached = config(I82599, io.nicplan.app.Samples.memcached82599Config());
        ExportResult r = Exports.export(I82599, memcached, ExportFormat.RTE_FLOW, new ExportOptions("eth0", 1, false));
        List<String> flows = r.text().lines().filter(l -> l.startsWith("flow ")).toList();
        assertThat(flows).hasSize(6);
        assertThat(flows.get(0)).isEqualTo("flow create 1 priority 0 ingress pattern eth / ipv4 src is 10.0.0.50 / udp dst is 11211 "
                + "/ end actions queue index 7 / end");
        assertThat(flows.get(1)).startsWith("flow create 1 priority 1 ");
        assertThat(flows.subList(2, 6)).allMatch(l -> l.startsWith("flow create 1 priority 2 "));
        assertThat(r.text()).contains("port config 1 rss reta (0,0),(1,1),(2,2),(3,3),(4,0),(5,1),(6,2),(7,3)\n")
                .contains("port config 1 rss-hash-key ipv4 " + KEY.replace(":", "") + "\n");
    }

    @Test
    void tcGivesEveryPrecedenceLevelItsOwnPrioAndSetsRssWithEthtool() {
        Configuration memcached = config(I82599, io.nicplan.app.Samples.memcached82599Config());
        String text = Exports.export(I82599, memcached, ExportFormat.TC, ExportOptions.defaults()).text();
        List<String> filters = text.lines().filter(l -> l.startsWith("tc filter")).toList();
        assertThat(filters).hasSize(6);
        assertThat(filters.get(0)).isEqualTo("tc filter add dev eth0 ingress protocol ip prio 1 flower skip_sw ip_proto udp "
                + "src_ip 10.0.0.50 dst_port 11211 action skbedit queue_mapping 7 skip_sw");
        assertThat(filters.subList(2, 6)).allMatch(l -> l.contains(" prio 3 "));
        assertThat(text).contains("tc qdisc add dev eth0 ingress\n").contains("ethtool -X eth0 hkey ")
                .contains("# ixgbe: ixgbe offloads tc cls_u32, not flower");
    }

    @Test
    void theX710sRssKeyIsTheFiftyTwoBytesI40eTakes() {
        DataflowGraph x710 = Nics.shippedGraph("intel-x710");
        Configuration rss = config(x710, "{\"Rss\": {\"hash\": \"ipv4_l4\", \"table\": " + table(equal(4, 512)) + "}}");
        // The standard 40 bytes and 12 zero bytes: i40e's PFQF_HKEY[0..12] (I40E_HKEY_ARRAY_SIZE).
        String key52 = KEY + ":00".repeat(12);
        ExportResult ethtool = Exports.export(x710, rss, ExportFormat.ETHTOOL, ExportOptions.defaults());
        assertThat(ethtool.exact()).isTrue();
        assertThat(ethtool.text()).contains("ethtool -X eth0 hkey " + key52 + " hfunc toeplitz equal 4\n");
        ExportResult testpmd = Exports.export(x710, rss, ExportFormat.RTE_FLOW, ExportOptions.defaults());
        assertThat(testpmd.exact()).isTrue();
        assertThat(testpmd.text()).contains("port config 0 rss-hash-key ipv4 " + key52.replace(":", "") + "\n");
        // A key the user gives has the register's length too.
        assertThatThrownBy(() -> config(x710, "{\"Rss\": {\"hash\": \"ipv4_l4\", \"key\": \"" + KEY.replace(":", "")
                + "\", \"table\": " + table(equal(4, 512)) + "}}")).isInstanceOf(InputException.class).hasMessageContaining("/Rss/key");
    }

    @Test
    void anIpv6FlowDirectorFilterOnTheX710IsATcp6RuleAnIpv6ItemAndAFlowerIpv6Filter() {
        DataflowGraph x710 = Nics.shippedGraph("intel-x710");
        Configuration fdir = config(x710, "{\"FlowDirector\": ["
                + "{\"proto\": \"tcp\", \"src_ip6\": \"2001:db8:1::1\", \"dst_ip6\": \"2001:db8::1\", \"src_port\": 40001, "
                + "\"dst_port\": 80, \"queue\": 3},"
                + "{\"proto\": \"udp\", \"src_ip\": \"10.0.1.1\", \"dst_ip\": \"10.0.0.1\", \"src_port\": 40001, "
                + "\"dst_port\": 11211, \"queue\": 2}],"
                + "\"Queues\": [0, 1, 2, 3]}");
        ExportResult ethtool = Exports.export(x710, fdir, ExportFormat.ETHTOOL, ExportOptions.defaults());
        assertThat(ethtool.exact()).as(ethtool.text()).isTrue();
        assertThat(ethtool.text().lines()).contains(
                "ethtool -N eth0 flow-type tcp6 src-ip 2001:db8:1::1 dst-ip 2001:db8::1 src-port 40001 dst-port 80 action 3 loc 0",
                "ethtool -N eth0 flow-type udp4 src-ip 10.0.1.1 dst-ip 10.0.0.1 src-port 40001 dst-port 11211 action 2 loc 1");
        ExportResult testpmd = Exports.export(x710, fdir, ExportFormat.RTE_FLOW, ExportOptions.defaults());
        assertThat(testpmd.exact()).as(testpmd.text()).isTrue();
        assertThat(testpmd.text().lines()).contains("flow create 0 priority 0 ingress pattern eth / ipv6 src is 2001:db8:1::1 "
                + "dst is 2001:db8::1 / tcp src is 40001 dst is 80 / end actions queue index 3 / end");
        String tc = Exports.export(x710, fdir, ExportFormat.TC, ExportOptions.defaults()).text();
        assertThat(tc.lines()).anyMatch(l -> l.startsWith("tc filter add dev eth0 ingress protocol ipv6 ")
                && l.contains(" flower skip_sw ip_proto tcp src_ip 2001:db8:1::1 dst_ip 2001:db8::1 src_port 40001 dst_port 80 "));
        // The configuration keeps the addresses as text, and an entry naming both families is refused by field.
        assertThat(io.nicplan.embed.config.ConfigurationJson.write(fdir, x710)).contains("\"src_ip6\" : \"2001:db8:1::1\"");
        assertThatThrownBy(() -> config(x710, "{\"FlowDirector\": [{\"proto\": \"tcp\", \"src_ip\": \"10.0.0.1\", "
                + "\"dst_ip6\": \"2001:db8::1\", \"src_port\": 1, \"dst_port\": 2, \"queue\": 0}]}"))
                .isInstanceOf(InputException.class).hasMessageContaining("/FlowDirector/0").hasMessageContaining("not both");
        assertThatThrownBy(() -> config(x710, "{\"FlowDirector\": [{\"proto\": \"tcp\", \"src_ip6\": \"2001:db8::g\", "
                + "\"dst_ip6\": \"2001:db8::1\", \"src_port\": 1, \"dst_port\": 2, \"queue\": 0}]}"))
                .isInstanceOf(InputException.class).hasMessageContaining("/FlowDirector/0/src_ip6")
                .hasMessageContaining("is not an IPv6 address");
    }

    @Test
    void the82599sFlowDirectorTakesNoIpv6Entry() {
        // Its perfect-match filters are modelled IPv4 only (docs/nic-descriptions.md "IPv6"): the type has no src_ip6.
        assertThatThrownBy(() -> config(I82599, "{\"FlowDirector\": [{\"proto\": \"tcp\", \"src_ip6\": \"2001:db8::2\", "
                + "\"dst_ip6\": \"2001:db8::1\", \"src_port\": 1, \"dst_port\": 2, \"queue\": 0}]}"))
                .isInstanceOf(InputException.class).hasMessageContaining("unknown field 'src_ip6'");
    }

    /** The X710 as nicplan described it before its key had i40e's 52 bytes: 40-byte keys, which i40e refuses. */
    private static DataflowGraph x710WithA40ByteKey() {
        String text = Nics.shippedSource("intel-x710").orElseThrow().replace("key: <[UInt 8]<52, 52> >", "key: <[UInt 8]<40, 40> >");
        return Nics.parse("intel-x710-40-byte-key.unicorn", text, new Nics.Limits(1 << 22, 50_000, 200_000)).graph().orElseThrow();
    }

    @Test
    void targetsWithoutTheFeatureAreRefusedByName() {
        DataflowGraph x710 = x710WithA40ByteKey();
        assertThatThrownBy(() -> Exports.export(x710, config(x710, "{\"Rss\": {\"hash\": \"ipv4_l4\", \"table\": "
                + table(equal(4, 512)) + "}}"), ExportFormat.ETHTOOL, ExportOptions.defaults()))
                .hasMessageContaining("its 40-byte key; i40e takes exactly 52 bytes");
        DataflowGraph sfc = Nics.shippedGraph("solarflare-sfc9020");
        assertThatThrownBy(() -> Exports.export(sfc, Configuration.EMPTY, ExportFormat.RTE_FLOW, ExportOptions.defaults()))
                .hasMessageContaining("SolarflareSFC9020 has no DPDK poll-mode driver");
        DataflowGraph flexnic = Nics.shippedGraph("flexnic");
        assertThatThrownBy(() -> Exports.export(flexnic, Configuration.EMPTY, ExportFormat.TC, ExportOptions.defaults()))
                .isInstanceOf(UnexpressiblePlanException.class).hasMessageContaining("FlexNIC has no Linux driver nicplan knows");
    }

    @Test
    void aPlanThatIsNotAPlanIsAnInputError() {
        assertThatThrownBy(() -> Exports.export(I82599, "[]", ExportFormat.ETHTOOL, ExportOptions.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("/configuration");
        assertThatThrownBy(() -> Exports.export(I82599, "{\"configuration\": {\"FiveTuple\": 3}}", ExportFormat.ETHTOOL,
                ExportOptions.defaults())).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> new ExportOptions("eth0; rm -rf /", 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ExportFormat.bySymbol("RTE_FLOW")).contains(ExportFormat.RTE_FLOW);
        assertThat(ExportFormat.bySymbol("p4")).isEmpty();
    }
}
