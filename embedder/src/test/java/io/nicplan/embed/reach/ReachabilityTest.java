package io.nicplan.embed.reach;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.testing.Nics;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.graph.predicate.PredicateLogic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReachabilityTest {
    @Test
    void fixpointIsTheSameForShuffledProcessingOrders() {
        DataflowGraph nic = Nics.intel82599();
        DataflowGraph g = ConfiguredGraph.apply(nic, ConfigurationReader.read("""
                {"CsumOffload": true, "Syn": 5,
                 "FiveTuple": [{"proto": "udp", "dst_port": 11211, "priority": 5, "queue": 3},
                               {"proto": "tcp", "src_ip": "10.0.1.1", "priority": 7, "queue": 4}],
                 "Rss": {"hash": "ipv4_tcp", "table": [%s]}}
                """.formatted("0, 1, 2, ".repeat(42) + "0, 1"), nic)).graph();
        Reachability topological = Reachability.compute(g);
        for (long seed = 1; seed <= 4; seed++) {
            List<String> ids = new ArrayList<>(g.nodes().stream().map(Node::id).toList());
            Collections.shuffle(ids, new Random(seed));
            assertThat(Reachability.compute(g, ids, Set.of())).as("seed %d", seed).isEqualTo(topological);
        }
        Predicate q3 = topological.reach("Q3.Rx");
        assertThat(PredicateLogic.implies(q3, Predicate.eq(HeaderField.L4_DPORT, 11211))).isTrue();
        assertThat(PredicateLogic.implies(q3, Predicate.eq(HeaderField.ETH_FCS_OK, 1))).isTrue();
        assertThat(PredicateLogic.satisfiable(topological.reach("Q9.Rx"))).isFalse();
    }

    @Test
    void operatorNodesFollowDeMorganOnTheirFalsePort() {
        // a and b are independent checks; or/and/nand/nor combine their activations.
        DataflowGraph g = DataflowGraph.builder("ops")
                .addNode(new Node("S", NodeKind.NODE, List.of(Port.of("out")), io.nicplan.graph.Attributes.NONE.with("source"),
                        java.util.Optional.empty(), java.util.OptionalLong.empty(), java.util.Optional.empty()))
                .addNode(Node.of("A", NodeKind.BOOLEAN, List.of(new Port("true", Predicate.eq(HeaderField.IP_PROTO, 17)), Port.of("false"))))
                .addNode(Node.of("B", NodeKind.BOOLEAN, List.of(new Port("true", Predicate.eq(HeaderField.L4_DPORT, 53)), Port.of("false"))))
                .addNode(Node.of("Or", NodeKind.OR, List.of(Port.of("true"), Port.of("false"))))
                .addNode(Node.of("Nor", NodeKind.NOR, List.of(Port.of("true"), Port.of("false"))))
                .addNode(Node.of("And", NodeKind.AND, List.of(Port.of("true"), Port.of("false"))))
                .connect("S", "out", "A").connect("S", "out", "B")
                .connect("A", "true", "Or").connect("B", "true", "Or")
                .connect("A", "false", "Nor").connect("B", "false", "Nor")
                .connect("A", "true", "And").connect("B", "true", "And")
                .build();
        Reachability r = Reachability.compute(g);
        Predicate udp = Predicate.eq(HeaderField.IP_PROTO, 17);
        Predicate dns = Predicate.eq(HeaderField.L4_DPORT, 53);
        assertThat(PredicateLogic.equivalent(r.fire("Or", "true"), Predicate.or(udp, dns))).isTrue();
        assertThat(PredicateLogic.satisfiable(r.fire("Or", "false"))).as("inputs from true ports are never false").isFalse();
        assertThat(PredicateLogic.equivalent(r.fire("Nor", "true"), Predicate.and(Predicate.not(udp), Predicate.not(dns)))).isTrue();
        assertThat(PredicateLogic.satisfiable(r.fire("Nor", "false"))).isFalse();
        assertThat(PredicateLogic.equivalent(r.fire("And", "true"), Predicate.and(udp, dns))).isTrue();
    }
}
