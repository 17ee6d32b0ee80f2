package io.nicplan.graph.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphCollapseTest {
    /** A NIC in miniature: a filter reaching 8 queues, RSS reaching the first 4, each queue Valid -> Rx. */
    private static DataflowGraph eightQueues() {
        GraphBuilder b = DataflowGraph.builder("Eight");
        List<Port> filterPorts = List.of(Port.of("queues"), Port.of("default"));
        b.addNode(Node.of("Filter", NodeKind.NODE, filterPorts));
        b.addNode(Node.of("Rss", NodeKind.NODE, List.of(Port.of("queues"))));
        b.connect("Filter", "default", "Rss");
        for (int q = 0; q < 8; q++) {
            b.addNode(Node.of("Q" + q + ".Valid", NodeKind.OR, List.of(Port.of("true"), Port.of("false"))));
            b.addNode(Node.of("Q" + q + ".Rx", NodeKind.NODE, List.of()));
            b.connect("Filter", "queues", "Q" + q + ".Valid");
            b.connect("Q" + q + ".Valid", "true", "Q" + q + ".Rx");
            if (q < 4) {
                b.connect("Rss", "queues", "Q" + q + ".Valid");
            }
        }
        return b.build();
    }

    @Test
    void alikeNodesFoldIntoOneGroupSplitByWhatFeedsThem() {
        CollapsedGraph c = GraphCollapse.collapse(eightQueues(), CollapseOptions.DEFAULT);
        assertThat(c.groups()).extracting(CollapsedGraph.Group::id)
                .containsExactlyInAnyOrder("Filter", "Rss", "Q{0..3}.Valid", "Q{4..7}.Valid", "Q{0..7}.Rx");
        assertThat(c.edges()).extracting(e -> e.source() + " -" + e.label() + "x" + e.count() + "-> " + e.target())
                .containsExactlyInAnyOrder("Filter -queuesx4-> Q{0..3}.Valid", "Filter -queuesx4-> Q{4..7}.Valid",
                        "Filter -defaultx1-> Rss", "Rss -queuesx4-> Q{0..3}.Valid", "Q{0..3}.Valid -truex4-> Q{0..7}.Rx",
                        "Q{4..7}.Valid -truex4-> Q{0..7}.Rx");
        CollapsedGraph.Group rx = c.groups().stream().filter(g -> g.id().equals("Q{0..7}.Rx")).findFirst().orElseThrow();
        assertThat(rx.template()).isEqualTo("Q*.Rx");
        assertThat(rx.members()).containsExactly("Q0.Rx", "Q1.Rx", "Q2.Rx", "Q3.Rx", "Q4.Rx", "Q5.Rx", "Q6.Rx", "Q7.Rx");
    }

    @Test
    void expandedTemplatesStayNodeByNodeAndEveryEdgeIsCounted() {
        DataflowGraph g = eightQueues();
        CollapsedGraph c = GraphCollapse.collapse(g, CollapseOptions.DEFAULT.expanding(Set.of("Q*.Rx")));
        assertThat(c.groups()).extracting(CollapsedGraph.Group::id).contains("Q0.Rx", "Q7.Rx", "Q{0..3}.Valid");
        assertThat(c.edges().stream().mapToInt(CollapsedGraph.GroupEdge::count).sum()).isEqualTo(g.edges().size());
        assertThat(c.groups().stream().mapToInt(x -> x.members().size()).sum()).isEqualTo(g.nodeCount());
    }

    @Test
    void theDrawingIsLeftToRightWithShortCountedLabels() {
        String dot = GraphCollapse.collapse(eightQueues(), CollapseOptions.DEFAULT).dot();
        assertThat(dot).contains("rankdir=LR", "\"Filter\" -> \"Q{4..7}.Valid\" [taillabel=\"queues \u00d74\"]",
                "\"Q{0..7}.Rx\" [label=\"Q{0..7}.Rx\\n8 nodes\"");
        assertThat(GraphCollapse.collapse(eightQueues(), CollapseOptions.DEFAULT).json())
                .contains("\"format\":\"nicplan-collapsed-graph\"", "\"id\":\"Q{0..7}.Rx\"", "\"size\":8");
    }

    @Test
    void rangesShowGapsAndTwoVaryingIndexesKeepAStar() {
        assertThat(GraphCollapse.ranges(List.of(0L, 1L, 2L, 3L, 8L, 10L, 11L))).isEqualTo("0..3,8,10..11");
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            for (int e = 0; e < 2; e++) {
                ids.add("Stage" + s + ".Entry" + e);
            }
        }
        assertThat(GraphCollapse.label("Stage*.Entry*", ids)).isEqualTo("Stage*.Entry* \u00d74");
        assertThat(GraphCollapse.label("Stage*.Entry*", List.of("Stage1.Entry0", "Stage1.Entry5", "Stage1.Entry6")))
                .isEqualTo("Stage1.Entry{0,5..6}");
    }
}
