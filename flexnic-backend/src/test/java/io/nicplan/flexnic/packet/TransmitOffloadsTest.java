package io.nicplan.flexnic.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NIC's transmit offloads on real frames: checksums filled in, TSO segments as the 82599 datasheet 7.2.4 says. */
class TransmitOffloadsTest {
    private static final int L3 = EthernetView.HEADER_LENGTH;

    /** A large TCP send as a stack hands it to a TSO NIC: headers once, checksums left zero. */
    private static byte[] largeSend(int payload, int flags) {
        byte[] f = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").identification(0xfffe).dontFragment(true)
                .tcp(11211, 40000).seq(0xfffff000).ack(77).flags(flags).timestamps(1000, 2000).payloadLength(payload).build();
        Bytes.setU16(f, L3 + 10, 0);
        Bytes.setU16(f, L3 + 20 + 16, 0);
        return f;
    }

    private static List<byte[]> offload(byte[] frame, TxOffloadRequest request) {
        TransmitOffloads.Plan plan = TransmitOffloads.plan(frame, 0, frame.length, request);
        assertThat(plan.error()).isNull();
        List<byte[]> out = new ArrayList<>();
        TransmitOffloads.apply(frame, 0, frame.length, request, plan, out::add);
        assertThat(out).hasSize(plan.segments());
        return out;
    }

    @Test
    void tsoCutsALargeSendIntoMssFramesWithCorrectHeaders() {
        int mss = 1448;
        int payload = 10_000;
        byte[] send = largeSend(payload, TcpFlags.ACK | TcpFlags.PSH | TcpFlags.FIN | TcpFlags.CWR);
        int tcpHeader = TcpView.over(send, L3 + 20, send.length - L3 - 20).headerLength();
        List<byte[]> segments = offload(send, TxOffloadRequest.tso(mss));
        assertThat(segments).hasSize(7);
        byte[] reassembled = new byte[payload];
        int at = 0;
        for (int i = 0; i < segments.size(); i++) {
            byte[] s = segments.get(i);
            Ipv4View ip = Ipv4View.over(s, L3, s.length - L3);
            boolean last = i == segments.size() - 1;
            int size = last ? payload - 6 * mss : mss;
            assertThat(ip.totalLength()).isEqualTo(20 + tcpHeader + size);
            assertThat(ip.identification()).as("IP id of segment %d, wrapping at 16 bits", i).isEqualTo((0xfffe + i) & 0xffff);
            assertThat(ip.dontFragment()).isTrue();
            assertThat(ip.verifyChecksum()).isTrue();
            TcpView tcp = TcpView.over(s, L3 + 20, ip.totalLength() - 20);
            assertThat(tcp.seq()).isEqualTo(0xfffff000 + i * mss);
            assertThat(tcp.ack()).isEqualTo(77);
            assertThat(tcp.headerLength()).isEqualTo(tcpHeader);
            assertThat(tcp.flags() & (TcpFlags.PSH | TcpFlags.FIN)).isEqualTo(last ? TcpFlags.PSH | TcpFlags.FIN : 0);
            assertThat(tcp.flags() & TcpFlags.CWR).isEqualTo(i == 0 ? TcpFlags.CWR : 0);
            assertThat(tcp.flags() & TcpFlags.ACK).isEqualTo(TcpFlags.ACK);
            assertThat(tcp.verifyChecksum(ip.src(), ip.dst(), ip.totalLength() - 20)).isTrue();
            System.arraycopy(s, L3 + 20 + tcpHeader, reassembled, at, size);
            at += size;
        }
        assertThat(reassembled).isEqualTo(Arrays.copyOfRange(send, send.length - payload, send.length));
    }

    @Test
    void aShortLastSegmentIsPaddedToTheEthernetMinimum() {
        // No TCP options: the last segment's 55 bytes (14 + 20 + 20 + 1) are below the Ethernet minimum.
        byte[] send = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").tcp(11211, 40000).seq(1).payloadLength(1449).build();
        List<byte[]> segments = offload(send, TxOffloadRequest.tso(1448));
        assertThat(segments).hasSize(2);
        assertThat(segments.get(1)).hasSize(FrameBuilder.MIN_FRAME_LENGTH);
        Ipv4View ip = Ipv4View.over(segments.get(1), L3, 46);
        assertThat(ip.totalLength()).isEqualTo(20 + 20 + 1);
        assertThat(ip.verifyChecksum()).isTrue();
        assertThat(TcpView.over(segments.get(1), L3 + 20, 21).verifyChecksum(ip.src(), ip.dst(), 21)).isTrue();
    }

    @Test
    void checksumOffloadFillsIpv4TcpAndUdpChecksums() {
        byte[] tcp = largeSend(300, TcpFlags.ACK);
        byte[] filled = offload(tcp, TxOffloadRequest.CHECKSUMS).get(0);
        Ipv4View ip = Ipv4View.over(filled, L3, filled.length - L3);
        assertThat(ip.verifyChecksum()).isTrue();
        assertThat(TcpView.over(filled, L3 + 20, ip.totalLength() - 20).verifyChecksum(ip.src(), ip.dst(), ip.totalLength() - 20)).isTrue();
        assertThat(Bytes.u16(tcp, L3 + 10)).as("the posted frame is not changed").isZero();

        byte[] udp = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(11211, 40000).payloadLength(100).build();
        Bytes.setU16(udp, L3 + 10, 0);
        Bytes.setU16(udp, L3 + 20 + 6, 0);
        byte[] u = offload(udp, TxOffloadRequest.CHECKSUMS).get(0);
        Ipv4View uip = Ipv4View.over(u, L3, u.length - L3);
        UdpView view = UdpView.over(u, L3 + 20, uip.totalLength() - 20);
        assertThat(uip.verifyChecksum()).isTrue();
        assertThat(view.checksum()).isNotZero();
        assertThat(view.verifyChecksum(uip.src(), uip.dst())).isTrue();

        byte[] onlyIp = offload(udp, new TxOffloadRequest(true, false, 0)).get(0);
        assertThat(Ipv4View.over(onlyIp, L3, onlyIp.length - L3).verifyChecksum()).isTrue();
        assertThat(Bytes.u16(onlyIp, L3 + 20 + 6)).as("UDP checksum not asked for").isZero();
    }

    @Test
    void framesTheOffloadsCannotTakeAreRefusedByReason() {
        byte[] udp = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).payloadLength(3000).build();
        assertThat(TransmitOffloads.plan(udp, 0, udp.length, TxOffloadRequest.tso(1448)).error()).isEqualTo(TxOffloadError.TSO_NOT_TCP);
        byte[] arp = FrameBuilder.ethernet().arpRequest(io.nicplan.net.MacAddress.parse("02:00:00:00:00:01"),
                io.nicplan.net.Ipv4Address.parse("10.0.0.1"), io.nicplan.net.Ipv4Address.parse("10.0.0.2")).build();
        assertThat(TransmitOffloads.plan(arp, 0, arp.length, TxOffloadRequest.CHECKSUMS).error()).isEqualTo(TxOffloadError.NOT_IP);
        byte[] tcp = largeSend(100, TcpFlags.ACK);
        assertThat(TransmitOffloads.plan(tcp, 0, L3 + 30, TxOffloadRequest.tso(1448)).error()).isEqualTo(TxOffloadError.TRUNCATED_HEADERS);
        // A send whose buffer holds one byte more than the 18-bit PAYLEN allows after its headers.
        byte[] prototype = largeSend(0, TcpFlags.ACK);
        byte[] huge = Arrays.copyOf(prototype, L3 + 20 + 32 + TransmitOffloads.MAX_TSO_PAYLOAD + 1);
        assertThat(TransmitOffloads.plan(huge, 0, huge.length, TxOffloadRequest.tso(1448)).error()).isEqualTo(TxOffloadError.TSO_TOO_LARGE);
    }

    @Test
    void corruptedFramesAreRefusedOrOffloadedNeverThrow() {
        java.util.Random random = new java.util.Random(14);
        byte[] base = largeSend(5000, TcpFlags.ACK | TcpFlags.PSH);
        TxOffloadRequest[] requests = {TxOffloadRequest.tso(1448), TxOffloadRequest.tso(536), TxOffloadRequest.CHECKSUMS,
            new TxOffloadRequest(true, false, 0)};
        int refused = 0;
        int segments = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] f = base.clone();
            int length = random.nextInt(4) == 0 ? random.nextInt(f.length + 1) : f.length;
            for (int k = random.nextInt(4); k > 0; k--) {
                f[random.nextInt(L3 + 60)] = (byte) random.nextInt(256);
            }
            TxOffloadRequest request = requests[random.nextInt(requests.length)];
            TransmitOffloads.Plan plan = TransmitOffloads.plan(f, 0, length, request);
            if (plan.refused()) {
                refused++;
                continue;
            }
            List<byte[]> out = new ArrayList<>();
            TransmitOffloads.apply(f, 0, length, request, plan, out::add);
            assertThat(out).hasSize(plan.segments());
            for (byte[] s : out) {
                if (request.ipv4Checksum()) {
                    assertThat(Ipv4View.over(s, plan.l3Offset(), s.length - plan.l3Offset()).verifyChecksum()).isTrue();
                }
            }
            segments += out.size();
        }
        // Both outcomes occur: the check is not vacuous.
        assertThat(refused).isPositive();
        assertThat(segments).isPositive();
    }
}
