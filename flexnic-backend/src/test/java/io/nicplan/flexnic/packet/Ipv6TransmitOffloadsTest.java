package io.nicplan.flexnic.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The transmit offloads on IPv6 frames (RFC 8200): TSO segments with the payload length of each segment,
 * no identification, sequence numbers advanced, PSH/FIN on the last segment only, TCP and UDP checksums
 * over the IPv6 pseudo-header (8.1); extension headers copied into every segment, or the frame refused
 * with its reason.
 */
class Ipv6TransmitOffloadsTest {
    private static final int L3 = EthernetView.HEADER_LENGTH;
    private static final int IPV6 = 40;

    /** A large TCP send over IPv6 as a stack hands it to a TSO NIC: headers once, TCP checksum left zero. */
    private static byte[] largeSend(int payload, int flags, int... extensionHeaders) {
        FrameBuilder b = FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8:1::2");
        for (int type : extensionHeaders) {
            b.extensionHeader(type);
        }
        byte[] f = b.tcp(11211, 40000).seq(0xfffff000).ack(77).flags(flags).timestamps(1000, 2000).payloadLength(payload).build();
        Bytes.setU16(f, L3 + IPV6 + 8 * extensionHeaders.length + 16, 0);
        return f;
    }

    private static List<byte[]> offload(byte[] frame, TxOffloadRequest request) {
        TransmitOffloads.Plan plan = TransmitOffloads.plan(frame, 0, frame.length, request);
        assertThat(plan.error()).isNull();
        assertThat(plan.ipv6()).isTrue();
        List<byte[]> out = new ArrayList<>();
        TransmitOffloads.apply(frame, 0, frame.length, request, plan, out::add);
        assertThat(out).hasSize(plan.segments());
        return out;
    }

    /** Whether the upper layer at {@code l4} verifies against the IPv6 pseudo-header of the frame's header. */
    private static boolean verifies(byte[] f, int l4, int protocol) {
        int l4Length = L3 + IPV6 + Bytes.u16(f, L3 + 4) - l4;
        return InternetChecksum.verifies(InternetChecksum.add(InternetChecksum.pseudoHeaderIpv6(f, L3, protocol, l4Length), f, l4, l4Length));
    }

    @Test
    void tsoCutsAnIpv6SendIntoMssFramesWithPayloadLengthsAndPseudoHeaderChecksums() {
        int mss = 1428;
        int payload = 10_000;
        byte[] send = largeSend(payload, TcpFlags.ACK | TcpFlags.PSH | TcpFlags.FIN);
        int tcpHeader = TcpView.over(send, L3 + IPV6, send.length - L3 - IPV6).headerLength();
        List<byte[]> segments = offload(send, TxOffloadRequest.tso(mss));
        assertThat(segments).hasSize(8);
        byte[] reassembled = new byte[payload];
        int at = 0;
        for (int i = 0; i < segments.size(); i++) {
            byte[] s = segments.get(i);
            boolean last = i == segments.size() - 1;
            int size = last ? payload - 7 * mss : mss;
            assertThat(Bytes.u16(s, L3 + 4)).as("payload length of segment %d", i).isEqualTo(tcpHeader + size);
            assertThat(Arrays.copyOfRange(s, L3, L3 + 4)).as("version, traffic class, flow label: as the prototype's")
                    .isEqualTo(Arrays.copyOfRange(send, L3, L3 + 4));
            TcpView tcp = TcpView.over(s, L3 + IPV6, tcpHeader + size);
            assertThat(tcp.seq()).isEqualTo(0xfffff000 + i * mss);
            assertThat(tcp.flags() & (TcpFlags.PSH | TcpFlags.FIN)).isEqualTo(last ? TcpFlags.PSH | TcpFlags.FIN : 0);
            assertThat(verifies(s, L3 + IPV6, IpProtocol.TCP)).as("TCP checksum of segment %d", i).isTrue();
            System.arraycopy(s, L3 + IPV6 + tcpHeader, reassembled, at, size);
            at += size;
        }
        assertThat(reassembled).isEqualTo(Arrays.copyOfRange(send, L3 + IPV6 + tcpHeader, send.length));
    }

    @Test
    void hopByHopAndDestinationOptionsAreCopiedIntoEverySegment() {
        byte[] send = largeSend(3_000, TcpFlags.ACK, IpProtocol.HOP_BY_HOP, IpProtocol.DESTINATION_OPTIONS, IpProtocol.ROUTING);
        int l4 = L3 + IPV6 + 24;
        int tcpHeader = TcpView.over(send, l4, send.length - l4).headerLength();
        List<byte[]> segments = offload(send, TxOffloadRequest.tso(1000));
        assertThat(segments).hasSize(3);
        for (byte[] s : segments) {
            assertThat(Arrays.copyOfRange(s, L3 + 6, L3 + IPV6 + 24)).as("next header, hop limit, addresses, extension headers")
                    .isEqualTo(Arrays.copyOfRange(send, L3 + 6, L3 + IPV6 + 24));
            assertThat(Bytes.u16(s, L3 + 4)).isEqualTo(24 + tcpHeader + 1000);
            assertThat(verifies(s, l4, IpProtocol.TCP)).isTrue();
        }
    }

    @Test
    void checksumOffloadFillsUdpAndTcpOverIpv6AndLeavesNoHeaderChecksumToFill() {
        byte[] udp = FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::3").extensionHeader(IpProtocol.DESTINATION_OPTIONS)
                .udp(11211, 40001).payloadLength(200).build();
        int l4 = L3 + IPV6 + 8;
        Bytes.setU16(udp, l4 + 6, 0);
        byte[] filled = offload(udp, TxOffloadRequest.CHECKSUMS).get(0);
        assertThat(verifies(filled, l4, IpProtocol.UDP)).isTrue();
        assertThat(Arrays.copyOfRange(filled, 0, l4)).isEqualTo(Arrays.copyOfRange(udp, 0, l4));

        byte[] tcp = largeSend(100, TcpFlags.ACK);
        assertThat(verifies(tcp, L3 + IPV6, IpProtocol.TCP)).isFalse();
        assertThat(verifies(offload(tcp, TxOffloadRequest.CHECKSUMS).get(0), L3 + IPV6, IpProtocol.TCP)).isTrue();
    }

    @Test
    void mutatedAndTruncatedIpv6FramesAreRefusedOrOffloadedNeverThrown() {
        Random random = new Random(14);
        List<byte[]> seeds = List.of(largeSend(3_000, TcpFlags.ACK),
                largeSend(2_000, TcpFlags.ACK | TcpFlags.FIN, IpProtocol.HOP_BY_HOP, IpProtocol.ROUTING, IpProtocol.DESTINATION_OPTIONS),
                FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::3").extensionHeader(IpProtocol.DESTINATION_OPTIONS)
                        .udp(11211, 40001).payloadLength(300).build());
        TxOffloadRequest[] requests = {TxOffloadRequest.CHECKSUMS, TxOffloadRequest.tso(536), new TxOffloadRequest(false, true, 0)};
        int refused = 0;
        int offloaded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] f = seeds.get(random.nextInt(seeds.size())).clone();
            // Flip a few bytes of the headers (IPv6 header, extension headers, upper-layer header), sometimes truncate.
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                f[L3 + random.nextInt(IPV6 + 24 + 20)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                f = Arrays.copyOf(f, L3 + random.nextInt(f.length - L3));
            }
            TxOffloadRequest request = requests[random.nextInt(requests.length)];
            TransmitOffloads.Plan plan = TransmitOffloads.plan(f, 0, f.length, request);
            if (plan.refused()) {
                refused++;
                continue;
            }
            List<byte[]> out = new ArrayList<>();
            TransmitOffloads.apply(f, 0, f.length, request, plan, out::add);
            assertThat(out).hasSize(plan.segments());
            offloaded++;
        }
        assertThat(refused).isPositive();
        assertThat(offloaded).isPositive();
    }

    @Test
    void chainsTheOffloadsDoNotPassOverAreRefusedWithTheirReason() {
        TxOffloadRequest tso = TxOffloadRequest.tso(1000);
        byte[] fragment = largeSend(3_000, TcpFlags.ACK, IpProtocol.FRAGMENT);
        assertThat(TransmitOffloads.plan(fragment, 0, fragment.length, tso).error()).isEqualTo(TxOffloadError.FRAGMENT);

        byte[] routing = largeSend(3_000, TcpFlags.ACK, IpProtocol.ROUTING);
        Bytes.setU8(routing, L3 + IPV6 + 3, 1);
        assertThat(TransmitOffloads.plan(routing, 0, routing.length, tso).error()).isEqualTo(TxOffloadError.IPV6_ROUTING);

        byte[] authentication = largeSend(3_000, TcpFlags.ACK, IpProtocol.HOP_BY_HOP);
        Bytes.setU8(authentication, L3 + 6, IpProtocol.AUTHENTICATION);
        assertThat(TransmitOffloads.plan(authentication, 0, authentication.length, tso).error()).isEqualTo(TxOffloadError.IPV6_EXTENSIONS);

        int[] nine = new int[TransmitOffloads.MAX_IPV6_EXTENSION_HEADERS + 1];
        Arrays.fill(nine, IpProtocol.DESTINATION_OPTIONS);
        byte[] tooMany = largeSend(100, TcpFlags.ACK, nine);
        assertThat(TransmitOffloads.plan(tooMany, 0, tooMany.length, TxOffloadRequest.CHECKSUMS).error())
                .isEqualTo(TxOffloadError.IPV6_EXTENSIONS);

        byte[] truncated = Arrays.copyOf(largeSend(0, TcpFlags.ACK, IpProtocol.HOP_BY_HOP), L3 + IPV6 + 4);
        assertThat(TransmitOffloads.plan(truncated, 0, truncated.length, TxOffloadRequest.CHECKSUMS).error())
                .isEqualTo(TxOffloadError.TRUNCATED_HEADERS);

        byte[] udp = FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::3").udp(1, 2).payloadLength(10).build();
        assertThat(TransmitOffloads.plan(udp, 0, udp.length, tso).error()).isEqualTo(TxOffloadError.TSO_NOT_TCP);
        Bytes.setU16(udp, L3 + 4, 500);
        assertThat(TransmitOffloads.plan(udp, 0, udp.length, TxOffloadRequest.CHECKSUMS).error()).isEqualTo(TxOffloadError.BAD_LENGTH);
    }
}
