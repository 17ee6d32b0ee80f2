package io.nicplan.flexnic.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.host.QueueManager;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both directions of the wire captured to classic pcap, timestamps from the emulator clock. */
class PcapCaptureTest {

    private static final long START = 1_700_000_000_123_456_000L;

    @TempDir
    Path dir;

    @Test
    void captureHoldsBothDirectionsWithEmulatorTimestamps() throws Exception {
        Path file = dir.resolve("wire.pcap");
        List<byte[]> received = capture(file);

        List<PcapReader.Record> records = PcapReader.readAll(file);
        assertThat(records).hasSize(received.size() + 2);
        assertThat(records.get(0).frame()).isEqualTo(received.get(0));
        assertThat(records.get(0).timeNanos()).isEqualTo(START);
        assertThat(records.get(1).timeNanos()).isEqualTo(START + 1_000);
        // TX frames follow, released by the queue manager at their rate-limited times.
        PcapReader.Record lastTx = records.get(records.size() - 1);
        assertThat(lastTx.timeNanos()).isGreaterThan(records.get(records.size() - 2).timeNanos());
        assertThat(records).allSatisfy(r -> assertThat(r.originalLength()).isEqualTo(r.frame().length));
    }

    @Test
    void tsharkReadsTheCaptureWithoutWarnings() throws Exception {
        Path tshark = findOnPath("tshark");
        assumeTrue(tshark != null, "tshark is not installed");
        Path file = dir.resolve("checked.pcap");
        int frames = capture(file).size() + 2;

        String details = run(tshark.toString(), "-r", file.toString(), "-V",
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE");
        assertThat(details).contains("Ethernet II", "Transmission Control Protocol", "User Datagram Protocol",
                "Internet Control Message Protocol", "Address Resolution Protocol", "802.1Q Virtual LAN");
        assertThat(details).doesNotContain("Malformed", "[incorrect", " incorrect, should be", "Bad checksum", "Status: Bad", "status: Bad");
        assertThat(details).contains("[Checksum Status: Good]");
        // One dissection per frame, the first stamped with the emulator clock's start time.
        assertThat(details).contains("Frame " + frames + ":").doesNotContain("Frame " + (frames + 1) + ":");
        assertThat(details).contains("1700000000.123456000");
    }

    /** Runs a small RX and TX scenario with capture on; returns the frames received. */
    private static List<byte[]> capture(Path file) throws Exception {
        SimulatedClock clock = new SimulatedClock(START);
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(2)
                .table("t", 0, 8, ActionSpec.queue(1), KeyField.exact(HeaderField.IP_PROTO)).build();
        FlexNicEmulator nic = new FlexNicEmulator(program, EmulatorConfig.DEFAULT, clock);
        List<byte[]> frames = new ArrayList<>(List.of(
                FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(40000, 80).flags(TcpFlags.SYN).seq(1000)
                        .mss(1460).windowScale(7).sackPermitted().timestamps(12345, 0).build(),
                FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(40000, 80).flags(TcpFlags.ACK | TcpFlags.PSH)
                        .seq(1001).ack(5001).timestamps(12346, 777).payloadLength(300).build(),
                FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").udp(40001, 40002).payloadLength(31).build(),
                FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").icmpEcho(7, 1).payloadLength(56).build(),
                FrameBuilder.ethernet().vlan(42, 3).ipv4("10.0.0.2", "10.0.0.1").udp(40003, 40004).payloadLength(1).build(),
                FrameBuilder.ethernet().arpRequest(MacAddress.parse("02:00:00:00:00:02"), Ipv4Address.parse("10.0.0.2"),
                        Ipv4Address.parse("10.0.0.1")).build()));
        try (PcapWriter writer = PcapWriter.create(file)) {
            nic.addTap(writer);
            for (byte[] f : frames) {
                nic.receive(f);
                clock.advanceBy(1_000);
            }
            EventLoop loop = new EventLoop(clock);
            nic.txQueues().limitQueue(0, 1_000_000, 100, clock.nanos());
            byte[] reply = FrameBuilder.ethernet().src(MacAddress.parse("02:00:00:00:00:01"))
                    .dst(MacAddress.parse("02:00:00:00:00:02")).ipv4("10.0.0.1", "10.0.0.2").tcp(80, 40000)
                    .flags(TcpFlags.SYN | TcpFlags.ACK).seq(5000).ack(1001).mss(1460).timestamps(1, 12345).build();
            assertThat(nic.post(0, QueueManager.NO_FLOW, reply)).isTrue();
            assertThat(nic.post(0, QueueManager.NO_FLOW, reply)).isTrue();
            nic.pumpTransmit(loop);
            loop.runAll(100);
            assertThat(nic.counters().txFrames()).isEqualTo(2);
        }
        return frames;
    }

    private String run(String... command) throws IOException, InterruptedException {
        return Tshark.run(dir, command);
    }

    private static Path findOnPath(String name) {
        return Tshark.findOnPath(name);
    }
}
