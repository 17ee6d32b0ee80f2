package io.nicplan.graph.validate;

import io.nicplan.graph.ValidationIssue;
import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.ValidationIssue;
import io.nicplan.graph.config.ConfigType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GraphValidatorReachabilityTest {

    private static Node node(String id, Attributes attributes, String... ports) {
        return new Node(id, NodeKind.NODE, List.of(ports).stream().map(Port::of).toList(), attributes,
                Optional.empty(), OptionalLong.empty(), Optional.empty());
    }

    /** Wire -> Rx on the receive side, TxQ -> TxWire on the transmit side, plus an island. */
    private static GraphBuilder nic() {
        GraphBuilder b = DataflowGraph.builder("Nic");
        b.addNode(node("Wire", Attributes.NONE.with(Attributes.SOURCE), "out"));
        b.addNode(node("Rx", Attributes.NONE.with(Attributes.SINK)));
        b.addNode(node("TxQ", Attributes.NONE.with(Attributes.TRANSMIT), "out"));
        b.addNode(node("TxWire", Attributes.NONE.with(Attributes.TRANSMIT).with(Attributes.SINK)));
        b.connect("Wire", "out", "Rx");
        b.connect("TxQ", "out", "TxWire");
        return b;
    }

    private static List<String> unreachable(DataflowGraph g) {
        return GraphValidator.validate(g).stream().filter(i -> i.code().equals("unreachable")).map(ValidationIssue::subject).toList();
    }

    @Test
    void transmitNodesWithoutInputsStartTheTransmitSide() {
        assertThat(unreachable(nic().build())).isEmpty();
    }

    @Test
    void aNodeNeitherSideReachesIsStillReportedEvenOnTheTransmitSide() {
        GraphBuilder b = nic();
        b.addNode(node("Island", Attributes.NONE, "out"));
        b.addNode(node("TxIsland", Attributes.NONE.with(Attributes.TRANSMIT)));
        b.connect("Island", "out", "TxIsland");
        assertThat(unreachable(b.build())).containsExactly("Island", "TxIsland");
    }

    @Test
    void aConfigNodeWithoutPortsIsNotReportedButOneWithPortsIs() {
        GraphBuilder b = nic();
        b.addNode(new Node("Queues", NodeKind.CONFIG, List.of(), Attributes.NONE, Optional.empty(), OptionalLong.empty(),
                Optional.of(new ConfigSpec(ConfigType.BOOL, "queues", List.of()))));
        b.addNode(new Node("Filter", NodeKind.CONFIG, List.of(Port.of("default")), Attributes.NONE, Optional.empty(),
                OptionalLong.empty(), Optional.of(new ConfigSpec(ConfigType.BOOL, "fivetuple", List.of()))));
        assertThat(unreachable(b.build())).containsExactly("Filter");
    }
}
