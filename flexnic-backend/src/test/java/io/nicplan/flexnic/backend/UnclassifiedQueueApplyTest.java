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
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import org.junit.jupiter.api.Test;

/** virtio-net's unclassified_queue applied to the emulator: what RSS cannot hash reaches that queue. */
class UnclassifiedQueueApplyTest {

    private static String config(Integer unclassified) {
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            table.append(i == 0 ? "" : ",").append(i % 4);
        }
        return "{" + (unclassified == null ? "" : "\"Unclassified\": " + unclassified + ", ")
                + "\"Rss\": {\"hash\": \"ipv4_l4\", \"table\": [" + table + "]}}";
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
}
