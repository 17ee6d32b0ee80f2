package io.nicplan.embed.classify;

import static io.nicplan.embed.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.testing.Nics;
import io.nicplan.embed.testing.States;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.net.Toeplitz;
import org.junit.jupiter.api.Test;

class ClassificationTest {
    private final DataflowGraph nic = Nics.intel82599();
    private final FlowPackets packets = new FlowPackets(States.host());

    private ConfiguredGraph configure(String json) {
        return ConfiguredGraph.apply(nic, ConfigurationReader.read(json, nic));
    }

    private int compiled(ConfiguredGraph g, Flow f) {
        return CompiledClassifier.compile(g).queue(packets.packet(f));
    }

    private java.util.SortedSet<Integer> reference(ConfiguredGraph g, Flow f) {
        return new ReferenceInterpreter(g.graph()).queues(packets.packet(f));
    }

    @Test
    void flexTcpTakesAConnectionsSegmentsButItsSynAndRstLeaveByTheDefaultPort() {
        DataflowGraph flexnic = Nics.flexnic();
        ConfiguredGraph g = ConfiguredGraph.apply(flexnic, ConfigurationReader.read("""
                {"Stage0": [{"priority": 10, "proto": "tcp", "dst_port": 80, "action": "fastpath"}],
                 "FastPath": [{"src_ip": "10.0.1.1", "dst_ip": "10.0.0.1", "src_port": 4000, "dst_port": 80, "queue": 5}]}
                """, flexnic));
        Flow f = flow("h1", "tcp 10.0.1.1:4000 -> 10.0.0.1:80");
        long[] segment = packets.packet(f);
        assertThat(new ReferenceInterpreter(g.graph()).queues(segment)).containsExactly(5);
        assertThat(CompiledClassifier.compile(g).queue(segment)).isEqualTo(5);
        // TAS's receive step 2: SYN and RST go to the slow path, which the FlexTCP C-node's default port (RSS) reaches.
        for (long flags : new long[] {0x02, 0x12, 0x04, 0x14}) {
            long[] p = segment.clone();
            p[io.nicplan.graph.predicate.HeaderField.TCP_FLAGS.ordinal()] = flags;
            assertThat(new ReferenceInterpreter(g.graph()).queues(p)).as("flags 0x%x", flags).doesNotContain(5);
        }
    }

    @Test
    void unconfiguredNicDeliversEverythingToQueueZero() {
        ConfiguredGraph g = ConfiguredGraph.apply(nic, Configuration.EMPTY);
        Flow f = flow("f", "udp 10.0.0.9:4000 -> 10.0.0.1:11211");
        assertThat(compiled(g, f)).isZero();
        assertThat(reference(g, f)).containsExactly(0);
    }

    @Test
    void fiveTupleFilterSteersMatchingFlowToItsQueue() {
        ConfiguredGraph g = configure("""
                {"FiveTuple": [{"proto": "udp", "dst_port": 11211, "priority": 5, "queue": 3}]}
                """);
        Flow hit = flow("a", "udp 10.0.0.9:4000 -> 10.0.0.1:11211");
        Flow miss = flow("b", "udp 10.0.0.9:4000 -> 10.0.0.1:53");
        Flow tcp = flow("c", "tcp 10.0.0.9:4000 -> 10.0.0.1:11211");
        assertThat(compiled(g, hit)).isEqualTo(3);
        assertThat(reference(g, hit)).containsExactly(3);
        assertThat(compiled(g, miss)).isZero();
        assertThat(compiled(g, tcp)).isZero();
        assertThat(reference(g, tcp)).containsExactly(0);
    }

    @Test
    void higherPriorityFiveTupleFilterWins() {
        ConfiguredGraph g = configure("""
                {"FiveTuple": [{"proto": "udp", "dst_port": 11211, "priority": 2, "queue": 3},
                               {"proto": "udp", "src_ip": "10.0.0.9", "priority": 6, "queue": 7}]}
                """);
        Flow f = flow("a", "udp 10.0.0.9:4000 -> 10.0.0.1:11211");
        assertThat(compiled(g, f)).isEqualTo(7);
        assertThat(reference(g, f)).containsExactly(7);
    }

    @Test
    void fiveTupleFiltersComeBeforeFlowDirector() {
        ConfiguredGraph g = configure("""
                {"FiveTuple": [{"proto": "udp", "dst_port": 11211, "priority": 1, "queue": 3}],
                 "FlowDirector": [{"proto": "udp", "src_ip": "10.0.0.9", "dst_ip": "10.0.0.1", "src_port": 4000,
                                   "dst_port": 11211, "queue": 9},
                                  {"proto": "udp", "src_ip": "10.0.0.9", "dst_ip": "10.0.0.1", "src_port": 4001,
                                   "dst_port": 53, "queue": 10}]}
                """);
        assertThat(compiled(g, flow("a", "udp 10.0.0.9:4000 -> 10.0.0.1:11211"))).isEqualTo(3);
        assertThat(compiled(g, flow("b", "udp 10.0.0.9:4001 -> 10.0.0.1:53"))).isEqualTo(10);
        assertThat(reference(g, flow("b", "udp 10.0.0.9:4001 -> 10.0.0.1:53"))).containsExactly(10);
        assertThat(compiled(g, flow("c", "udp 10.0.0.9:4002 -> 10.0.0.1:53"))).isZero();
    }

    @Test
    void rssSpreadsFlowsByToeplitzHashOfTheirFields() {
        StringBuilder table = new StringBuilder();
        for (int b = 0; b < 128; b++) {
            table.append(b == 0 ? "" : ",").append(b % 4);
        }
        ConfiguredGraph g = configure("{\"Rss\": {\"hash\": \"ipv4_udp\", \"table\": [" + table + "]}}");
        for (int port = 1000; port < 1032; port++) {
            Flow f = flow("f" + port, "udp 10.0.0.9:" + port + " -> 10.0.0.1:11211");
            int hash = Toeplitz.standard().hash(0x0a000009, 0x0a000001, port, 11211);
            int expected = (hash & 127) % 4;
            assertThat(compiled(g, f)).as("flow from port %d", port).isEqualTo(expected);
            assertThat(reference(g, f)).containsExactly(expected);
        }
    }

    @Test
    void disabledQueueDropsWhatIsSteeredToIt() {
        ConfiguredGraph g = configure("""
                {"FiveTuple": [{"proto": "udp", "dst_port": 11211, "priority": 5, "queue": 3}],
                 "Queues": [0, 1, 2]}
                """);
        Flow f = flow("a", "udp 10.0.0.9:4000 -> 10.0.0.1:11211");
        assertThat(compiled(g, f)).isEqualTo(CompiledClassifier.DROPPED);
        assertThat(reference(g, f)).isEmpty();
    }

    @Test
    void badFramesAreDroppedByTheCrcCheck() {
        ConfiguredGraph g = ConfiguredGraph.apply(nic, Configuration.EMPTY);
        long[] p = packets.packet(flow("a", "udp 10.0.0.9:4000 -> 10.0.0.1:11211"));
        p[io.nicplan.graph.predicate.HeaderField.ETH_FCS_OK.ordinal()] = 0;
        assertThat(CompiledClassifier.compile(g).queue(p)).isEqualTo(CompiledClassifier.DROPPED);
        assertThat(new ReferenceInterpreter(g.graph()).queues(p)).isEmpty();
    }

    @Test
    void the82599PassesAFrameWithABadL4ChecksumUpToItsQueue() {
        // Datasheet receive checksum offload + ixgbe_rx_checksum: the error is reported, the frame delivered.
        ConfiguredGraph g = configure("""
                {"CsumOffload": true, "FiveTuple": [{"proto": "udp", "dst_port": 11211, "priority": 5, "queue": 3}]}
                """);
        long[] p = packets.packet(flow("a", "udp 10.0.0.9:4000 -> 10.0.0.1:11211"));
        p[io.nicplan.graph.predicate.HeaderField.L4_CSUM_OK.ordinal()] = 0;
        assertThat(CompiledClassifier.compile(g).queue(p)).isEqualTo(3);
        assertThat(new ReferenceInterpreter(g.graph()).queues(p)).containsExactly(3);
        p[io.nicplan.graph.predicate.HeaderField.IP_CSUM_OK.ordinal()] = 0;
        assertThat(CompiledClassifier.compile(g).queue(p)).isEqualTo(3);
    }

    @Test
    void aNicWhoseOffloadDropsDiscardsTheSameFrame() {
        DataflowGraph flexnic = Nics.flexnic();
        ConfiguredGraph g = ConfiguredGraph.apply(flexnic, ConfigurationReader.read("{\"CsumOffload\": true}", flexnic));
        long[] p = packets.packet(flow("a", "udp 10.0.0.9:4000 -> 10.0.0.1:11211"));
        p[io.nicplan.graph.predicate.HeaderField.L4_CSUM_OK.ordinal()] = 0;
        assertThat(CompiledClassifier.compile(g).queue(p)).isEqualTo(CompiledClassifier.DROPPED);
        assertThat(new ReferenceInterpreter(g.graph()).queues(p)).isEmpty();
    }

    @Test
    void theSynFiltersPriorityBitPlacesItBeforeOrAfterTheFiveTupleFilters() {
        // SYNQF.SYNQFP = 1 (C-node Syn): a SYN goes to the SYN queue even when a five-tuple filter matches it;
        // SYNQFP = 0 (SynAfterFiveTuple): the five-tuple filter wins, other SYNs still reach the SYN queue.
        String fiveTuple = "\"FiveTuple\": [{\"proto\": \"tcp\", \"dst_port\": 80, \"priority\": 3, \"queue\": 5}]";
        ConfiguredGraph over = configure("{\"Syn\": 2, " + fiveTuple + "}");
        ConfiguredGraph under = configure("{\"SynAfterFiveTuple\": 2, " + fiveTuple + "}");
        long[] synToWeb = packets.packet(flow("a", "tcp 10.0.0.9:4000 -> 10.0.0.1:80"));
        synToWeb[io.nicplan.graph.predicate.HeaderField.TCP_FLAGS.ordinal()] = 0x02;
        long[] synElsewhere = packets.packet(flow("b", "tcp 10.0.0.9:4000 -> 10.0.0.1:22"));
        synElsewhere[io.nicplan.graph.predicate.HeaderField.TCP_FLAGS.ordinal()] = 0x02;
        assertThat(CompiledClassifier.compile(over).queue(synToWeb)).isEqualTo(2);
        assertThat(CompiledClassifier.compile(under).queue(synToWeb)).isEqualTo(5);
        assertThat(new ReferenceInterpreter(under.graph()).queues(synToWeb)).containsExactly(5);
        assertThat(CompiledClassifier.compile(over).queue(synElsewhere)).isEqualTo(2);
        assertThat(CompiledClassifier.compile(under).queue(synElsewhere)).isEqualTo(2);
        // An established segment (ACK) is no SYN: the five-tuple filter either way.
        long[] ack = packets.packet(flow("c", "tcp 10.0.0.9:4000 -> 10.0.0.1:80"));
        assertThat(CompiledClassifier.compile(over).queue(ack)).isEqualTo(5);
    }
}
