package io.nicplan.graph.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.DataflowGraph;
import org.junit.jupiter.api.Test;

class GraphDotTest {
    private final DataflowGraph graph = SampleGraphs.everyConstruct();
    private final String dot = GraphDot.export(graph);

    private String line(String start) {
        return dot.lines().filter(l -> l.strip().startsWith(start)).findFirst().orElseThrow();
    }

    @Test
    void softwareNodesAreFilledEllipsesAndHardwareNodesBoxes() {
        assertThat(line("\"L4.Classify\" [")).contains("shape=\"ellipse\"", "style=\"filled\"", "fillcolor=\"lightblue\"", "40 cycles");
        assertThat(line("\"Rx.CRC\" [")).contains("shape=\"box\"").doesNotContain("filled");
    }

    @Test
    void operatorAndConfigNodesHaveTheirOwnShapes() {
        assertThat(line("\"Q0.Valid\" [")).contains("shape=\"diamond\"", "label=\"OR\\nQ0.Valid\"");
        assertThat(line("\"Q1.Check\" [")).contains("label=\"NAND\\nQ1.Check\"");
        assertThat(line("\"Rx.FiveTuple\" [")).contains("shape=\"box3d\"", "config: fivetuple");
        assertThat(line("\"Wire\" [")).contains("peripheries=\"2\"");
    }

    @Test
    void edgesCarryPortsPredicatesAndSpawnStyle() {
        assertThat(line("\"Rx.CRC\" -> \"Drop\"")).contains("label=\"false\\n[eth.fcs_ok != 1]\"", "tooltip=\"eth.fcs_ok != 1\"");
        // a long predicate stays out of the label but is in the tooltip
        String udp = dot.lines().filter(l -> l.contains("label=\"udp\"")).findFirst().orElseThrow();
        assertThat(udp).contains("tooltip=\"ip.proto == udp && (l4.dport in 1024..65535 || l4.dport in {53, 123})\"");
        assertThat(line("\"L4.Classify\" -> \"Wire\"")).contains("style=\"dashed\"", "label=\"reply\"");
        assertThat(line("\"Wire\" -> \"Rx.CRC\"")).contains("label=\"out\"").doesNotContain("tooltip");
    }

    @Test
    void idsAndNamesAreQuotedAndEscaped() {
        assertThat(dot).startsWith("digraph \"Sample\" {");
        assertThat(dot).contains("label=\"Sample\";");
        assertThat(dot).contains("\"Odd\\\"id\\\\with/slash é\" [");
        assertThat(dot.lines().filter(l -> l.contains(" -> ")).count()).isEqualTo(graph.edges().size());
    }
}
