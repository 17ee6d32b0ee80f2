package io.nicplan.descriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.descriptions.conventions.LpgConventions;
import io.nicplan.descriptions.conventions.PrgConventions;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Resource;
import io.nicplan.unicorn.Unicorn;
import io.nicplan.unicorn.format.UnicornFormatter;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.parse.UnicornException;
import io.nicplan.unicorn.source.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped file parses, follows the conventions, and carries the figures it documents. */
class ShippedDescriptionsTest {

    static Stream<String> allNames() {
        return Descriptions.names().stream();
    }

    static Stream<String> nicNames() {
        return Descriptions.nicNames().stream();
    }

    /** Param overrides at the edges of their ranges; the conventions must hold for each. */
    static Stream<Arguments> overrides() {
        return Stream.of(
                Arguments.of("intel-82599", Map.of("fdir_pballoc", 3L)),
                Arguments.of("intel-x710", Map.of("pf_count", 3L)),
                Arguments.of("intel-x710", Map.of("pf_count", 16L)),
                Arguments.of("virtio-net", Map.of("queue_pairs", 1L)),
                Arguments.of("flexnic", Map.of("stages", 1L, "queue_count", 1L)),
                Arguments.of("flexnic", Map.of("stages", 16L)));
    }

    private static long capacity(DataflowGraph g, String resource) {
        return g.resource(resource).orElseThrow().capacity();
    }

    @ParameterizedTest
    @MethodSource("allNames")
    void parsesWithoutErrorsAndWithoutWarningsButOneJustified(String name) {
        ParseResult r = Descriptions.parse(name).orElseThrow();
        assertThat(r.errors()).as(r.render()).isEmpty();
        if (name.equals("virtio-net")) {
            // The device discards nothing itself: Drop is reached only once `queues` disables a queue.
            assertThat(r.warnings()).extracting(Diagnostic::message).containsExactly("node 'Drop' is not reachable from any source");
        } else {
            assertThat(r.warnings()).as(r.render()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("nicNames")
    void nicDescriptionsFollowTheConventions(String name) {
        assertThat(PrgConventions.check(Descriptions.graph(name))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overrides")
    void conventionsHoldForParamOverrides(String name, Map<String, Long> parameters) {
        assertThat(PrgConventions.check(Descriptions.graph(name, parameters))).isEmpty();
    }

    @Test
    void theLpgTemplateFollowsTheConventions() {
        assertThat(LpgConventions.check(Descriptions.graph(Descriptions.LPG))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("nicNames")
    void nicDescriptionsUseOnlyStandardResourceNames(String name) {
        assertThat(Descriptions.graph(name).resources().keySet()).isSubsetOf(Resource.STANDARD_NAMES);
    }

    @ParameterizedTest
    @MethodSource("allNames")
    void formattingAndParsingAgainGivesTheSameGraph(String name) {
        DataflowGraph graph = Descriptions.graph(name);
        String text = UnicornFormatter.format(graph);
        ParseResult again = Unicorn.parse("formatted-" + name + ".unicorn", text);
        assertThat(again.errors()).as(again.render()).isEmpty();
        assertThat(again.orElseThrow()).isEqualTo(graph);
    }

    @Test
    void intel82599HasTheDatasheetAndDriverCapacities() {
        DataflowGraph g = Descriptions.graph("intel-82599");
        assertThat(g.resources().values().stream().collect(Collectors.toMap(Resource::name, Resource::capacity)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Resource.RX_QUEUES, 128L, Resource.TX_QUEUES, 128L, Resource.FIVETUPLE_FILTERS, 128L,
                        Resource.FDIR_FILTERS, 2046L, Resource.RSS_TABLE_ENTRIES, 128L, Resource.RSS_QUEUES, 16L,
                        Resource.ETHERTYPE_FILTERS, 8L));
        assertThat(Descriptions.parse("intel-82599").orElseThrow().parameters()).containsExactly(Map.entry("fdir_pballoc", 1L));
    }

    @Test
    void intel82599FlowDirectorFiltersFollowThePacketBufferAllocation() {
        assertThat(capacity(Descriptions.graph("intel-82599", Map.of("fdir_pballoc", 2L)), Resource.FDIR_FILTERS)).isEqualTo(4094);
        assertThat(capacity(Descriptions.graph("intel-82599", Map.of("fdir_pballoc", 3L)), Resource.FDIR_FILTERS)).isEqualTo(8190);
    }

    @Test
    void anAllocationOutsideTheDatasheetRangeIsRejected() {
        ParseResult r = Descriptions.parse("intel-82599", ParseOptions.defaults().withParameter("fdir_pballoc", 4)).orElseThrow();
        assertThat(r.graph()).isEmpty();
        assertThat(r.errors()).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m).contains("fdir_pballoc"));
        assertThatThrownBy(() -> Descriptions.graph("intel-82599", Map.of("fdir_pballoc", 0L))).isInstanceOf(UnicornException.class);
    }

    @Test
    void steeringNodesComeInEachNicsPrecedenceOrder() {
        assertThat(steeringChain(Descriptions.graph("intel-82599")))
                // The SYN filter in both places SYNQF.SYNQFP allows: before and after the five-tuple filters.
                .containsExactly("csum_offload", "ethertype", "syn", "fivetuple", "syn", "fdir", "rss");
        assertThat(steeringChain(Descriptions.graph("intel-x710"))).containsExactly("csum_offload", "fdir", "rss");
        assertThat(steeringChain(Descriptions.graph("solarflare-sfc9020"))).containsExactly("csum_offload", "fivetuple", "rss");
        assertThat(steeringChain(Descriptions.graph("single-queue"))).containsExactly("csum_offload");
        assertThat(steeringChain(Descriptions.graph("virtio-net"))).containsExactly("unclassified_queue", "rss");
    }

    /** Functions of the C-nodes met from the source, following true, out and default ports up to a queue. */
    private static List<String> steeringChain(DataflowGraph g) {
        List<String> functions = new ArrayList<>();
        Node n = g.sources().get(0);
        while (n.kind() != NodeKind.OR) {
            if (n.kind() == NodeKind.CONFIG) {
                functions.add(n.config().orElseThrow().function());
            }
            String port = n.port("default").isPresent() ? "default" : n.port("true").isPresent() ? "true" : "out";
            List<String> next = g.targets(n.id(), port);
            if (next.isEmpty()) {
                assertThat(n.config().orElseThrow().function()).isEqualTo("rss");
                break;
            }
            n = g.require(next.get(0));
        }
        return functions;
    }

    @Test
    void intelX710SplitsTheDeviceQueuesAmongPhysicalFunctions() {
        DataflowGraph two = Descriptions.graph("intel-x710");
        assertThat(capacity(two, Resource.RX_QUEUES)).isEqualTo(768);
        assertThat(capacity(two, Resource.RSS_TABLE_ENTRIES)).isEqualTo(512);
        assertThat(capacity(two, Resource.RSS_QUEUES)).isEqualTo(64);
        assertThat(capacity(two, Resource.FDIR_FILTERS)).isEqualTo(8192);
        assertThat(capacity(Descriptions.graph("intel-x710", Map.of("pf_count", 4L)), Resource.RX_QUEUES)).isEqualTo(384);
    }

    @Test
    void solarflareAndVirtioCarryTheirDriverAndDeviceFigures() {
        DataflowGraph sfc = Descriptions.graph("solarflare-sfc9020");
        // The table's real size (farch_regs.h FR_BZ_RX_FILTER_TBL0_ROWS); Dragonet's 4048 had no source (#14 item 4).
        assertThat(capacity(sfc, Resource.FIVETUPLE_FILTERS)).isEqualTo(8192);
        assertThat(capacity(sfc, Resource.RX_QUEUES)).isEqualTo(32);
        assertThat(capacity(sfc, Resource.RSS_TABLE_ENTRIES)).isEqualTo(128);
        DataflowGraph virtio = Descriptions.graph("virtio-net");
        assertThat(capacity(virtio, Resource.RSS_TABLE_ENTRIES)).isEqualTo(128);
        assertThat(capacity(virtio, Resource.RX_QUEUES)).isEqualTo(8);
        assertThat(Descriptions.graph("virtio-net", Map.of("queue_pairs", 4L)).targets("Rss", "queues")).hasSize(4);
        assertThat(capacity(Descriptions.graph("single-queue"), Resource.RX_QUEUES)).isEqualTo(1);
    }

    @Test
    void flexnicChainsItsStagesToTheExitAndOffersTheFastPath() {
        DataflowGraph g = Descriptions.graph("flexnic", Map.of("stages", 2L));
        assertThat(capacity(g, Resource.MA_STAGES)).isEqualTo(2);
        assertThat(capacity(g, Resource.FLOWSTATE_SLOTS)).isEqualTo(131072);
        assertThat(g.targets("Parse.Tcp", "out")).containsExactly("Stage0");
        assertThat(g.require("Stage0").config().orElseThrow().function()).isEqualTo("ma_table");
        assertThat(g.targets("Stage0", "default")).containsExactly("Stage1");
        assertThat(g.targets("Stage1", "default")).containsExactly("Stage2");
        assertThat(g.require("Stage2").kind()).isEqualTo(NodeKind.NODE);
        assertThat(g.targets("Stage2", "out")).containsExactly("Rss");
        assertThat(g.targets("Stage1", "fastpath")).containsExactly("FastPath");
        assertThat(g.require("FastPath").config().orElseThrow().function()).isEqualTo("flextcp");
        assertThat(g.targets("FastPath", "default")).containsExactly("Rss");
        assertThat(g.outgoing("FastPath")).contains(Edge.spawn("FastPath", "ack", "Tx.L4Csum"));
    }

    @Test
    void lpgCostsOfOneTcpRequestResponseAddUpToTheDocumentedTotal() {
        DataflowGraph lpg = Descriptions.graph(Descriptions.LPG);
        long receive = pathCycles(lpg, "Rx.Queue", "Eth.ValidFrame", "Eth.DstType", "Eth.LocalMac", "Eth.Type",
                "Ipv4.ValidHeaderLength", "Ipv4.ValidVersion", "Ipv4.ValidLength", "Ipv4.ValidTtl", "Ipv4.ValidChecksum",
                "Ipv4.LocalIp", "Ipv4.Proto", "Tcp.ValidChecksum", "Tcp.Receive", "TcpEndpoints");
        long reply = pathCycles(lpg, "Tx.Tcp", "Tx.Segment", "Tx.L4Checksum", "Tx.Ipv4", "Tx.Ipv4Checksum", "Tx.Eth", "Tx.Queue");
        assertThat(lpg.outgoing("Tcp.Receive")).contains(Edge.spawn("Tcp.Receive", "ack", "Tx.Tcp"));
        assertThat(receive).isEqualTo(2620);
        assertThat(reply).isEqualTo(2490);
        assertThat(receive + reply + receive).isEqualTo(7730);
    }

    /** Sum of the cycles along a path, checking each step is a packet edge. */
    private static long pathCycles(DataflowGraph g, String... ids) {
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                String from = ids[i - 1];
                String to = ids[i];
                assertThat(g.outgoing(from)).as(from + " -> " + to)
                        .anySatisfy(e -> assertThat(e.kind() == EdgeKind.PORT && e.target().equals(to)).isTrue());
            }
            sum += g.require(ids[i]).cycles().orElseThrow();
        }
        return sum;
    }

    @Test
    void lpgChecksumAndTcpNodesCarryTheImplementationsTheOffloadsProvide() {
        DataflowGraph lpg = Descriptions.graph(Descriptions.LPG);
        assertThat(idsWithImplementation(lpg, "ipv4_csum")).containsExactly("Ipv4.ValidChecksum");
        assertThat(idsWithImplementation(lpg, "l4_csum")).containsExactly("Udp.ValidChecksum", "Tcp.ValidChecksum");
        assertThat(idsWithImplementation(lpg, "tcp_rx")).containsExactly("Tcp.Receive");
    }

    @ParameterizedTest
    @MethodSource("nicNames")
    void transmitOffloadsNameAnLpgNodeTheyReplace(String name) {
        Set<String> lpgImplementations = Descriptions.graph(Descriptions.LPG).nodes().stream()
                .flatMap(n -> n.implementation().stream()).collect(Collectors.toSet());
        List<String> offloads = Descriptions.graph(name).nodes().stream()
                .filter(n -> n.attributes().has(PrgConventions.TRANSMIT))
                .flatMap(n -> n.implementation().stream()).toList();
        assertThat(offloads).allSatisfy(i -> assertThat(lpgImplementations).contains(i));
    }

    private static List<String> idsWithImplementation(DataflowGraph g, String implementation) {
        return g.nodes().stream().filter(n -> n.implementation().filter(implementation::equals).isPresent()).map(Node::id).toList();
    }
}
