package io.nicplan.optimizer.nic;

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
import io.nicplan.optimizer.domain.Mechanism;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NicModelsTest {

    private static Node config(String id, ConfigType type, String function, List<String> ports) {
        return new Node(id, NodeKind.CONFIG, ports.stream().map(Port::of).toList(), Attributes.NONE, Optional.empty(),
                OptionalLong.empty(), Optional.of(new ConfigSpec(type, function, List.of())));
    }

    /** A two-queue PRG shaped like intel-82599.unicorn: 5-tuple, flow director, RSS, queues. */
    static DataflowGraph prg() {
        GraphBuilder b = DataflowGraph.builder("Mini82599");
        b.addResource(new Resource(Resource.RSS_QUEUES, 16));
        b.addResource(new Resource(Resource.RSS_TABLE_ENTRIES, 128));
        b.addNode(Node.of("Wire", NodeKind.NODE, List.of(Port.of("out"))).withAttributes(Attributes.NONE.with("source")));
        ConfigType entry = new ConfigType.TupleType(List.of(new ConfigType.Field("queue", new ConfigType.IntType(0, 1))));
        b.addNode(config("FiveTuple", new ConfigType.ListType(entry, 0, 128), "fivetuple", List.of("queues", "default")));
        b.addNode(config("FlowDirector", new ConfigType.ListType(entry, 0, 2046), "fdir", List.of("queues", "default")));
        b.addNode(config("Rss", new ConfigType.TupleType(List.of(new ConfigType.Field("table",
                new ConfigType.ListType(new ConfigType.IntType(0, 15), 128, 128)))), "rss", List.of("queues")));
        b.connect("Wire", "out", "FiveTuple");
        b.connect("FiveTuple", "default", "FlowDirector");
        b.connect("FlowDirector", "default", "Rss");
        for (int q = 0; q < 2; q++) {
            b.addNode(Node.of("Q" + q + ".Valid", NodeKind.OR, List.of(Port.of("true"), Port.of("false"))));
            b.addNode(Node.of("Q" + q + ".Rx", NodeKind.NODE, List.of(Port.of("out")))
                    .withAttributes(Attributes.NONE.with("sink").with("rxqueue=" + q)));
            b.connect("Q" + q + ".Valid", "true", "Q" + q + ".Rx");
            b.connect("FiveTuple", "queues", "Q" + q + ".Valid");
            b.connect("FlowDirector", "queues", "Q" + q + ".Valid");
            b.connect("Rss", "queues", "Q" + q + ".Valid");
        }
        return b.build();
    }

    @Test
    void derivesQueuesSteeringOrderCapacitiesAndRssFromThePrg() {
        NicModel m = NicModels.fromPrg(prg());
        assertThat(m.queues()).isEqualTo(2);
        assertThat(m.steerings()).extracting(Steering::mechanism).containsExactly(Mechanism.FIVETUPLE, Mechanism.FDIR);
        assertThat(m.steerings()).extracting(Steering::nodeId).containsExactly("FiveTuple", "FlowDirector");
        assertThat(m.capacity(Mechanism.FIVETUPLE)).isEqualTo(128);
        assertThat(m.capacity(Mechanism.FDIR)).isEqualTo(2046);
        assertThat(m.rss()).hasValueSatisfying(r -> {
            assertThat(r.nodeId()).isEqualTo("Rss");
            assertThat(r.tableEntries()).isEqualTo(128);
            assertThat(r.maxQueues()).isEqualTo(2);
        });
        assertThat(m.unfiltered()).isEqualTo(Mechanism.RSS);
        assertThat(m.fastPath()).isEmpty();
    }

    @Test
    void theOptimizerSeesVirtioNetsUnclassifiedQueueThroughItsFacet() {
        assertThat(NicModels.builtin("virtio-net", 4).unclassifiedNodeId()).contains("Unclassified");
        assertThat(NicModels.builtin("virtio-net", 4).withQueues(2).unclassifiedNodeId()).contains("Unclassified");
        assertThat(NicModels.builtin("intel-82599", 4).unclassifiedNodeId()).isEmpty();
    }

    @Test
    void aC_NodeWhoseFunctionIsNoNicFeatureIsAnErrorNotSilentlyIgnored() {
        GraphBuilder b = prg().toBuilder();
        b.addNode(new Node("Meter", NodeKind.CONFIG, java.util.List.of(), Attributes.NONE, java.util.Optional.empty(),
                java.util.OptionalLong.empty(), java.util.Optional.of(new ConfigSpec(ConfigType.BOOL, "meter", java.util.List.of()))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NicModels.fromPrg(b.build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Meter").hasMessageContaining("'meter'");
    }
}
