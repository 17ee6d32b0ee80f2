package io.nicplan.flexnic.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.Ipv4View;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.graph.predicate.HeaderField;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ParserTest {

    private final Parser parser = new Parser(ParserConfig.DEFAULT);
    private final PacketMetadata m = new PacketMetadata();

    @Test
    void aReusedMetadataReadsExactlyLikeAFreshOneForEveryKindOfFrame() {
        // The parser writes every field on each accepting path instead of clearing the array per
        // packet: fill the reused metadata with garbage before each frame and compare it with a
        // fresh parse of the same frame, over seeded mutated frames of every kind.
        java.util.Random random = new java.util.Random(31);
        java.util.List<byte[]> seeds = java.util.List.of(
                FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(40000, 80).flags(TcpFlags.SYN).build(),
                FrameBuilder.ethernet().vlan(7).ipv4("10.0.0.2", "10.0.0.1").udp(5000, 53).payloadLength(20).build(),
                FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").icmpEcho(1, 2).payloadLength(8).build(),
                firstFragment(),
                FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1").extensionHeader(0).extensionHeader(44)
                        .tcp(40000, 80).flags(TcpFlags.SYN).build(),
                FrameBuilder.ethernet().ipv6("2001:db8::2", "ff02::1").icmp(128, 0, 0x10002).payloadLength(8).build(),
                FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").ipProtocol(47).payloadLength(24).build(),
                FrameBuilder.ethernet().arpRequest(io.nicplan.net.MacAddress.parse("02:00:00:00:00:07"),
                        io.nicplan.net.Ipv4Address.parse("10.0.0.7"),
                        io.nicplan.net.Ipv4Address.parse("10.0.0.1")).build());
        PacketMetadata reused = new PacketMetadata();
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = seeds.get(random.nextInt(seeds.size())).clone();
            if (random.nextBoolean()) {
                frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
            }
            // The header fields only: the zero slot past them is never written (KeyPacking relies on it).
            Arrays.fill(reused.fields, 0, PacketMetadata.FIELD_COUNT, random.nextLong());
            PacketMetadata fresh = new PacketMetadata();
            boolean ok = new Parser(ParserConfig.DEFAULT).parse(frame, 0, frame.length, fresh);
            assertThat(parser.parse(frame, 0, frame.length, reused)).isEqualTo(ok);
            assertThat(reused.fields).as("frame %d", i).containsExactly(fresh.fields);
            if (!ok) {
                assertThat(reused.fields).containsOnly(0L);
            }
            accepted += ok ? 1 : 0;
        }
        assertThat(accepted).isBetween(5_000, 19_000);
    }

    /** A UDP datagram's first fragment (MF set), its IPv4 checksum recomputed. */
    private static byte[] firstFragment() {
        byte[] frame = FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").udp(1, 2).payloadLength(30).build();
        frame[14 + 6] |= 0x20;
        Ipv4View.over(frame, 14, frame.length - 14).fillChecksum();
        return frame;
    }

    @Test
    void fillsFieldsAndOffsetsOfATcpSegment() {
        byte[] frame = FrameBuilder.ethernet().vlan(12).ipv4("10.0.0.2", "10.0.0.1").dscp(46).ttl(9)
                .tcp(40000, 80).flags(TcpFlags.SYN).mss(1460).timestamps(5, 0).payloadLength(7).build();
        assertThat(parser.parse(frame, 0, frame.length, m)).isTrue();
        assertThat(m.field(HeaderField.ETH_TYPE)).isEqualTo(0x0800);
        assertThat(m.field(HeaderField.VLAN_ID)).isEqualTo(12);
        assertThat(m.field(HeaderField.IP_SRC)).isEqualTo(0x0a000002L);
        assertThat(m.field(HeaderField.IP_DST)).isEqualTo(0x0a000001L);
        assertThat(m.field(HeaderField.IP_DSCP)).isEqualTo(46);
        assertThat(m.field(HeaderField.IP_TTL)).isEqualTo(9);
        assertThat(m.field(HeaderField.IP_PROTO)).isEqualTo(6);
        assertThat(m.field(HeaderField.L4_SPORT)).isEqualTo(40000);
        assertThat(m.field(HeaderField.L4_DPORT)).isEqualTo(80);
        assertThat(m.field(HeaderField.TCP_FLAGS)).isEqualTo(TcpFlags.SYN);
        assertThat(m.field(HeaderField.L4_CSUM_OK)).isEqualTo(1);
        assertThat(m.l3Offset()).isEqualTo(18);
        assertThat(m.l4Offset()).isEqualTo(38);
        assertThat(m.payloadOffset()).isEqualTo(38 + 20 + 16);
        assertThat(m.payloadLength()).isEqualTo(7);
        assertThat(m.isTcp()).isTrue();
    }

    @Test
    void parsesAtAnOffsetInsideALargerBuffer() {
        byte[] frame = FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").udp(1, 2).payloadLength(3).build();
        byte[] buffer = new byte[frame.length + 100];
        System.arraycopy(frame, 0, buffer, 37, frame.length);
        assertThat(parser.parse(buffer, 37, frame.length, m)).isTrue();
        assertThat(m.l4Offset()).isEqualTo(37 + 34);
        assertThat(m.field(HeaderField.L4_DPORT)).isEqualTo(2);
    }

    @Test
    void skipsIpv4OptionsToFindTheTransportHeader() {
        byte[] plain = FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").udp(7, 9).payloadLength(4).padTo(0).build();
        // Insert 4 bytes of options (NOP NOP NOP EOL) after the 20-byte IPv4 header.
        byte[] frame = new byte[plain.length + 4];
        System.arraycopy(plain, 0, frame, 0, 34);
        frame[34] = 1;
        frame[35] = 1;
        frame[36] = 1;
        frame[37] = 0;
        System.arraycopy(plain, 34, frame, 38, plain.length - 34);
        Ipv4View ip = Ipv4View.over(frame, 14, frame.length - 14);
        ip.setVersionAndIhl(4, 6);
        ip.setTotalLength(ip.totalLength() + 4);
        ip.fillChecksum();
        assertThat(parser.parse(frame, 0, frame.length, m)).as("drop reason %s", m.dropReason()).isTrue();
        assertThat(m.field(HeaderField.IP_IHL)).isEqualTo(6);
        assertThat(m.l4Offset()).isEqualTo(38);
        assertThat(m.field(HeaderField.L4_SPORT)).isEqualTo(7);
        assertThat(m.field(HeaderField.L4_DPORT)).isEqualTo(9);
    }

    @Test
    void fieldsOfAbsentHeadersReadZeroAfterAPreviousPacket() {
        byte[] tcp = FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(5, 6).build();
        byte[] arp = FrameBuilder.ethernet().arpRequest(io.nicplan.net.MacAddress.parse("02:00:00:00:00:05"),
                io.nicplan.net.Ipv4Address.parse("10.0.0.5"), io.nicplan.net.Ipv4Address.parse("10.0.0.1")).build();
        parser.parse(tcp, 0, tcp.length, m);
        assertThat(parser.parse(arp, 0, arp.length, m)).isTrue();
        assertThat(m.field(HeaderField.IP_SRC)).isZero();
        assertThat(m.field(HeaderField.L4_DPORT)).isZero();
        assertThat(m.field(HeaderField.ETH_MCAST)).isEqualTo(1);
        assertThat(m.l3()).isEqualTo(PacketMetadata.L3_ARP);
    }

    @Test
    void markModeFlagsBadChecksumsInsteadOfDropping() {
        Parser marking = new Parser(new ParserConfig(ParserConfig.STANDARD_MAX_FRAME, false));
        byte[] frame = FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(5, 6).build();
        frame[14 + 10] ^= 1;
        frame[34 + 16] ^= 1;
        assertThat(parser.parse(frame, 0, frame.length, m)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_IP_CHECKSUM);
        assertThat(marking.parse(frame, 0, frame.length, m)).isTrue();
        assertThat(m.field(HeaderField.IP_CSUM_OK)).isZero();
        assertThat(m.field(HeaderField.L4_CSUM_OK)).isZero();
    }

    @Test
    void everyPrefixOfAValidFrameIsRejectedOrAcceptedWithoutThrowing() {
        byte[] frame = FrameBuilder.ethernet().vlan(3).ipv4("10.0.0.2", "10.0.0.1").tcp(5, 6).timestamps(1, 2)
                .payloadLength(30).build();
        for (int length = 0; length <= frame.length; length++) {
            boolean accepted = parser.parse(Arrays.copyOf(frame, length), 0, length, m);
            assertThat(accepted).as("prefix of %d bytes", length).isEqualTo(length == frame.length);
            if (!accepted) {
                assertThat(m.dropReason()).isIn(DropReason.TRUNCATED, DropReason.BAD_LENGTH);
            }
        }
    }
}
