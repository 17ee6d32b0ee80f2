package io.nicplan.flexnic.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.classify.Placement;
import io.nicplan.embed.config.Configuration;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Ipv6Field;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code _ex} RSS hash types over byte frames carrying Mobile IPv6's extension headers (RFC 6275): a Home Address
 * destination option (6.3) replaces the source, a type-2 routing header (6.4) the destination (Microsoft, "RSS hashing
 * types", NDIS_HASH_IPV6_EX). The emulator's hash is the Toeplitz hash over the substituted addresses, the embedder's
 * classification of the flow as the transport sees it (home address as its end) picks the same queue of the 82599's
 * table, and without {@code _ex} the header's addresses are hashed.
 */
class Ipv6ExtensionHashTest {
    private static final Ipv6Address CARE_OF = Ipv6Address.parse("2001:db8:99::7");
    private static final Ipv6Address HOME = Ipv6Address.parse("2001:db8:1::5");
    private static final Ipv6Address LOCAL = Ipv6Address.parse("2001:db8::1");
    private static final Ipv6Address PEER = Ipv6Address.parse("2001:db8:5::9");

    private final Parser parser = new Parser(ParserConfig.DEFAULT);
    private final PacketMetadata m = new PacketMetadata();
    private final Embedder embedder = Embedder.standard();
    private final DataflowGraph intel82599 = Descriptions.graph("intel-82599");

    private static final List<Integer> TABLE = table();

    private static List<Integer> table() {
        List<Integer> t = new ArrayList<>();
        for (int b = 0; b < 128; b++) {
            t.add(b % 16);
        }
        return t;
    }

    private static int toeplitz(Ipv6Address src, Ipv6Address dst, int sport, int dport) {
        return Toeplitz.standard().hashIpv6(src.high(), src.low(), dst.high(), dst.low(), sport, dport);
    }

    private int emulatorHash(RssHashType type) {
        return new CompiledRss(Toeplitz.standardKey(), type, TABLE).hash(m);
    }

    private boolean parse(byte[] frame) {
        return parser.parse(frame, 0, frame.length, m);
    }

    /** The 82599's queue for a flow of {@code proto} from {@code src} to {@code dst} under {@code hash}, by classification. */
    private int classifiedQueue(String hash, String proto, Ipv6Address src, int sport, Ipv6Address dst, int dport) {
        var state = embedder.readState("""
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv6": ["%s", "%s"]}],
                 "applications": [{"name": "app", "cores": [0]}],
                 "endpoints": [{"name": "e", "proto": "%s", "local": "*:%d", "application": "app", "sockets": [{"core": 0}]}],
                 "flows": [{"id": "f", "proto": "%s", "src": "[%s]:%d", "dst": "[%s]:%d", "pps": 1000, "bytes": 128}]}
                """.formatted(LOCAL, HOME, proto, dport, proto, src, sport, dst, dport));
        StringBuilder table = new StringBuilder();
        TABLE.forEach(q -> table.append(table.length() == 0 ? "" : ",").append(q));
        Configuration c = embedder.readConfiguration(intel82599, "{\"Rss\": {\"hash\": \"" + hash + "\", \"table\": [" + table + "]}}");
        Placement p = embedder.classify(intel82599, state, c).placements().get(0);
        return p.queue().orElseThrow();
    }

    @Test
    void aHomeAddressOptionIsHashedAsTheSourceUnderExOnly() {
        byte[] frame = FrameBuilder.ethernet().ipv6(CARE_OF, LOCAL).homeAddressOption(HOME).udp(40001, 11211)
                .payloadLength(20).build();
        assertThat(parse(frame)).isTrue();
        // the header's source is still the care-of address; the checksum was computed over the home address
        assertThat(Ipv6Field.SRC.get(m.fields)).isEqualTo(CARE_OF);
        assertThat(m.field(HeaderField.IP6_EXT)).isEqualTo(1);
        assertThat(m.field(HeaderField.L4_CSUM_OK)).isEqualTo(1);

        int overHome = toeplitz(HOME, LOCAL, 40001, 11211);
        int overCareOf = toeplitz(CARE_OF, LOCAL, 40001, 11211);
        assertThat(overHome).isNotEqualTo(overCareOf);
        for (RssHashType ex : List.of(RssHashType.IPV6_UDP_EX, RssHashType.IPV6_L4_EX, RssHashType.IP_UDP_EX, RssHashType.IP_L4_EX)) {
            assertThat(emulatorHash(ex)).as(ex.symbol()).isEqualTo(overHome);
        }
        assertThat(emulatorHash(RssHashType.IPV6_UDP)).isEqualTo(overCareOf);
        assertThat(emulatorHash(RssHashType.IP_L4)).isEqualTo(overCareOf);
        assertThat(emulatorHash(RssHashType.IPV6_EX)).isEqualTo(Toeplitz.standard().hashIpv6(HOME.high(), HOME.low(),
                LOCAL.high(), LOCAL.low()));

        // classification sees the flow as UDP does (from the home address): the same queue as the emulator under _ex
        int queue = TABLE.get(overHome & 127);
        assertThat(classifiedQueue("ipv6_udp_ex", "udp", HOME, 40001, LOCAL, 11211)).isEqualTo(queue);
        assertThat(new CompiledRss(Toeplitz.standardKey(), RssHashType.IPV6_UDP_EX, TABLE).queue(emulatorHash(RssHashType.IPV6_UDP_EX)))
                .isEqualTo(queue);
    }

    @Test
    void aType2RoutingHeaderIsHashedAsTheDestinationUnderExOnly() {
        byte[] frame = FrameBuilder.ethernet().ipv6(PEER, CARE_OF).type2RoutingHeader(HOME).tcp(50001, 80).build();
        assertThat(parse(frame)).isTrue();
        assertThat(Ipv6Field.DST.get(m.fields)).isEqualTo(CARE_OF);
        assertThat(m.field(HeaderField.L4_CSUM_OK)).isEqualTo(1);

        int overHome = toeplitz(PEER, HOME, 50001, 80);
        assertThat(emulatorHash(RssHashType.IPV6_TCP_EX)).isEqualTo(overHome);
        assertThat(emulatorHash(RssHashType.IPV6_TCP)).isEqualTo(toeplitz(PEER, CARE_OF, 50001, 80));
        assertThat(classifiedQueue("ipv6_tcp_ex", "tcp", PEER, 50001, HOME, 80)).isEqualTo(TABLE.get(overHome & 127));
    }

    @Test
    void bothHeadersTogetherReplaceBothAddresses() {
        // RFC 6275 6.3: the Home Address option comes after the routing header
        Ipv6Address peerHome = Ipv6Address.parse("2001:db8:2::2");
        byte[] frame = FrameBuilder.ethernet().ipv6(CARE_OF, Ipv6Address.parse("2001:db8:98::8"))
                .type2RoutingHeader(peerHome).homeAddressOption(HOME).udp(7, 9).build();
        assertThat(parse(frame)).isTrue();
        assertThat(m.field(HeaderField.IP6_EXT)).isEqualTo(2);
        assertThat(m.field(HeaderField.L4_CSUM_OK)).isEqualTo(1);
        assertThat(emulatorHash(RssHashType.IP_L4_EX)).isEqualTo(toeplitz(HOME, peerHome, 7, 9));
    }

    @Test
    void withoutMobilityHeadersAnExTypeHashesTheHeadersAddresses() {
        byte[] frame = FrameBuilder.ethernet().ipv6(PEER, LOCAL).extensionHeader(60).extensionHeader(43).udp(1000, 2000).build();
        assertThat(parse(frame)).isTrue();
        int plain = toeplitz(PEER, LOCAL, 1000, 2000);
        assertThat(emulatorHash(RssHashType.IPV6_UDP_EX)).isEqualTo(plain);
        assertThat(emulatorHash(RssHashType.IPV6_UDP)).isEqualTo(plain);
        assertThat(classifiedQueue("ip_l4_ex", "udp", PEER, 1000, LOCAL, 2000)).isEqualTo(TABLE.get(plain & 127));
    }

    @Test
    void theChecksumCoversTheHomeAddressSoAnAlteredOneFailsIt() {
        byte[] frame = FrameBuilder.ethernet().ipv6(CARE_OF, LOCAL).homeAddressOption(HOME).udp(40001, 11211).build();
        int homeAt = 14 + 40 + 8; // destination options header: 2 bytes, PadN of 4, option type and length
        frame[homeAt + 15] ^= 1;
        assertThat(parse(frame)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_L4_CHECKSUM);
    }

    @Test
    void malformedMobilityHeadersAreDroppedAsBadExtensions() {
        byte[] hao = FrameBuilder.ethernet().ipv6(CARE_OF, LOCAL).homeAddressOption(HOME).udp(1, 2).build();
        hao[14 + 40 + 7] = 8; // the option's length: RFC 6275 6.3 says 16
        assertThat(parse(hao)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_IPV6_EXTENSIONS);

        byte[] overrun = FrameBuilder.ethernet().ipv6(CARE_OF, LOCAL).homeAddressOption(HOME).udp(1, 2).build();
        overrun[14 + 40 + 7] = 17; // past the header's 24 bytes
        assertThat(parse(overrun)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_IPV6_EXTENSIONS);

        byte[] rh2 = FrameBuilder.ethernet().ipv6(PEER, CARE_OF).type2RoutingHeader(HOME).udp(1, 2).build();
        rh2[14 + 40 + 3] = 0; // segments left: RFC 6275 6.4 says 1
        assertThat(parse(rh2)).isFalse();
        assertThat(m.dropReason()).isEqualTo(DropReason.BAD_IPV6_EXTENSIONS);
    }
}
