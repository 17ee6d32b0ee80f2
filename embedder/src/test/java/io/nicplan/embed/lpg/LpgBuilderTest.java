package io.nicplan.embed.lpg;

import static io.nicplan.embed.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.classify.FlowPackets;
import io.nicplan.embed.classify.ReferenceInterpreter;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.embed.testing.Nics;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.validate.GraphValidator;
import io.nicplan.graph.ValidationIssue;
import java.util.List;
import org.junit.jupiter.api.Test;

class LpgBuilderTest {
    private static final ProtocolState STATE = ProtocolStateJson.read("""
            {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1", "10.0.0.2"]}],
             "applications": [{"name": "dns", "cores": [0, 1, 2]}, {"name": "web", "cores": [3]}],
             "endpoints": [
               {"name": "any53", "proto": "udp", "local": "*:53", "application": "dns", "sockets": [{"core": 0}, {"core": 1}]},
               {"name": "local53", "proto": "udp", "local": "10.0.0.1:53", "application": "dns", "sockets": [{"core": 2}]},
               {"name": "peer53", "proto": "udp", "local": "10.0.0.1:53", "remote": "10.0.0.9:5000", "application": "dns",
                "sockets": [{"core": 2}]},
               {"name": "http", "proto": "tcp", "local": "*:80", "application": "web", "sockets": [{"core": 3}]}
             ]}
            """);

    private final DataflowGraph lpg = LpgBuilder.build(Nics.lpg(), STATE);
    private final ReferenceInterpreter interpreter = new ReferenceInterpreter(lpg);
    private final FlowPackets packets = new FlowPackets(STATE);

    private List<String> sinks(String flowText) {
        ReferenceInterpreter.Run run = interpreter.run(packets.packet(flow("f", flowText)));
        return run.fired().keySet().stream().filter(id -> lpg.require(id).attributes().has(Attributes.SINK)).toList();
    }

    @Test
    void placeholdersBecomeOneDemuxNodePerEndpointInPrecedenceOrder() {
        assertThat(lpg.node("UdpEndpoints")).isEmpty();
        List<String> udpDemux = lpg.nodes().stream().map(Node::id)
                .filter(id -> id.startsWith("UdpEndpoints.") && id.chars().filter(c -> c == '.').count() == 1).toList();
        assertThat(udpDemux).containsExactly("UdpEndpoints.peer53", "UdpEndpoints.local53", "UdpEndpoints.any53", "UdpEndpoints.NoEndpoint");
        assertThat(lpg.require("UdpEndpoints.NoEndpoint").kind()).isEqualTo(NodeKind.NOR);
        assertThat(lpg.require("UdpEndpoints.any53").cycles()).hasValue(150);
        assertThat(lpg.require("TcpEndpoints.http").cycles()).hasValue(200);
        assertThat(lpg.targets("Udp.ValidChecksum", Port.TRUE))
                .containsExactlyInAnyOrder("UdpEndpoints.peer53", "UdpEndpoints.local53", "UdpEndpoints.any53");
    }

    @Test
    void precedenceIsVisibleInTheTruePredicates() {
        String any = lpg.require("UdpEndpoints.any53").port(Port.TRUE).orElseThrow().predicate().toString();
        String local = lpg.require("UdpEndpoints.local53").port(Port.TRUE).orElseThrow().predicate().toString();
        String peer = lpg.require("UdpEndpoints.peer53").port(Port.TRUE).orElseThrow().predicate().toString();
        assertThat(any).contains("Not[").contains("value=167772169"); // excludes the connected endpoint (10.0.0.9)
        assertThat(local).contains("Not[");
        assertThat(peer).doesNotContain("Not[");
    }

    @Test
    void mostSpecificEndpointWins() {
        assertThat(sinks("udp 10.0.0.9:5000 -> 10.0.0.1:53")).containsExactly("UdpEndpoints.peer53.Sockets.s0");
        assertThat(sinks("udp 10.0.0.8:5000 -> 10.0.0.1:53")).containsExactly("UdpEndpoints.local53.Sockets.s0");
        assertThat(sinks("udp 10.0.0.9:5000 -> 10.0.0.2:53")).hasSize(1).allMatch(s -> s.startsWith("UdpEndpoints.any53.Sockets."));
    }

    @Test
    void balancingSplitsSourcePortsBetweenSockets() {
        assertThat(sinks("udp 10.0.0.9:1000 -> 10.0.0.2:53")).containsExactly("UdpEndpoints.any53.Sockets.s0");
        assertThat(sinks("udp 10.0.0.9:40000 -> 10.0.0.2:53")).containsExactly("UdpEndpoints.any53.Sockets.s1");
        Node sink = lpg.require("UdpEndpoints.any53.Sockets.s1");
        assertThat(sink.attributes().value("core")).contains("1");
        assertThat(sink.attributes().has(Attributes.SINK)).isTrue();
    }

    @Test
    void unmatchedPacketsReachTheNoSocketNodeThroughTheNor() {
        assertThat(sinks("udp 10.0.0.9:5000 -> 10.0.0.1:54")).containsExactly("Udp.NoSocket");
        assertThat(sinks("tcp 10.0.0.9:5000 -> 10.0.0.1:81")).containsExactly("Tcp.NoSocket");
        assertThat(sinks("tcp 10.0.0.9:5000 -> 10.0.0.1:80")).containsExactly("TcpEndpoints.http.Sockets.s0");
    }

    @Test
    void builtLpgIsAValidGraph() {
        assertThat(GraphValidator.validate(lpg)).filteredOn(ValidationIssue::isError).isEmpty();
    }

    @Test
    void withoutEndpointsThePlaceholderLeadsStraightToItsUnmatchedTargets() {
        DataflowGraph empty = LpgBuilder.build(Nics.lpg(), ProtocolStateJson.read("{}"));
        assertThat(empty.nodes()).noneMatch(n -> n.id().startsWith("UdpEndpoints"));
        assertThat(empty.targets("Udp.ValidChecksum", Port.TRUE)).containsExactly("Udp.NoSocket");
    }
}
