package io.nicplan.flexnic.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.graph.predicate.HeaderField;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IPv6 frames, with and without extension headers, through the emulator to pcap, and tshark's verdict on them. */
class Ipv6CaptureTest {

    @TempDir
    Path dir;

    @Test
    void tsharkDecodesIpv6FramesWithGoodChecksumsAndEveryExtensionHeader() throws Exception {
        Path tshark = Tshark.findOnPath("tshark");
        assumeTrue(tshark != null, "tshark is not installed");
        List<byte[]> frames = List.of(
                FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1").tcp(40000, 80).flags(TcpFlags.SYN)
                        .mss(1440).timestamps(1, 0).build(),
                FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1").extensionHeader(0).extensionHeader(43)
                        .extensionHeader(44).extensionHeader(60).udp(5000, 5001).payloadLength(41).build(),
                FrameBuilder.ethernet().ipv6("fe80::2", "ff02::1:ff00:1").ttl(255).icmp(135, 0, 0)
                        .payloadLength(24).build(),
                FrameBuilder.ethernet().vlan(9).ipv6("2001:db8::2", "2001:db8::1").extensionHeader(60)
                        .tcp(40000, 80).flags(TcpFlags.ACK).payloadLength(101).build());
        SimulatedClock clock = new SimulatedClock(1_700_000_000_000_000_000L);
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(2)
                .table("t", 0, 8, ActionSpec.queue(1), KeyField.exact(HeaderField.IP_PROTO)).build();
        FlexNicEmulator nic = new FlexNicEmulator(program, EmulatorConfig.DEFAULT, clock);
        Path file = dir.resolve("ipv6.pcap");
        try (PcapWriter writer = PcapWriter.create(file)) {
            nic.addTap(writer);
            for (byte[] f : frames) {
                assertThat(nic.receive(f).dropped()).as("the emulator accepts every IPv6 frame").isFalse();
                clock.advanceBy(1_000);
            }
        }
        String details = Tshark.run(dir, tshark.toString(), "-r", file.toString(), "-V",
                "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE");
        assertThat(details).contains("Internet Protocol Version 6", "Transmission Control Protocol",
                "User Datagram Protocol", "Internet Control Message Protocol v6", "Neighbor Solicitation",
                "Hop-by-Hop Option", "Routing Header", "Fragment Header", "Destination Option", "802.1Q Virtual LAN");
        assertThat(details).doesNotContain("Malformed", "[incorrect", " incorrect, should be", "Bad checksum",
                "Status: Bad", "status: Bad");
        assertThat(details).contains("[Checksum Status: Good]");
    }
}
