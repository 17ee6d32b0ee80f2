package io.nicplan.flexnic.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.pipeline.PacketOutcome;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.embed.Examples;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** virtio-net's unclassified_queue applied to the emulator: what RSS cannot hash reaches that queue. */
class UnclassifiedQueueApplyTest {

    private static String config(Integer unclassified) {
        return config(unclassified, "ipv4_l4");
    }

    private static String config(Integer unclassified, String hash) {
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            table.append(i == 0 ? "" : ",").append(i % 4);
        }
        return "{" + (unclassified == null ? "" : "\"Unclassified\": " + unclassified + ", ")
                + "\"Rss\": {\"hash\": \"" + hash + "\", \"table\": [" + table + "]}}";
    }

    private static FlexNicEmulator emulator(String json) {
        DataflowGraph virtio = Descriptions.graph("virtio-net");
        Configuration c = Embedder.standard().readConfiguration(virtio, json);
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), virtio, c);
        FlexNicEmulator emulator = Installer.emulator(nic, new SimulatedClock(0));
        assertThat(Installer.install(emulator, nic).committed()).isTrue();
        return emulator;
    }

    private static byte[] arp() {
        return FrameBuilder.ethernet().arpRequest(MacAddress.parse("02:00:00:00:00:07"), Ipv4Address.parse("10.0.0.7"),
                Ipv4Address.parse("10.0.0.1")).build();
    }

    private static byte[] tcp(int sourcePort) {
        return FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(sourcePort, 11211).payloadLength(16).build();
    }

    @Test
    void anArpFrameReachesTheUnclassifiedQueueAndTcpStillSpreadsByRss() {
        FlexNicEmulator with = emulator(config(5));
        FlexNicEmulator without = emulator(config(null));

        PacketOutcome arp = with.receive(arp());
        assertThat(arp.dropped()).as(arp.toString()).isFalse();
        assertThat(arp.queue()).isEqualTo(5);
        assertThat(without.receive(arp()).queue()).isEqualTo(0);
        for (int port = 40000; port < 40016; port++) {
            int byRss = without.receive(tcp(port)).queue();
            assertThat(with.receive(tcp(port)).queue()).as("port " + port).isEqualTo(byRss).isBetween(0, 3);
        }
    }

    /**
     * virtio 1.2 5.1.6.5.7.1: a packet the device calculates no hash for goes to unclassified_queue, and (5.1.6.4.3)
     * an IPv6 packet is hashed only when an IPv6 type is enabled. Under ipv4_l4 every frame of the dual-stack state's
     * IPv6 flows lands on the unclassified queue, under ip_l4 none does (RSS hashes them over queues 0..3), and the
     * embedder's classification predicts each frame's queue in both (100 % agreement), while ARP stays unclassified.
     */
    @Test
    void aFrameWhoseFamilyTheHashDoesNotEnableLandsOnTheUnclassifiedQueueInClassificationAndTheEmulator() throws Exception {
        DataflowGraph virtio = Descriptions.graph("virtio-net");
        ProtocolState state = ProtocolStateJson.read(Examples.dualStackState());
        Set<String> ipv6 = state.flows().stream().filter(f -> f.src().version() == 6 || f.dst().version() == 6)
                .map(Flow::id).collect(java.util.stream.Collectors.toSet());
        assertThat(ipv6).isNotEmpty();
        for (String hash : new String[] {"ipv4_l4", "ip_l4"}) {
            Configuration c = Embedder.standard().readConfiguration(virtio, config(5, hash));
            Predictions predicted = Predictions.classify(virtio, state, c);
            for (Flow f : state.flows()) {
                boolean unhashed = ipv6.contains(f.id()) && hash.equals("ipv4_l4");
                if (unhashed) {
                    assertThat(predicted.queues().get(f.id())).as("%s under %s", f.id(), hash).containsExactly(5);
                } else {
                    assertThat(predicted.queues().get(f.id())).as("%s under %s", f.id(), hash).doesNotContain(5);
                }
            }
            ApplyReport report = Backend.apply(Embedder.standard(), virtio, state, c, predicted, Optional.empty());
            assertThat(report.install().committed()).as(report.install().failures()).isTrue();
            assertThat(report.disagree()).as(report.toJson()).isEmpty();
            assertThat(report.agree()).isEqualTo(state.flows().size());
            assertThat(emulator(config(5, hash)).receive(arp()).queue()).as("ARP under %s", hash).isEqualTo(5);
        }
    }
}
