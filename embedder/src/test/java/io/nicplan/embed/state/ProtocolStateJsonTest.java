package io.nicplan.embed.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.input.InputProblem;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.net.Ipv4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolStateJsonTest {
    private static final String GOOD = """
            {
              "interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1", "10.0.0.2"]}],
              "applications": [{"name": "memcached", "cores": [0, 1]}, {"name": "web", "cores": [2]}],
              "endpoints": [
                {"name": "mc", "proto": "udp", "local": "*:11211", "application": "memcached",
                 "sockets": [{"name": "a", "core": 0}, {"core": 1}]},
                {"name": "http", "proto": "tcp", "local": "10.0.0.1:80", "application": "web", "sockets": [{"core": 2}]},
                {"name": "peer", "proto": "tcp", "local": "10.0.0.1:80", "remote": "10.0.0.9:5000", "application": "web",
                 "sockets": [{"core": 2}]}
              ],
              "flows": [
                {"id": "f1", "proto": "udp", "src": "10.0.0.9:*", "dst": "10.0.0.1:11211", "class": "gold", "pps": 100000, "bytes": 64},
                {"id": 7, "proto": "tcp", "src": "10.0.0.9:5000", "dst": "10.0.0.1:80", "pps": 10.5, "bytes": 1500}
              ]
            }
            """;

    private static List<InputProblem> problems(String json) {
        try {
            ProtocolStateJson.read(json);
        } catch (InvalidInputException e) {
            return e.problems();
        }
        throw new AssertionError("expected the state to be rejected");
    }

    @Test
    void readsInterfacesApplicationsEndpointsAndFlows() {
        ProtocolState s = ProtocolStateJson.read(GOOD);
        assertThat(s.localAddresses()).extracting(Ipv4Address::toString).containsExactly("10.0.0.1", "10.0.0.2");
        Endpoint mc = s.endpoints().get(0);
        assertThat(mc.local().address()).isEmpty();
        assertThat(mc.localPort()).isEqualTo(11211);
        assertThat(mc.sockets()).containsExactly(new Socket("a", 0), new Socket("s1", 1));
        assertThat(s.endpoints().get(2).specificity()).isEqualTo(3);
        Flow f1 = s.flows().get(0);
        assertThat(f1.isConcrete()).isFalse();
        assertThat(f1.trafficClass()).isEqualTo("gold");
        assertThat(s.flows().get(1).id()).isEqualTo("7");
        assertThat(s.flows().get(1).trafficClass()).isEqualTo("besteffort");
    }

    @Test
    void writtenStateReadsBackEqual() {
        ProtocolState s = ProtocolStateJson.read(GOOD);
        assertThat(ProtocolStateJson.read(ProtocolStateJson.write(s))).isEqualTo(s);
    }

    @Test
    void portOutOfRangeIsReportedAtItsPointer() {
        String json = """
                {"flows": [{"id": "a", "proto": "udp", "src": "1.2.3.4:1", "dst": "10.0.0.1:70000", "pps": 1, "bytes": 64}]}
                """;
        assertThat(problems(json)).containsExactly(new InputProblem("/flows/0/dst", "port 70000 out of range 0..65535"));
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        String json = """
                {"interfaces": [{"name": "eth0", "mac": "zz", "ipv4": ["10.0.0.300"]}],
                 "applications": [{"name": "app", "cores": []}],
                 "endpoints": [{"proto": "quic", "local": "10.0.0.1:80", "application": "nope", "sockets": [{"core": 9}]}],
                 "flows": [{"id": "x", "proto": "udp", "src": "a:b", "dst": "*:*", "pps": -1, "bytes": 64, "colour": "red"}],
                 "extra": true}
                """;
        assertThat(problems(json)).extracting(InputProblem::pointer).contains(
                "/interfaces/0/mac", "/interfaces/0/ipv4/0", "/applications/0/cores", "/endpoints/0/proto",
                "/endpoints/0/local", "/endpoints/0/application", "/flows/0/src", "/flows/0/pps", "/flows/0/colour", "/extra");
    }

    @Test
    void unknownFieldsAreRejectedWithTheirPointer() {
        assertThat(problems("{\"flows\": [], \"endpoint\": []}"))
                .containsExactly(new InputProblem("/endpoint", "unknown field 'endpoint'; expected one of [applications, endpoints, flows, interfaces]"));
    }

    @Test
    void crossReferencesAreChecked() {
        String json = """
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1"]}],
                 "applications": [{"name": "app", "cores": [0]}],
                 "endpoints": [{"proto": "udp", "local": "10.0.0.7:53", "application": "app", "sockets": [{"core": 3}]},
                               {"proto": "udp", "local": "*:53", "application": "app", "sockets": [{"core": 0}]},
                               {"proto": "udp", "local": "*:53", "application": "app", "sockets": [{"core": 0}]}]}
                """;
        List<InputProblem> p = problems(json);
        assertThat(p).contains(new InputProblem("/endpoints/0/local", "10.0.0.7 is not an address of any interface"));
        assertThat(p).anySatisfy(x -> assertThat(x.pointer()).isEqualTo("/endpoints/0/sockets/0/core"));
    }

    @Test
    void duplicateEndpointsAndFlowIdsAreRejected() {
        String json = """
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1"]}],
                 "applications": [{"name": "app", "cores": [0]}],
                 "endpoints": [{"proto": "udp", "local": "*:53", "application": "app", "sockets": [{"core": 0}]},
                               {"proto": "udp", "local": "*:53", "application": "app", "sockets": [{"core": 0}]}],
                 "flows": [{"id": "a", "proto": "udp", "src": "*:*", "dst": "*:53", "pps": 1, "bytes": 64},
                           {"id": "a", "proto": "udp", "src": "*:*", "dst": "*:54", "pps": 1, "bytes": 64}]}
                """;
        assertThat(problems(json)).extracting(InputProblem::pointer).containsExactly("/endpoints/1", "/flows/1/id");
    }

    @Test
    void tooManyFlowsIsAClearError() {
        StringBuilder sb = new StringBuilder("{\"flows\": [");
        for (int i = 0; i <= StateLimits.MAX_FLOWS; i++) {
            sb.append(i == 0 ? "" : ",").append("{}");
        }
        sb.append("]}");
        assertThat(problems(sb.toString())).containsExactly(new InputProblem("/flows", "has 100001 elements; at most 100000 are allowed"));
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThat(problems("{\"flows\": [\n  {\"id\": 1,,}]}")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("malformed JSON at line 2, column"));
    }

    @Test
    void duplicateKeysAreMalformed() {
        assertThat(problems("{\"flows\": [], \"flows\": []}")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("Duplicate field 'flows'"));
    }

    @Test
    void reservedEndpointNameIsRejected() {
        String json = """
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1"]}],
                 "applications": [{"name": "app", "cores": [0]}],
                 "endpoints": [{"name": "NoEndpoint", "proto": "udp", "local": "*:53", "application": "app", "sockets": [{"core": 0}]}]}
                """;
        assertThat(problems(json)).extracting(InputProblem::pointer).containsExactly("/endpoints/0/name");
    }
}
