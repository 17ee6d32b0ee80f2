package io.nicplan.descriptions.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.Attributes;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.ValidationIssue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PrgConventionsTest {

    private static final int QUEUES = 3;

    /** Wire -> FiveTuple -> (queues | default: Q0) with three queues, Drop and two transmit queues. */
    private static GraphBuilder conventional() {
        GraphBuilder b = DataflowGraph.builder("Tiny");
        b.addResource(new Resource(Resource.RX_QUEUES, QUEUES));
        b.addResource(new Resource(Resource.TX_QUEUES, 2));
        b.addResource(new Resource(Resource.FIVETUPLE_FILTERS, 4));
        b.addNode(node("Wire", NodeKind.NODE, Attributes.NONE.with("source"), "out"));
        b.connect("Wire", "out", "FiveTuple");
        b.addNode(config("FiveTuple", fivetupleType(QUEUES, 4), "fivetuple", "queues", "default"));
        for (int q = 0; q < QUEUES; q++) {
            b.addNode(node("Q" + q + ".Valid", NodeKind.OR, Attributes.NONE, "true", "false"));
            b.addNode(node("Q" + q + ".Rx", NodeKind.NODE, Attributes.NONE.with("sink").with("rxqueue=" + q), "out"));
            b.connect("Q" + q + ".Valid", "true", "Q" + q + ".Rx");
            b.connect("FiveTuple", "queues", "Q" + q + ".Valid");
        }
        b.connect("FiveTuple", "default", "Q0.Valid");
        b.addNode(node("Drop", NodeKind.NODE, Attributes.NONE.with("sink").with("drop")));
        for (int q = 0; q < 2; q++) {
            b.addNode(node("Tx.Q" + q, NodeKind.NODE, Attributes.NONE.with("transmit").with("txqueue=" + q), "out"));
            b.connect("Tx.Q" + q, "out", "Tx.Wire");
        }
        b.addNode(node("Tx.Wire", NodeKind.NODE, Attributes.NONE.with("transmit").with("sink")));
        return b;
    }

    static Node node(String id, NodeKind kind, Attributes attributes, String... ports) {
        return new Node(id, kind, List.of(ports).stream().map(Port::of).toList(), attributes,
                Optional.empty(), OptionalLong.empty(), Optional.empty());
    }

    static Node config(String id, ConfigType type, String function, String... ports) {
        return new Node(id, NodeKind.CONFIG, List.of(ports).stream().map(Port::of).toList(), Attributes.NONE,
                Optional.empty(), OptionalLong.empty(), Optional.of(new ConfigSpec(type, function, List.of())));
    }

    private static ConfigType fivetupleType(int queues, int filters) {
        return ConfigFunction.FIVETUPLE.expectedType(Map.of(
                Resource.RX_QUEUES, new Resource(Resource.RX_QUEUES, queues),
                Resource.FIVETUPLE_FILTERS, new Resource(Resource.FIVETUPLE_FILTERS, filters))).orElseThrow();
    }

    private static List<String> codes(List<ValidationIssue> issues) {
        return issues.stream().map(ValidationIssue::code).toList();
    }

    @Test
    void aConventionalGraphHasNoIssues() {
        assertThat(PrgConventions.check(conventional().build())).isEmpty();
    }

    @Test
    void aSecondSourceIsReported() {
        GraphBuilder b = conventional();
        b.putNode(node("Tx.Q0", NodeKind.NODE, Attributes.NONE.with("transmit").with("txqueue=0").with("source"), "out"));
        assertThat(codes(PrgConventions.check(b.build()))).contains("convention-source", "convention-transmit");
    }

    @Test
    void aFiveTupleTypeOffByOneQueueIsReportedWithBothTypes() {
        GraphBuilder b = conventional();
        b.putNode(config("FiveTuple", fivetupleType(QUEUES + 1, 4), "fivetuple", "queues", "default"));
        List<ValidationIssue> issues = PrgConventions.check(b.build());
        assertThat(codes(issues)).containsExactly("convention-type");
        assertThat(issues.get(0).message()).contains("queue: Int 0 3", "queue: Int 0 2");
    }

    @Test
    void queueTargetsOutOfOrderAreReported() {
        GraphBuilder b = conventional();
        b.removeNode("FiveTuple");
        b.addNode(config("FiveTuple", fivetupleType(QUEUES, 4), "fivetuple", "queues", "default"));
        b.connect("Wire", "out", "FiveTuple");
        b.connect("FiveTuple", "queues", "Q1.Valid");
        b.connect("FiveTuple", "queues", "Q0.Valid");
        b.connect("FiveTuple", "queues", "Q2.Valid");
        b.connect("FiveTuple", "default", "Q0.Valid");
        assertThat(codes(PrgConventions.check(b.build()))).containsExactly("convention-queue-targets");
    }

    @Test
    void aMissingDefaultTargetAndAnExtraPortAreReported() {
        GraphBuilder b = conventional();
        b.putNode(config("FiveTuple", fivetupleType(QUEUES, 4), "fivetuple", "queues", "default", "spare"));
        b.removeEdge(io.nicplan.graph.Edge.port("FiveTuple", "default", "Q0.Valid"));
        assertThat(codes(PrgConventions.check(b.build()))).containsExactly("convention-ports", "convention-ports");
    }

    @Test
    void aQueueWithoutItsRxSinkOrWithAMislabelledSinkIsReported() {
        GraphBuilder b = conventional();
        b.putNode(node("Q2.Rx", NodeKind.NODE, Attributes.NONE.with("sink").with("rxqueue=1"), "out"));
        List<ValidationIssue> issues = PrgConventions.check(b.build());
        assertThat(codes(issues)).containsExactly("convention-queue", "convention-queue");
        assertThat(issues).extracting(ValidationIssue::subject).containsExactly("Q2.Rx", "Q2.Rx");
    }

    @Test
    void aMissingDropAndAnUnknownFunctionAreReported() {
        GraphBuilder b = conventional();
        b.removeNode("Drop");
        b.addNode(config("Meter", ConfigType.BOOL, "meter"));
        List<ValidationIssue> issues = PrgConventions.check(b.build());
        assertThat(codes(issues)).containsExactly("convention-drop", "convention-function");
        assertThat(issues.get(1).isError()).isFalse();
    }

    @Test
    void aMissingTransmitQueueIsReported() {
        GraphBuilder b = conventional();
        b.removeNode("Tx.Q1");
        assertThat(PrgConventions.check(b.build())).extracting(ValidationIssue::subject).containsExactly("Tx.Q1");
    }

    @Test
    void withoutRxQueuesTheQueueChecksStopAtTheResource() {
        GraphBuilder b = DataflowGraph.builder("Bare");
        b.addNode(node("Wire", NodeKind.NODE, Attributes.NONE.with("source"), "out"));
        b.addNode(node("Drop", NodeKind.NODE, Attributes.NONE.with("sink").with("drop")));
        assertThat(codes(PrgConventions.check(b.build()))).containsExactly("convention-resource");
    }
}
