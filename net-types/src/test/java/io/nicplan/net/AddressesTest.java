package io.nicplan.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Moved from the emulator's PacketViewsTest when the two address types became one. */
class AddressesTest {

    @Test
    void addressesParseAndPrint() {
        assertThat(Ipv4Address.parse("10.0.0.1").value()).isEqualTo(0x0a000001);
        assertThat(Ipv4Address.parse("255.255.255.255").value()).isEqualTo(0xffffffffL);
        assertThat(new Ipv4Address(0xc0a80001).toString()).isEqualTo("192.168.0.1");
        assertThat(MacAddress.parse("02-00-00-00-00-0A").toString()).isEqualTo("02:00:00:00:00:0a");
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
        assertThatThrownBy(() -> Ipv4Address.parse("10.0.0.256")).hasMessageContaining("bad octet '256'");
        assertThatThrownBy(() -> Ipv4Address.parse("10.0.0")).hasMessageContaining("four dotted octets");
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00:zz")).hasMessageContaining("bad octet 'zz'");
    }

    @Test
    void inputFilesReadOnlyTheCanonicalForms() {
        assertThat(Ipv4Address.tryParse("10.0.0.300")).isEmpty();
        assertThat(Ipv4Address.tryParse("+1.0.0.1")).isEmpty();
        assertThat(Ipv4Address.tryParse("10.0.0.1")).contains(Ipv4Address.of(0x0a000001L));
        assertThat(MacAddress.tryParseCanonical("02-00-00-00-00-01")).isEmpty();
        assertThat(MacAddress.tryParseCanonical("2:0:0:0:0:1")).isEmpty();
        assertThat(MacAddress.tryParseCanonical("02:00:00:00:00:0A")).contains(new MacAddress(0x02000000000aL));
    }

    @Test
    void rssHashTypesHashPortsOnlyForTheProtocolsTheyName() {
        assertThat(RssHashType.IPV4_TCP.hashesPorts(6)).isTrue();
        assertThat(RssHashType.IPV4_TCP.hashesPorts(17)).isFalse();
        assertThat(RssHashType.IPV4_L4.hashesUdpPorts()).isTrue();
        assertThat(RssHashType.bySymbol("ipv4_udp")).contains(RssHashType.IPV4_UDP);
        assertThat(RssHashType.bySymbol("ipv6_tcp")).contains(RssHashType.IPV6_TCP);
        assertThat(RssHashType.bySymbol("ipv6_ex")).contains(RssHashType.IPV6_EX);
        assertThat(RssHashType.bySymbol("ipv4_ex")).as("no IPv4 extension variant").isEmpty();
        assertThat(RssHashType.values()).filteredOn(RssHashType::hashesIpv6Extensions).extracting(RssHashType::symbol)
                .containsExactly("ipv6_ex", "ipv6_tcp_ex", "ipv6_udp_ex", "ipv6_l4_ex", "ip_ex", "ip_tcp_ex", "ip_udp_ex", "ip_l4_ex")
                .allMatch(s -> RssHashType.bySymbol(s).orElseThrow().hashesIpv6());
        assertThat(RssHashType.IP_TCP_EX.hashesPorts(6)).isTrue();
        assertThat(RssHashType.IP_TCP_EX.hashesPorts(17)).isFalse();
    }
}
