package io.nicplan.flexnic.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Ipv6Field;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IPv6 frames (RFC 8200) through the FlexNIC parser: fields, extension headers, checksums, drops, RSS. */
class Ipv6ParserTest {

    private final Parser parser = new Parser(ParserConfig.DEFAULT);
    private final PacketMetadata m = new PacketMetadata();

    private boolean parse(byte[] frame) {
        return parser.parse(frame, 0, frame.length, m);
    }

    private long field(HeaderField f) {
        return m.field(f);
    }

    @Test
    void tcpOverIpv6ReadsAddressesPortsAndAGoodChecksum() {
        byte[] frame = FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1").ttl(61).dscp(10)
                .tcp(40000, 80).flags(TcpFlags.SYN).mss(1440).build();
        assertThat(parse(frame)).isTrue();
        assertThat(m.l3).isEqualTo(PacketMetadata.L3_IPV6);
        assertThat(m.l4).isEqualTo(PacketMetadata.L4_TCP);
        assertThat(field(HeaderField.ETH_TYPE)).isEqualTo(0x86dd);
        assertThat(field(HeaderField.IP_VERSION)).isEqualTo(6);
        assertThat(field(HeaderField.IP_TTL)).isEqualTo(61);
        assertThat(field(HeaderField.IP_DSCP)).isEqualTo(10);
        assertThat(field(HeaderField.IP_PROTO)).isEqualTo(6);
        assertThat(field(HeaderField.IP_SRC)).isZero();
        assertThat(field(HeaderField.IP6_EXT)).isZero();
        assertThat(Ipv6Field.SRC.get(m.fields)).isEqualTo(Ipv6Address.parse("2001:db8::2"));
        assertThat(Ipv6Field.DST.get(m.fields)).isEqualTo(Ipv6Address.parse("2001:db8::1"));
        assertThat(field(HeaderField.L4_DPORT)).isEqualTo(80);
        assertThat(field(HeaderField.TCP_FLAGS)).isEqualTo(TcpFlags.SYN);
        assertThat(field(HeaderField.L4_CSUM_OK)).isEqualTo(1);
        assertThat(independentChecksumOk(frame, 14, 54)).isTrue();
    }

    @Test
    void extensionHeadersAreWalkedCountedAndTheUpperLayerStillChecksums() {
        byte[] frame = FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1")
                .extensionHeader(0).extensionHeader(43).extensionHeader(44).extensionHeader(60)
                .udp(5000, 53).payloadLength(33).build();
        assertThat(parse(frame)).isTrue();
        assertThat(field(HeaderField.IP6_EXT)).isEqualTo(4);
        assertThat(field(HeaderField.IP_PROTO)).isEqualTo(17);
        assertThat(field(HeaderField.L4_DPORT)).isEqualTo(53);
        assertThat(field(HeaderField.L4_CSUM_OK)).isEqualTo(1);
        assertThat(m.payloadLength).isEqualTo(33);
        assertThat(independentChecksumOk(frame, 14, 14 + 40 + 32)).isTrue();
    }

    @Test
    void icmpv6ChecksumCoversThePseudoHeader() {
        // A neighbour solicitation (type 135) to a solicited-node group.
        byte[] frame = FrameBuilder.ethernet().ipv6("fe80::1", "ff02::1:ff00:1").ttl(255).icmp(135, 0, 0)
                .payloadLength(24).build();
        assertThat(parse(frame)).isTrue();
        assertThat(m.l4).isEqualTo(PacketMetadata.L4_ICMP6);
        assertThat(field(HeaderField.IP_PROTO)).isEqualTo(58);
        assertThat(field(HeaderField.L4_CSUM_OK)).isEqualTo(1);
        frame[14 + 8] ^= 1; // a different source address breaks the pseudo-header sum
        assertThat(parse(frame)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_L4_CHECKSUM);
    }

    @Test
    void badFramesAreDroppedByReasonNeverThrown() {
        byte[] good = FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1").udp(1, 2).payloadLength(10).build();
        byte[] badVersion = good.clone();
        badVersion[14] = 0x40;
        assertThat(parse(badVersion)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_VERSION);
        byte[] longPayload = good.clone();
        longPayload[14 + 4] = 0x10; // payload length 4096 + ... beyond the frame
        assertThat(parse(longPayload)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_LENGTH);
        byte[] zeroUdpChecksum = good.clone();
        zeroUdpChecksum[14 + 40 + 6] = 0;
        zeroUdpChecksum[14 + 40 + 7] = 0;
        assertThat(parse(zeroUdpChecksum)).as("RFC 8200 8.1: UDP over IPv6 must carry a checksum").isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_L4_CHECKSUM);
        assertThat(parse(java.util.Arrays.copyOf(good, 14 + 39))).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.TRUNCATED);

        FrameBuilder nine = FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1");
        for (int i = 0; i < Parser.MAX_IPV6_EXTENSION_HEADERS + 1; i++) {
            nine.extensionHeader(60);
        }
        assertThat(parse(nine.udp(1, 2).build())).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_IPV6_EXTENSIONS);
        byte[] runsPast = FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1").extensionHeader(0).udp(1, 2).build();
        runsPast[14 + 40 + 1] = 100; // hop-by-hop length far past the payload
        assertThat(parse(runsPast)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_IPV6_EXTENSIONS);
    }

    @Test
    void aNonAtomicFragmentIsNotParsedPastItsFragmentHeader() {
        byte[] frame = FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1").extensionHeader(44)
                .udp(5000, 53).payloadLength(16).build();
        frame[14 + 40 + 3] = 1; // M: more fragments follow
        assertThat(parse(frame)).isTrue();
        assertThat(m.fragment).isTrue();
        assertThat(m.l4).isEqualTo(PacketMetadata.L4_OTHER);
        assertThat(field(HeaderField.L4_DPORT)).isZero();
        assertThat(field(HeaderField.IP6_EXT)).isEqualTo(1);
    }

    @Test
    void anIpv4FrameAfterAnIpv6OneReadsNoIpv6Fields() {
        assertThat(parse(FrameBuilder.ethernet().ipv6("2001:db8::2", "2001:db8::1").extensionHeader(0).udp(1, 2).build()))
                .isTrue();
        assertThat(parse(FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").udp(1, 2).build())).isTrue();
        for (HeaderField f : List.of(HeaderField.IP6_SRC_W0, HeaderField.IP6_SRC_W3, HeaderField.IP6_DST_W0,
                HeaderField.IP6_DST_W3, HeaderField.IP6_EXT)) {
            assertThat(field(f)).as(f.fieldName()).isZero();
        }
    }

    /** Microsoft's IPv6 verification vectors, as TCP frames, hashed by the emulator's RSS. */
    @Test
    void emulatorRssReproducesMicrosoftIpv6Vectors() {
        String[][] vectors = {
            {"3ffe:2501:200:1fff::7", "2794", "3ffe:2501:200:3::1", "1766", "2cc18cd5", "40207d3d"},
            {"3ffe:501:8::260:97ff:fe40:efab", "14230", "ff02::1", "4739", "0f0c461c", "dde51bbf"},
            {"3ffe:1900:4545:3:200:f8ff:fe21:67cf", "44251", "fe80::200:f8ff:fe21:67cf", "38024", "4b61e985", "02d1feef"},
        };
        List<Integer> table = java.util.Collections.nCopies(128, 0);
        CompiledRss withPorts = new CompiledRss(Toeplitz.standardKey(), RssHashType.IP_TCP, table);
        CompiledRss addressesOnly = new CompiledRss(Toeplitz.standardKey(), RssHashType.IPV6, table);
        CompiledRss ipv4Only = new CompiledRss(Toeplitz.standardKey(), RssHashType.IPV4_L4, table);
        for (String[] v : vectors) {
            byte[] frame = FrameBuilder.ethernet().ipv6(v[0], v[2]).extensionHeader(60)
                    .tcp(Integer.parseInt(v[1]), Integer.parseInt(v[3])).build();
            assertThat(parse(frame)).isTrue();
            assertThat(withPorts.hash(m)).isEqualTo((int) Long.parseLong(v[5], 16));
            assertThat(addressesOnly.hash(m)).isEqualTo((int) Long.parseLong(v[4], 16));
            assertThat(ipv4Only.hash(m)).isZero();
        }
    }

    /** The upper-layer checksum recomputed from the definition (RFC 8200 8.1), 16-bit word by word. */
    private static boolean independentChecksumOk(byte[] frame, int ip, int upper) {
        int length = ((frame[ip + 4] & 0xff) << 8 | (frame[ip + 5] & 0xff)) - (upper - ip - 40);
        int nextHeader = frame[ip + 6] & 0xff;
        if (upper != ip + 40) {
            nextHeader = frame[upper - 8] & 0xff; // the last extension header names the upper layer
        }
        long sum = 0;
        for (int i = 0; i < 32; i += 2) {
            sum += (frame[ip + 8 + i] & 0xff) << 8 | (frame[ip + 8 + i + 1] & 0xff);
        }
        sum += length + nextHeader;
        for (int i = 0; i < length; i += 2) {
            int hi = frame[upper + i] & 0xff;
            int lo = i + 1 < length ? frame[upper + i + 1] & 0xff : 0;
            sum += hi << 8 | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum == 0xffff;
    }
}
