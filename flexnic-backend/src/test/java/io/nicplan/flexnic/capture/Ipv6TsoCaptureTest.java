package io.nicplan.flexnic.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.host.QueueManager;
import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.IpProtocol;
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
 * The emulator's TSO and checksum insertion on IPv6 frames (flexnic.unicorn's Tx.Tso and Tx.L4Csum carry
 * {@code attr "tx_ipv6"}): large sends over IPv6, with and without extension headers, leave as MSS-sized
 * segments that tshark decodes with every checksum good and nothing malformed; a send with a fragment
 * header is refused and counted.
 */
class Ipv6TsoCaptureTest {
    private static final long START = 1_700_000_000_000_000_000L;
    private static final int L3 = 14;
    /** 1500-byte MTU less the IPv6 header, 16 bytes of extension headers and TCP with timestamps (32): frames fit the ring's 1518-byte slots. */
    private static final int MSS = 1412;
    /** The three large sends of one connection: payload bytes each. */
    private static final int[] SENDS = {10_000, 64_000, 1_429};
    /** Extension headers of the second connection's sends: hop-by-hop and destination options, 8 bytes each. */
    private static final int[] EXTENSIONS = {IpProtocol.HOP_BY_HOP, IpProtocol.DESTINATION_OPTIONS};

    @TempDir
    Path dir;

    /** A send as a stack hands it over with offloads on: the TCP checksum left zero. */
    private static byte[] send(int srcPort, int seq, int payload, int flags, int... extensions) {
        FrameBuilder b = FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2");
        for (int type : extensions) {
            b.extensionHeader(type);
        }
        byte[] f = b.tcp(srcPort, 40000).seq(seq).ack(5001).flags(flags).timestamps(100, 200).payloadLength(payload).build();
        Bytes.setU16(f, L3 + 40 + 8 * extensions.length + 16, 0);
        return f;
    }

    private FlexNicEmulator transmitAll(Path pcap) throws Exception {
        FlexNicEmulator nic = new FlexNicEmulator(FlexNicProgram.builder().rxQueues(1).build(), EmulatorConfig.DEFAULT,
                new SimulatedClock(START));
        try (PcapWriter writer = PcapWriter.create(pcap)) {
            nic.addTap(writer);
            // Two connections, one without and one with extension headers, each sending SENDS.
            for (int c = 0; c < 2; c++) {
                int seq = 1;
                int[] extensions = c == 0 ? new int[0] : EXTENSIONS;
                for (int i = 0; i < SENDS.length; i++) {
                    int flags = TcpFlags.ACK | TcpFlags.PSH | (i == SENDS.length - 1 ? TcpFlags.FIN : 0);
                    assertThat(nic.post(c, QueueManager.NO_FLOW, send(11211 + c, seq, SENDS[i], flags, extensions),
                            TxOffloadRequest.tso(MSS))).as("send %d of connection %d, refusals %s", i, c, nic.txOffloadErrors()).isTrue();
                    seq += SENDS[i];
                }
            }
            byte[] udp = FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::3").udp(11211, 40001).payloadLength(200).build();
            Bytes.setU16(udp, L3 + 40 + 6, 0);
            assertThat(nic.post(1, QueueManager.NO_FLOW, udp, TxOffloadRequest.CHECKSUMS)).isTrue();
            // Refused, counted, and nothing of it queued: a fragment header before TCP.
            assertThat(nic.post(1, QueueManager.NO_FLOW, send(11213, 1, 5_000, TcpFlags.ACK, IpProtocol.FRAGMENT),
                    TxOffloadRequest.tso(MSS))).isFalse();
            nic.transmitReady();
        }
        return nic;
    }

    private static int segmentsPerConnection() {
        int segments = 0;
        for (int s : SENDS) {
            segments += (s + MSS - 1) / MSS;
        }
        return segments;
    }

    @Test
    void ipv6TsoSegmentsAndRefusalsAreCounted() throws Exception {
        FlexNicEmulator nic = transmitAll(dir.resolve("counts.pcap"));
        int segments = 2 * segmentsPerConnection();
        assertThat(segmentsPerConnection()).isEqualTo(8 + 46 + 2);
        assertThat(nic.tsoSends()).isEqualTo(6);
        assertThat(nic.tsoSegments()).isEqualTo(segments);
        assertThat(nic.counters().txFrames()).isEqualTo(segments + 1);
        assertThat(nic.txOffloadErrors()).isEqualTo(Map.of(TxOffloadError.FRAGMENT, 1L));
        List<PcapReader.Record> records = PcapReader.readAll(dir.resolve("counts.pcap"));
        assertThat(records).hasSize(segments + 1);
        assertThat(records).allSatisfy(r -> assertThat(r.frame().length).isLessThanOrEqualTo(L3 + 40 + 16 + 32 + MSS));
    }

    @Test
    void tsharkFindsNoBadChecksumAndNoMalformedIpv6Segment() throws Exception {
        Path tshark = Tshark.findOnPath("tshark");
        assumeTrue(tshark != null, "tshark is not installed");
        Path file = dir.resolve("tso6.pcap");
        transmitAll(file);
        String details = Tshark.run(dir, tshark.toString(), "-r", file.toString(), "-V",
                "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE");
        assertThat(details).contains("Internet Protocol Version 6", "IPv6 Hop-by-Hop Option", "Destination Options for IPv6",
                "Transmission Control Protocol", "User Datagram Protocol", "[Checksum Status: Good]");
        Tshark.assertCleanSegments(details);
        // Per TCP frame: source port (the connection), payload length, sequence number, TCP payload, PSH and FIN.
        String fields = Tshark.run(dir, tshark.toString(), "-r", file.toString(), "-Y", "tcp", "-T", "fields",
                "-e", "tcp.srcport", "-e", "ipv6.plen", "-e", "tcp.seq_raw", "-e", "tcp.len", "-e", "tcp.hdr_len",
                "-e", "tcp.flags.push", "-e", "tcp.flags.fin");
        List<String> lines = fields.lines().toList();
        assertThat(lines).hasSize(2 * segmentsPerConnection());
        for (int c = 0; c < 2; c++) {
            // The two transmit queues' frames may interleave on the wire; each connection's are in order.
            String port = Integer.toString(11211 + c);
            List<String> connection = lines.stream().filter(l -> l.startsWith(port + "\t")).toList();
            assertThat(connection).hasSize(segmentsPerConnection());
            int frame = 0;
            long seq = 1;
            int extensionBytes = c == 0 ? 0 : 8 * EXTENSIONS.length;
            for (int s = 0; s < SENDS.length; s++) {
                int count = (SENDS[s] + MSS - 1) / MSS;
                for (int i = 0; i < count; i++) {
                    String[] f = connection.get(frame++).split("\t");
                    int len = i == count - 1 ? SENDS[s] - i * MSS : MSS;
                    boolean last = i == count - 1;
                    assertThat(Integer.parseInt(f[0])).as("connection").isEqualTo(11211 + c);
                    assertThat(Integer.parseInt(f[1])).as("IPv6 payload length")
                            .isEqualTo(extensionBytes + Integer.parseInt(f[4]) + len);
                    assertThat(Long.parseLong(f[2])).as("sequence number").isEqualTo(seq + (long) i * MSS);
                    assertThat(Integer.parseInt(f[3])).as("TCP payload").isEqualTo(len);
                    assertThat(Tshark.isSet(f[5])).as("PSH on the last segment of a send only").isEqualTo(last);
                    assertThat(Tshark.isSet(f[6])).as("FIN on the last segment of the last send only").isEqualTo(last && s == SENDS.length - 1);
                }
                seq += SENDS[s];
            }
        }
    }
}
