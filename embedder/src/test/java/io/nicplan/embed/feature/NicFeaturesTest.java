package io.nicplan.embed.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.classify.CompiledClassifier;
import io.nicplan.embed.config.ConfigChange;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringProgram;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.GraphBuilder;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.ValidationIssue;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.predicate.HeaderField;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of NIC features, and virtio-net's unclassified_queue through parse, embed and lowering. */
class NicFeaturesTest {
    private static final int ARP = 0x0806;

    /** virtio-net with RSS over queues 0..3 and, when given, unclassified packets to {@code unclassified}. */
    static String virtioConfig(Integer unclassified) {
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            table.append(i == 0 ? "" : ",").append(i % 4);
        }
        return "{" + (unclassified == null ? "" : "\"Unclassified\": " + unclassified + ", ")
                + "\"Rss\": {\"hash\": \"ipv4_l4\", \"table\": [" + table + "]}}";
    }

    @Test
    void theStandardFeaturesAreTheDocumentedFunctionsAndWithAddsOne() {
        assertThat(NicFeatures.standard().names()).containsExactly("fivetuple", "fdir", "ethertype", "syn", "rss", "queues",
                "csum_offload", "ma_table", "flextcp", "unclassified_queue", "tx_offload");
        assertThat(NicFeatures.standard().descriptionFunctions()).contains("endpoints");
        NicFeature syn = NicFeatures.standard().get("syn").orElseThrow();
        NicFeature renamed = new NicFeature() {
            @Override
            public String function() {
                return "syn2";
            }

            @Override
            public io.nicplan.embed.expand.ConfigFunction configuration() {
                return syn.configuration();
            }

            @Override
            public io.nicplan.descriptions.conventions.ConfigFunctionRule convention() {
                return syn.convention();
            }

            @Override
            public OptimizerFacet facet(Node node, DataflowGraph prg) {
                return syn.facet(node, prg);
            }

            @Override
            public void lowerSettings(Node node, SteeringBuilder steering) {
                syn.lowerSettings(node, steering);
            }

            @Override
            public void lowerTables(Node node, SteeringBuilder steering) {
                syn.lowerTables(node, steering);
            }
        };
        assertThat(NicFeatures.standard().with(renamed).get("syn2")).containsSame(renamed);
        assertThat(NicFeatures.standard().get("syn2")).isEmpty();
    }

    @Test
    void everyShippedNicFollowsTheConventionsOfTheFeaturesAndAnUnknownFunctionIsAnError() {
        for (String nic : Descriptions.nicNames()) {
            assertThat(NicFeatures.standard().checkDescription(Descriptions.graph(nic))).as(nic).isEmpty();
        }
        GraphBuilder b = Descriptions.graph("virtio-net").toBuilder();
        b.putNode(new Node("Unclassified", NodeKind.CONFIG, b.node("Unclassified").orElseThrow().ports(),
                io.nicplan.graph.Attributes.NONE, java.util.Optional.empty(), java.util.OptionalLong.empty(),
                java.util.Optional.of(new io.nicplan.graph.ConfigSpec(ConfigType.BOOL, "meter", List.of()))));
        List<ValidationIssue> issues = NicFeatures.standard().checkDescription(b.build());
        assertThat(issues).extracting(ValidationIssue::code).containsExactly("convention-function");
        assertThat(issues.get(0).isError()).isTrue();
    }

    @Test
    void theVirtioDescriptionHasAnUnclassifiedQueueNodeBeforeRss() {
        DataflowGraph virtio = Descriptions.graph("virtio-net");
        assertThat(virtio.node("Unclassified").orElseThrow().config().orElseThrow().function()).isEqualTo("unclassified_queue");
        assertThat(virtio.targets("Wire", "out")).containsExactly("Unclassified");
        assertThat(virtio.targets("Unclassified", "default")).containsExactly("Rss");
    }

    @Test
    void embeddedPacketsRssCannotHashGoToTheUnclassifiedQueueAndIpv4StillToRss() {
        DataflowGraph virtio = Descriptions.graph("virtio-net");
        Embedder embedder = Embedder.standard();
        Configuration with = embedder.readConfiguration(virtio, virtioConfig(5));
        Configuration without = embedder.readConfiguration(virtio, virtioConfig(null));
        CompiledClassifier unclassified = CompiledClassifier.compile(embedder.configure(virtio, with));
        CompiledClassifier plain = CompiledClassifier.compile(embedder.configure(virtio, without));

        long[] arp = packet(ARP);
        assertThat(unclassified.queue(arp)).isEqualTo(5);
        assertThat(plain.queue(arp)).isEqualTo(0); // RSS bucket 0, which the table maps to queue 0
        long[] ipv4 = packet(FilterMatch.ETH_IPV4);
        ipv4[HeaderField.IP_PROTO.ordinal()] = 6;
        ipv4[HeaderField.IP_SRC.ordinal()] = 0x0A000002L;
        ipv4[HeaderField.IP_DST.ordinal()] = 0x0A000001L;
        ipv4[HeaderField.L4_SPORT.ordinal()] = 40000;
        ipv4[HeaderField.L4_DPORT.ordinal()] = 11211;
        assertThat(unclassified.queue(ipv4)).isEqualTo(plain.queue(ipv4.clone())).isBetween(0, 3);
    }

    @Test
    void aQueueTheNodeDoesNotReachIsRefusedWhenTheConfigurationIsRead() {
        assertThatThrownBy(() -> Embedder.standard().readConfiguration(Descriptions.graph("virtio-net"), virtioConfig(8)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("/Unclassified");
    }

    @Test
    void theUnclassifiedQueueLowersToATableIpv4ToRssAndAnythingElseToTheQueue() {
        DataflowGraph virtio = Descriptions.graph("virtio-net");
        Embedder embedder = Embedder.standard();
        SteeringProgram p = embedder.lower(virtio, embedder.readConfiguration(virtio, virtioConfig(5)));
        SteeringTable t = p.table("Unclassified").orElseThrow();
        assertThat(t.entries()).extracting(SteeringEntry::action)
                .containsExactly(new SteeringAction.ToRss(), new SteeringAction.ToQueue(5));
        assertThat(t.entries().get(0).priority()).isGreaterThan(t.entries().get(1).priority());
        assertThat(p.fallback()).isEqualTo(new SteeringAction.ToRss());
        assertThat(embedder.lower(virtio, embedder.readConfiguration(virtio, virtioConfig(null))).table("Unclassified")
                .orElseThrow().entries()).isEmpty();
    }

    /**
     * The unclassified queue takes what the configured hash does not hash (virtio 1.2 5.1.6.5.7.1): an IPv6 packet
     * under ipv4_l4, not under ip_l4; setting Rss alone (one configuration change) re-expands Unclassified, which reads
     * Rss's value, and the lowered table lets IPv6 on to RSS too.
     */
    @Test
    void theUnclassifiedQueueFollowsTheConfiguredHashAlsoWhenOnlyRssChanges() {
        DataflowGraph virtio = Descriptions.graph("virtio-net");
        Embedder embedder = Embedder.standard();
        Configuration v4 = embedder.readConfiguration(virtio, virtioConfig(5));
        Configuration dual = embedder.readConfiguration(virtio, virtioConfig(5).replace("ipv4_l4", "ip_l4"));
        long[] ipv6 = packet(0x86DD);
        ipv6[HeaderField.IP_PROTO.ordinal()] = 17;
        ipv6[HeaderField.IP6_SRC_W0.ordinal()] = 0x20010DB8L;
        ipv6[HeaderField.IP6_SRC_W3.ordinal()] = 7;
        ipv6[HeaderField.IP6_DST_W0.ordinal()] = 0x20010DB8L;
        ipv6[HeaderField.IP6_DST_W3.ordinal()] = 1;
        ipv6[HeaderField.L4_SPORT.ordinal()] = 42000;
        ipv6[HeaderField.L4_DPORT.ordinal()] = 11211;
        ConfiguredGraph underV4 = embedder.configure(virtio, v4);
        assertThat(CompiledClassifier.compile(underV4).queue(ipv6.clone())).isEqualTo(5);
        ConfiguredGraph changed = underV4.apply(new ConfigChange.SetValue("Rss", dual.value("Rss")));
        int hashed = CompiledClassifier.compile(changed).queue(ipv6.clone());
        assertThat(hashed).isBetween(0, 3).isEqualTo(CompiledClassifier.compile(embedder.configure(virtio, dual)).queue(ipv6.clone()));
        assertThat(CompiledClassifier.compile(changed).queue(packet(ARP))).isEqualTo(5);
        assertThat(embedder.lower(virtio, dual).table("Unclassified").orElseThrow().entries())
                .extracting(e -> e.match().ethType()).containsExactly(0x0800, 0x86DD, -1);
    }

    private static long[] packet(long ethType) {
        long[] p = new long[HeaderField.values().length];
        p[HeaderField.ETH_TYPE.ordinal()] = ethType;
        return p;
    }
}
