package io.nicplan.flexnic.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.host.QueueManager;
import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.packet.TxOffloadError;
import io.nicplan.flexnic.packet.TxOffloadRequest;
import io.nicplan.flexnic.program.FlexNicProgram;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator performs the transmit offloads it advertises (flexnic.unicorn's Tx.Tso, Tx.L4Csum,
 * Tx.Ipv4Csum): large sends posted with TSO leave as MSS-sized frames, frames posted with
 * checksum offload leave with their checksums filled, and tshark, checking every checksum,
 * finds nothing bad or malformed in the capture.
 */
class TsoCaptureTest {
    private static final long START = 1_700_000_000_000_000_000L;
    /** Ethernet header bytes. */
    private static final int L3 = 14;
    private static final int MSS = 1448;
    /** The three large sends of one connection: payload bytes each. */
    private static final int[] SENDS = {10_000, 64_000, 1_449};

    @TempDir
    Path dir;

    /** Frames of one connection as a stack hands them over with offloads on: checksums zero. */
    private static byte[] send(int seq, int payload, int flags) {
        byte[] f = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").identification(seq & 0xffff)
                .tcp(11211, 40000).seq(seq).ack(5001).flags(flags).timestamps(100, 200).payloadLength(payload).build();
        Bytes.setU16(f, L3 + 10, 0);
        Bytes.setU16(f, L3 + 20 + 16, 0);
        return f;
    }

    private FlexNicEmulator transmitAll(Path pcap) throws Exception {
        FlexNicEmulator nic = new FlexNicEmulator(FlexNicProgram.builder().rxQueues(1).build(), EmulatorConfig.DEFAULT,
                new SimulatedClock(START));
        try (PcapWriter writer = PcapWriter.create(pcap)) {
            nic.addTap(writer);
            int seq = 1;
            for (int i = 0; i < SENDS.length; i++) {
                int flags = TcpFlags.ACK | TcpFlags.PSH | (i == SENDS.length - 1 ? TcpFlags.FIN : 0);
                assertThat(nic.post(0, QueueManager.NO_FLOW, send(seq, SENDS[i], flags), TxOffloadRequest.tso(MSS))).isTrue();
                seq += SENDS[i];
            }
            byte[] udp = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.3").udp(11211, 40001).payloadLength(200).build();
            Bytes.setU16(udp, L3 + 10, 0);
            Bytes.setU16(udp, L3 + 26, 0);
            assertThat(nic.post(1, QueueManager.NO_FLOW, udp, TxOffloadRequest.CHECKSUMS)).isTrue();
            // Refused, counted, and nothing of it queued: TSO on UDP.
            assertThat(nic.post(1, QueueManager.NO_FLOW, udp, TxOffloadRequest.tso(MSS))).isFalse();
            nic.transmitReady();
        }
        return nic;
    }

    @Test
    void tsoAndChecksumOffloadFramesCountAsTheDatasheetSays() throws Exception {
        FlexNicEmulator nic = transmitAll(dir.resolve("counts.pcap"));
        int segments = 0;
        for (int s : SENDS) {
            segments += (s + MSS - 1) / MSS;
        }
        assertThat(segments).isEqualTo(7 + 45 + 2);
        assertThat(nic.tsoSends()).isEqualTo(3);
        assertThat(nic.tsoSegments()).isEqualTo(segments);
        assertThat(nic.counters().txFrames()).isEqualTo(segments + 1);
        assertThat(nic.txOffloadErrors()).isEqualTo(Map.of(TxOffloadError.TSO_NOT_TCP, 1L));
        List<PcapReader.Record> records = PcapReader.readAll(dir.resolve("counts.pcap"));
        assertThat(records).hasSize(segments + 1);
        assertThat(records).allSatisfy(r -> assertThat(r.frame().length).isLessThanOrEqualTo(L3 + 20 + 32 + MSS));
    }

    @Test
    void tsharkFindsNoBadChecksumAndNoMalformedFrame() throws Exception {
        Path tshark = Tshark.findOnPath("tshark");
        assumeTrue(tshark != null, "tshark is not installed");
        Path file = dir.resolve("tso.pcap");
        transmitAll(file);
        String details = Tshark.run(dir, tshark.toString(), "-r", file.toString(), "-V",
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE");
        assertThat(details).contains("Transmission Control Protocol", "User Datagram Protocol", "[Checksum Status: Good]");
        Tshark.assertCleanSegments(details);
        // Per TCP frame: IP id, total length, sequence number (relative), payload, PSH and FIN.
        String fields = Tshark.run(dir, tshark.toString(), "-r", file.toString(), "-Y", "tcp", "-T", "fields",
                "-e", "ip.id", "-e", "ip.len", "-e", "tcp.seq_raw", "-e", "tcp.len", "-e", "tcp.flags.push", "-e", "tcp.flags.fin");
        List<String> lines = fields.lines().toList();
        assertThat(lines).hasSize(54);
        long seq = 1;
        int frame = 0;
        for (int s = 0; s < SENDS.length; s++) {
            int count = (SENDS[s] + MSS - 1) / MSS;
            for (int i = 0; i < count; i++) {
                String[] f = lines.get(frame++).split("\t");
                int len = i == count - 1 ? SENDS[s] - i * MSS : MSS;
                boolean last = i == count - 1;
                // The send's prototype carried IP id (its first sequence number & 0xffff); each segment adds one.
                assertThat(Integer.decode(f[0])).as("IP id").isEqualTo((int) (seq + i) & 0xffff);
                assertThat(Integer.parseInt(f[1])).as("IP total length").isEqualTo(20 + 32 + len);
                assertThat(Long.parseLong(f[2])).as("sequence number").isEqualTo(seq + (long) i * MSS);
                assertThat(Integer.parseInt(f[3])).as("TCP payload").isEqualTo(len);
                assertThat(Tshark.isSet(f[4])).as("PSH on the last segment of a send only").isEqualTo(last);
                assertThat(Tshark.isSet(f[5])).as("FIN on the last segment of the last send only").isEqualTo(last && s == SENDS.length - 1);
            }
            seq += SENDS[s];
        }
    }
}
