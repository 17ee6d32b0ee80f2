package io.nicplan.flexnic.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PacketViewsTest {

    private static final Ipv4Address A = Ipv4Address.parse("192.0.2.1");
    private static final Ipv4Address B = Ipv4Address.parse("198.51.100.7");

    @Test
    void ipv4HeaderChecksumMatchesAWorkedExample() {
        // A commonly worked example header (192.168.0.1 -> 192.168.0.199, UDP, total length 115).
        byte[] header = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        assertThat(InternetChecksum.of(header, 0, 20)).isEqualTo(0xb861);
        Ipv4View view = Ipv4View.over(header, 0, header.length);
        view.fillChecksum();
        assertThat(view.checksum()).isEqualTo(0xb861);
        assertThat(view.verifyChecksum()).isTrue();
        header[8] = 63; // TTL changes, checksum no longer matches
        assertThat(view.verifyChecksum()).isFalse();
    }

    @Test
    void checksumOfOddLengthPadsWithZero() {
        byte[] odd = {0x01, 0x02, 0x03};
        byte[] even = {0x01, 0x02, 0x03, 0x00};
        assertThat(InternetChecksum.of(odd, 0, 3)).isEqualTo(InternetChecksum.of(even, 0, 4));
    }

    @Test
    void wordAtATimeChecksumEqualsTheSixteenBitDefinitionForAnyOffsetAndLength() {
        // RFC 1071's definition, one 16-bit word at a time, against the 8-byte reads of add().
        java.util.Random random = new java.util.Random(21);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[1 + random.nextInt(1600)];
            random.nextBytes(b);
            if (round % 7 == 0) {
                java.util.Arrays.fill(b, (byte) 0xff); // many carries
            }
            int offset = random.nextInt(b.length);
            int length = random.nextInt(b.length - offset + 1);
            long sum = 0;
            for (int i = 0; i < length; i += 2) {
                sum += (b[offset + i] & 0xff) << 8 | (i + 1 < length ? b[offset + i + 1] & 0xff : 0);
            }
            while ((sum >>> 16) != 0) {
                sum = (sum & 0xffff) + (sum >>> 16);
            }
            assertThat(InternetChecksum.of(b, offset, length)).as("offset %d length %d", offset, length)
                    .isEqualTo(~(int) sum & 0xffff);
            if (length >= 20) {
                assertThat(InternetChecksum.fold(InternetChecksum.addIpv4Header(b, offset)))
                        .isEqualTo(InternetChecksum.fold(InternetChecksum.add(0, b, offset, 20)));
            }
        }
    }

    @Test
    void tcpSegmentWithOptionsRoundTripsThroughTheBuilder() {
        byte[] frame = FrameBuilder.ethernet().ipv4(A, B).tcp(40000, 443).seq(0xfffffff0).ack(7)
                .flags(TcpFlags.SYN | TcpFlags.ACK).window(29200).mss(1460).windowScale(7).sackPermitted()
                .timestamps(123456, 654321).payloadLength(10).build();

        EthernetRepr eth = EthernetRepr.parse(EthernetView.over(frame, 0, frame.length));
        assertThat(eth.etherType()).isEqualTo(EtherType.IPV4);
        Ipv4View ip = Ipv4View.over(frame, 14, frame.length - 14);
        Ipv4Repr ipRepr = Ipv4Repr.parse(ip);
        assertThat(ipRepr).isEqualTo(new Ipv4Repr(A, B, IpProtocol.TCP, 20 + 24 + 10, 64, 0, 0, 0, true));
        TcpView tcp = TcpView.over(frame, ip.payloadOffset(), ip.payloadLength());
        TcpRepr tcpRepr = TcpRepr.parse(tcp, A.bits(), B.bits(), ip.payloadLength());
        assertThat(tcpRepr).isEqualTo(TcpRepr.of(40000, 443, 0xfffffff0, 7, TcpFlags.SYN | TcpFlags.ACK, 29200)
                .withMss(1460).withWindowScale(7).withSackPermitted().withTimestamps(123456, 654321)
                .withPayload(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        assertThat(tcp.headerLength()).isEqualTo(44);
        TcpOptions options = tcp.options(new TcpOptions());
        assertThat(options.mss()).isEqualTo(1460);
        assertThat(options.windowScale()).isEqualTo(7);
        assertThat(options.sackPermitted()).isTrue();
        assertThat(options.timestampValue()).isEqualTo(123456);
        assertThat(options.timestampEchoReply()).isEqualTo(654321);
    }

    @Test
    void viewsWriteFieldsInPlace() {
        byte[] frame = FrameBuilder.ethernet().ipv4(A, B).udp(1, 2).payloadLength(4).build();
        Ipv4View ip = Ipv4View.over(frame, 14, frame.length - 14);
        UdpView udp = UdpView.over(frame, ip.payloadOffset(), ip.payloadLength());
        udp.setDstPort(5353);
        assertThat(udp.verifyChecksum(A.bits(), B.bits())).isFalse();
        udp.fillChecksum(A.bits(), B.bits());
        assertThat(UdpRepr.parse(udp, A.bits(), B.bits())).isEqualTo(new UdpRepr(1, 5353, new byte[] {0, 1, 2, 3}));
        ip.setTtl(1);
        ip.fillChecksum();
        assertThat(Ipv4Repr.parse(ip).ttl()).isEqualTo(1);
    }

    @Test
    void udpChecksumZeroMeansNone() {
        byte[] frame = FrameBuilder.ethernet().ipv4(A, B).udp(1, 2).payloadLength(3).build();
        UdpView udp = UdpView.over(frame, 34, frame.length - 34);
        udp.setChecksum(0);
        assertThat(udp.verifyChecksum(A.bits(), B.bits())).isTrue();
    }

    @Test
    void icmpArpAndVlanRoundTrip() {
        byte[] ping = FrameBuilder.ethernet().vlan(100, 5).ipv4(A, B).icmpEcho(0x1234, 9).payloadLength(8).build();
        VlanRepr tag = VlanRepr.parse(VlanView.over(ping, 14, ping.length - 14));
        assertThat(tag).isEqualTo(new VlanRepr(5, false, 100, EtherType.IPV4));
        IcmpView icmp = IcmpView.over(ping, 38, ping.length - 38);
        assertThat(IcmpRepr.parse(icmp, 16)).isEqualTo(IcmpRepr.echoRequest(0x1234, 9, new byte[] {0, 1, 2, 3, 4, 5, 6, 7}));
        assertThat(icmp.echoIdentifier()).isEqualTo(0x1234);
        assertThat(icmp.echoSequence()).isEqualTo(9);

        MacAddress mac = MacAddress.parse("02:aa:bb:cc:dd:ee");
        byte[] arp = FrameBuilder.ethernet().arpRequest(mac, A, B).build();
        assertThat(new MacAddress(EthernetView.over(arp, 0, arp.length).dst())).isEqualTo(MacAddress.BROADCAST);
        assertThat(ArpRepr.parse(ArpView.over(arp, 14, arp.length - 14)))
                .isEqualTo(new ArpRepr(ArpView.OP_REQUEST, mac, A, new MacAddress(0), B));
    }

    @Test
    void shortFramesArePaddedToTheEthernetMinimum() {
        assertThat(FrameBuilder.ethernet().ipv4(A, B).tcp(1, 2).build()).hasSize(60);
        assertThat(FrameBuilder.ethernet().ipv4(A, B).tcp(1, 2).padTo(0).build()).hasSize(54);
        assertThat(FrameBuilder.ethernet().ipv4(A, B).udp(1, 2).payloadLength(100).build()).hasSize(142);
    }

    @Test
    void reprsRejectMalformedHeadersNamingTheField() {
        byte[] frame = FrameBuilder.ethernet().ipv4(A, B).tcp(1, 2).build();
        Ipv4View ip = Ipv4View.over(frame, 14, frame.length - 14);
        ip.setTotalLength(500);
        assertThatThrownBy(() -> Ipv4Repr.parse(ip)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("total length 500");
        ip.setTotalLength(40);
        frame[14 + 20 + 16] ^= 1;
        TcpView tcp = TcpView.over(frame, 34, frame.length - 34);
        assertThatThrownBy(() -> TcpRepr.parse(tcp, A.bits(), B.bits(), 20))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("TCP checksum");
        tcp.setDataOffset(2);
        assertThatThrownBy(() -> TcpRepr.parse(tcp, A.bits(), B.bits(), 20))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("data offset 2");
    }

    @Test
    void malformedTcpOptionsAreFlagged() {
        byte[] options = {TcpOptions.KIND_NOP, TcpOptions.KIND_MSS, 4, 0x05};
        assertThat(new TcpOptions().parse(options, 0, options.length).malformed()).isTrue();
        byte[] zeroLength = {TcpOptions.KIND_TIMESTAMPS, 0, 0, 0};
        assertThat(new TcpOptions().parse(zeroLength, 0, zeroLength.length).malformed()).isTrue();
        byte[] unknownThenEnd = {30, 3, 1, TcpOptions.KIND_END};
        TcpOptions parsed = new TcpOptions().parse(unknownThenEnd, 0, unknownThenEnd.length);
        assertThat(parsed.malformed()).isFalse();
        assertThat(parsed.mss()).isEqualTo(-1);
    }

    @Test
    void tcpReprRefusesWindowScaleAboveFourteen() {
        assertThatThrownBy(() -> new TcpRepr(1, 2, 0, 0, 0, 0, OptionalInt.empty(), OptionalInt.of(15), false,
                Optional.empty(), new byte[0])).hasMessageContaining("window scale must be 0..14");
    }

    @Test
    void tcpFlagsParse() {
        assertThatThrownBy(() -> TcpFlags.parse("SX")).hasMessageContaining("unknown TCP flag 'X'");
        assertThat(TcpFlags.parse("S.")).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    }
}
