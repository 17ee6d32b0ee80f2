package io.nicplan.descriptions.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.ValidationIssue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LpgConventionsTest {

    private static final Attributes SOFTWARE = Attributes.NONE.with("software");

    private static Node software(String id, Attributes extra, String... ports) {
        Attributes a = SOFTWARE;
        for (String s : extra.asStrings()) {
            a = a.with(s);
        }
        return new Node(id, NodeKind.NODE, List.of(ports).stream().map(Port::of).toList(), a,
                Optional.of(id.toLowerCase(java.util.Locale.ROOT)), OptionalLong.of(10), Optional.empty());
    }

    private static Node placeholder(String id) {
        return new Node(id, NodeKind.CONFIG, List.of(Port.of("matched"), Port.of("unmatched")), SOFTWARE,
                Optional.of("demux"), OptionalLong.of(100),
                Optional.of(new ConfigSpec(ConfigFunction.ENDPOINTS.expectedType(Map.of()).orElseThrow(), "endpoints", List.of())));
    }

    /** Rx.Queue -> Demux (udp | tcp) -> placeholders -> Drop on unmatched; Tx.Queue. */
    private static GraphBuilder template() {
        GraphBuilder b = DataflowGraph.builder("Lpg");
        b.addNode(software("Rx.Queue", Attributes.NONE.with("source"), "out"));
        b.addNode(software("Demux", Attributes.NONE, "udp", "tcp"));
        b.addNode(placeholder("UdpEndpoints"));
        b.addNode(placeholder("TcpEndpoints"));
        b.addNode(software("Tx.Queue", Attributes.NONE.with("sink").with("transmit")));
        b.addNode(software("Drop", Attributes.NONE.with("sink").with("drop")));
        b.connect("Rx.Queue", "out", "Demux");
        b.connect("Demux", "udp", "UdpEndpoints");
        b.connect("Demux", "tcp", "TcpEndpoints");
        b.connect("UdpEndpoints", "unmatched", "Drop");
        b.connect("TcpEndpoints", "unmatched", "Drop");
        return b;
    }

    @Test
    void aConventionalTemplateHasNoIssues() {
        assertThat(LpgConventions.check(template().build())).isEmpty();
    }

    @Test
    void aNodeWithoutCyclesOrSoftwareIsReported() {
        GraphBuilder b = template();
        b.putNode(new Node("Demux", NodeKind.NODE, List.of(Port.of("udp"), Port.of("tcp")), Attributes.NONE,
                Optional.of("demux"), OptionalLong.empty(), Optional.empty()));
        assertThat(LpgConventions.check(b.build())).extracting(ValidationIssue::code)
                .containsExactly("convention-software", "convention-cycles");
    }

    @Test
    void aPlaceholderWithTargetsOnMatchedOrMissingIsReported() {
        GraphBuilder b = template();
        b.connect("UdpEndpoints", "matched", "Drop");
        b.removeNode("TcpEndpoints");
        List<ValidationIssue> issues = LpgConventions.check(b.build());
        assertThat(issues).extracting(ValidationIssue::subject).containsExactly("UdpEndpoints", "TcpEndpoints");
    }

    @Test
    void theSourceMustBeRxQueue() {
        GraphBuilder b = template();
        b.putNode(software("Rx.Queue", Attributes.NONE, "out"));
        b.putNode(software("Demux", Attributes.NONE.with("source"), "udp", "tcp"));
        assertThat(LpgConventions.check(b.build())).extracting(ValidationIssue::code).containsExactly("convention-source");
    }
}
