package io.nicplan.descriptions.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigFunctionTest {

    private static Map<String, Resource> resources(Object... nameAndCapacity) {
        java.util.Map<String, Resource> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameAndCapacity.length; i += 2) {
            String name = (String) nameAndCapacity[i];
            m.put(name, new Resource(name, ((Number) nameAndCapacity[i + 1]).longValue()));
        }
        return m;
    }

    @Test
    void typesPrintAsTheConventionsDocumentWritesThem() {
        Map<String, Resource> r = resources(Resource.RX_QUEUES, 128, Resource.FIVETUPLE_FILTERS, 128,
                Resource.RSS_QUEUES, 16, Resource.RSS_TABLE_ENTRIES, 128);
        assertThat(ConfigFunction.FIVETUPLE.expectedType(r).orElseThrow()).hasToString(
                "[(proto: <Enum(tcp, udp, sctp, other)>, src_ip: <UInt 32>, dst_ip: <UInt 32>, src_port: <UInt 16>,"
                        + " dst_port: <UInt 16>, priority: Int 1 7, queue: Int 0 127)]<0,128>");
        assertThat(ConfigFunction.RSS.expectedType(r).orElseThrow()).hasToString(
                "(hash: Enum(ipv4, ipv4_tcp, ipv4_udp, ipv4_l4, ipv6, ipv6_tcp, ipv6_udp, ipv6_l4, ip, ip_tcp, ip_udp, ip_l4),"
                        + " key: <[UInt 8]<40,40>>, table: [Int 0 15]<128,128>)");
        assertThat(ConfigFunction.RSS.alternativeType(r).orElseThrow()).as("a NIC whose RSS hashes IPv4 only").hasToString(
                "(hash: Enum(ipv4, ipv4_tcp, ipv4_udp, ipv4_l4), key: <[UInt 8]<40,40>>, table: [Int 0 15]<128,128>)");
        assertThat(ConfigFunction.RSS.alternativeTypes(r)).as("IPv4 only, or with the _ex names").extracting(Object::toString)
                .containsExactly("(hash: Enum(ipv4, ipv4_tcp, ipv4_udp, ipv4_l4), key: <[UInt 8]<40,40>>, table: [Int 0 15]<128,128>)",
                        "(hash: Enum(ipv4, ipv4_tcp, ipv4_udp, ipv4_l4, ipv6, ipv6_tcp, ipv6_udp, ipv6_l4, ip, ip_tcp, ip_udp, ip_l4,"
                                + " ipv6_ex, ipv6_tcp_ex, ipv6_udp_ex, ipv6_l4_ex, ip_ex, ip_tcp_ex, ip_udp_ex, ip_l4_ex),"
                                + " key: <[UInt 8]<40,40>>, table: [Int 0 15]<128,128>)");
        assertThat(ConfigFunction.SYN.expectedType(r).orElseThrow()).hasToString("<Int 0 127>");
        assertThat(ConfigFunction.QUEUES.expectedType(r).orElseThrow()).hasToString("[Int 0 127]<1,128>");
        assertThat(ConfigFunction.CSUM_OFFLOAD.expectedType(Map.of()).orElseThrow()).isEqualTo(ConfigType.BOOL);
    }

    @Test
    void aMissingOrEmptyQueueResourceGivesNoType() {
        assertThat(ConfigFunction.FDIR.expectedType(resources(Resource.RX_QUEUES, 4))).isEmpty();
        assertThat(ConfigFunction.SYN.expectedType(resources(Resource.RX_QUEUES, 0))).isEmpty();
        assertThat(ConfigFunction.FLEXTCP.expectedType(resources(Resource.RX_QUEUES, 4, Resource.FLOWSTATE_SLOTS, 0)))
                .hasValueSatisfying(t -> assertThat(t).hasToString(
                        "[(src_ip: UInt 32, dst_ip: UInt 32, src_port: UInt 16, dst_port: UInt 16, queue: Int 0 3)]<0,0>"));
    }

    @Test
    void functionsAreFoundByTheirUnicornName() {
        assertThat(ConfigFunction.byName("ma_table")).contains(ConfigFunction.MA_TABLE);
        assertThat(ConfigFunction.byName("csum_offload")).contains(ConfigFunction.CSUM_OFFLOAD);
        assertThat(ConfigFunction.byName("MA_TABLE")).isEmpty();
        assertThat(ConfigFunction.RSS.ports()).containsExactly("queues");
        assertThat(ConfigFunction.RSS.queuePortResource()).isEqualTo(Resource.RSS_QUEUES);
    }
}
