package io.nicplan.graph.validate;

import io.nicplan.graph.ValidationIssue;
import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.ValidationIssue;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortOverlapTest {
    private static final Predicate TCP = Predicate.eq(HeaderField.IP_PROTO, 6);
    private static final Predicate UDP = Predicate.eq(HeaderField.IP_PROTO, 17);
    private static final Predicate DNS = Predicate.eq(HeaderField.L4_DPORT, 53);

    private static List<ValidationIssue> overlaps(Node node) {
        DataflowGraph g = DataflowGraph.builder("G").addNode(node).build();
        return GraphValidator.validate(g).stream().filter(i -> i.code().startsWith("overlapping")).toList();
    }

    @Test
    void disjointPortsOfAFunctionNodeAreFine() {
        Node n = Node.of("L4", NodeKind.NODE, List.of(new Port("tcp", TCP), new Port("udp", UDP),
                new Port("other", Predicate.not(Predicate.or(TCP, UDP)))));
        assertThat(overlaps(n)).isEmpty();
    }

    @Test
    void overlappingPortsOfAFunctionNodeWarnWithAnExamplePacket() {
        Node n = Node.of("Demux", NodeKind.NODE, List.of(new Port("dns", DNS), new Port("udp", UDP), new Port("rest", Predicate.TRUE)));
        List<ValidationIssue> issues = overlaps(n);
        assertThat(issues).hasSize(1);
        ValidationIssue w = issues.get(0);
        assertThat(w.isError()).isFalse();
        assertThat(w.code()).isEqualTo("overlapping-ports");
        assertThat(w.subject()).isEqualTo("Demux");
        assertThat(w.message()).contains("ports 'dns' and 'udp' of node 'Demux'", "ip.proto == udp", "l4.dport == 53");
    }

    @Test
    void booleanNodeWithOverlappingTrueAndFalseIsAnError() {
        Node ok = Node.of("Csum", NodeKind.BOOLEAN, List.of(new Port("true", Predicate.eq(HeaderField.IP_CSUM_OK, 1)),
                new Port("false", Predicate.eq(HeaderField.IP_CSUM_OK, 0))));
        Node bad = Node.of("Csum", NodeKind.BOOLEAN, List.of(new Port("true", Predicate.eq(HeaderField.IP_CSUM_OK, 1)),
                new Port("false", Predicate.range(HeaderField.IP_CSUM_OK, 0, 1))));
        Node implicit = Node.of("Csum", NodeKind.BOOLEAN, List.of(new Port("true", Predicate.eq(HeaderField.IP_CSUM_OK, 1)),
                Port.of("false")));
        assertThat(overlaps(ok)).isEmpty();
        assertThat(overlaps(implicit)).isEmpty();
        List<ValidationIssue> issues = overlaps(bad);
        assertThat(issues).hasSize(1);
        assertThat(issues.get(0).isError()).isTrue();
        assertThat(issues.get(0).code()).isEqualTo("overlapping-boolean-ports");
        assertThat(issues.get(0).message()).contains("'Csum'", "ip.csum_ok == 1");
    }

    @Test
    void rssNodeWithOneBucketOnTwoQueuesIsReportedOnce() {
        List<Port> ports = new ArrayList<>();
        for (int q = 0; q < 16; q++) {
            List<Long> buckets = new ArrayList<>();
            for (long b = q; b < 128; b += 16) {
                buckets.add(b);
            }
            if (q == 15) {
                buckets.add(0L);
            }
            ports.add(new Port("q" + q, Predicate.in(HeaderField.RSS_BUCKET, buckets)));
        }
        List<ValidationIssue> issues = overlaps(Node.of("Rss", NodeKind.NODE, ports));
        assertThat(issues).hasSize(1);
        assertThat(issues.get(0).message()).contains("'q0' and 'q15'", "rss.bucket == 0");
    }
}
