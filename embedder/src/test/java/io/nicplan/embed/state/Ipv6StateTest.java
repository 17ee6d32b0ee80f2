package io.nicplan.embed.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.embed.input.InputProblem;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.net.Ipv6Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A protocol state with IPv6: interfaces list {@code ipv6} beside {@code ipv4}; {@code [addr]:port}. */
class Ipv6StateTest {

    private static final String INTERFACES = """
            "interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1"],
                            "ipv6": ["2001:DB8::1", "fe80::1"]},
                           {"name": "eth1", "mac": "02:00:00:00:00:02", "ipv6": ["2001:db8:1::1"]}],
            "applications": [{"name": "app", "cores": [0]}]
            """;

    private static List<InputProblem> problems(String json) {
        try {
            ProtocolStateJson.read(json);
        } catch (InvalidInputException e) {
            return e.problems();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void readsAndWritesIpv6AddressesEndpointsAndFlows() {
        ProtocolState s = ProtocolStateJson.read("{" + INTERFACES + """
                , "endpoints": [{"name": "web", "proto": "tcp", "local": "[2001:db8::1]:80", "application": "app",
                                 "sockets": [{"core": 0}]},
                                {"name": "peer", "proto": "udp", "local": "[2001:db8:1::1]:53",
                                 "remote": "[2001:db8::99]:5353", "application": "app", "sockets": [{"core": 0}]}],
                  "flows": [{"id": "f6", "proto": "tcp", "src": "[2001:db8::2]:40000", "dst": "[2001:db8::1]:80",
                             "pps": 10, "bytes": 128},
                            {"id": "f4", "proto": "udp", "src": "*:*", "dst": "10.0.0.1:53", "pps": 10, "bytes": 64}]}
                """);
        assertThat(s.interfaces().get(0).ipv6Addresses()).extracting(Ipv6Address::toString).containsExactly("2001:db8::1", "fe80::1");
        assertThat(s.interfaces().get(1).addresses()).isEmpty();
        assertThat(s.localIpv6Addresses()).hasSize(3);
        assertThat(s.isLocal(Ipv6Address.parse("2001:db8:1::1"))).isTrue();
        assertThat(s.endpoints().get(0).local().ipv6()).contains(Ipv6Address.parse("2001:db8::1"));
        assertThat(s.endpoints().get(0).local().toString()).isEqualTo("[2001:db8::1]:80");
        assertThat(s.flows().get(0).src().version()).isEqualTo(6);
        assertThat(s.flows().get(1).dst().ipv4()).isPresent();
        String written = ProtocolStateJson.write(s);
        assertThat(written).contains("\"ipv6\"").contains("[2001:db8::1]:80").doesNotContain("2001:DB8");
        assertThat(ProtocolStateJson.read(written)).isEqualTo(s);
    }

    @Test
    void badInterfaceAddressesAreReportedAtTheirJsonPointer() {
        List<InputProblem> p = problems("""
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv6": ["2001:db8::1", "2001:db8::g",
                                 "fe80::1%eth0"]}]}
                """);
        assertThat(p).anySatisfy(x -> assertThat(x.toString()).contains("/interfaces/0/ipv6/1").contains("2001:db8::g"));
        assertThat(p).anySatisfy(x -> assertThat(x.toString()).contains("/interfaces/0/ipv6/2").contains("fe80::1%eth0"));
        assertThat(problems("""
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv6": ["fe80::1", "fe80:0::1"]}]}
                """)).anySatisfy(x -> assertThat(x.toString()).contains("/interfaces/0/ipv6/1").contains("listed twice"));
        assertThat(problems("""
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv6": ["fe80::1"]},
                                {"name": "eth1", "mac": "02:00:00:00:00:02", "ipv6": ["fe80::1"]}]}
                """)).anySatisfy(x -> assertThat(x.toString()).contains("/interfaces/1/ipv6")
                .contains("fe80::1 also belongs to interface 'eth0'"));
    }

    @Test
    void badEndpointsAndFlowsAreReportedAtTheirJsonPointer() {
        List<InputProblem> p = problems("{" + INTERFACES + """
                , "endpoints": [{"proto": "tcp", "local": "2001:db8::1:80", "application": "app", "sockets": [{"core": 0}]},
                               {"proto": "tcp", "local": "[2001:db8::5]:80", "application": "app", "sockets": [{"core": 0}]},
                               {"proto": "tcp", "local": "[2001:db8::1]:81", "remote": "10.0.0.9:80", "application": "app",
                                "sockets": [{"core": 0}]}],
                 "flows": [{"id": "f", "proto": "tcp", "src": "10.0.0.2:1", "dst": "[2001:db8::1]:80", "pps": 1, "bytes": 64},
                           {"id": "g", "proto": "tcp", "src": "[2001:db8::2:1", "dst": "[::1]:80", "pps": 1, "bytes": 64}]}
                """);
        assertThat(p).anySatisfy(x -> assertThat(x.toString()).contains("/endpoints/0/local").contains("in brackets"));
        assertThat(p).anySatisfy(x -> assertThat(x.toString()).contains("/endpoints/1/local")
                .contains("2001:db8::5 is not an address of any interface"));
        assertThat(p).anySatisfy(x -> assertThat(x.toString()).contains("/endpoints/2/remote").contains("different address families"));
        assertThat(p).anySatisfy(x -> assertThat(x.toString()).contains("/flows/0/dst").contains("of one family"));
        assertThat(p).anySatisfy(x -> assertThat(x.toString()).contains("/flows/1/src").contains("expected [ipv6]:port"));
    }

    @Test
    void addressPatternsOfBothFamilies() {
        assertThat(AddressPattern.parse("[::]:*").pattern().orElseThrow().toString()).isEqualTo("[::]:*");
        assertThat(AddressPattern.parse("*:80").pattern().orElseThrow().version()).isZero();
        assertThat(AddressPattern.parse("[2001:db8::x]:80").error()).contains("is not an IPv6 address");
        assertThatThrownBy(() -> new AddressPattern(java.util.Optional.empty(), java.util.OptionalInt.of(70000)))
                .hasMessageContaining("out of range");
    }
}
