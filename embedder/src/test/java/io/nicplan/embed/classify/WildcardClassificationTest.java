package io.nicplan.embed.classify;

import static io.nicplan.embed.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.testing.Nics;
import io.nicplan.embed.testing.RandomConfigs;
import io.nicplan.embed.testing.States;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.net.IpAddress;
import io.nicplan.net.Ipv4Address;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WildcardClassificationTest {
    private final DataflowGraph nic = Nics.intel82599();

    private FlowClassifier classifier(String config) {
        ConfiguredGraph g = ConfiguredGraph.apply(nic, ConfigurationReader.read(config, nic));
        return FlowClassifier.of(g, States.host(), Embedder.standard().solver());
    }

    private static String rssTable(int queues) {
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < 128; b++) {
            sb.append(b == 0 ? "" : ",").append(b % queues);
        }
        return sb.toString();
    }

    @Test
    void wildcardFlowReachesEveryQueueItsPacketsCanReach() {
        FlowClassifier c = classifier("""
                {"FiveTuple": [{"proto": "udp", "src_ip": "10.0.1.1", "dst_port": 11211, "priority": 5, "queue": 3}],
                 "FlowDirector": [{"proto": "udp", "src_ip": "10.0.1.2", "dst_ip": "10.0.0.1", "src_port": 4000, "dst_port": 11211,
                                   "queue": 9}]}
                """);
        assertThat(c.classify(flow("any", "udp *:* -> 10.0.0.1:11211")).queues()).containsExactly(0, 3, 9);
        assertThat(c.classify(flow("one", "udp 10.0.1.1:* -> 10.0.0.1:11211")).queues()).containsExactly(3);
        assertThat(c.classify(flow("other", "udp *:* -> 10.0.0.1:53")).queues()).containsExactly(0);
        assertThat(c.classify(flow("tcp", "tcp *:* -> *:*")).queues()).containsExactly(0);
    }

    @Test
    void rssSpreadsAWildcardFlowOverTheTableUnlessItsHashInputsAreFixed() {
        FlowClassifier c = classifier("{\"Rss\": {\"hash\": \"ipv4\", \"table\": [" + rssTable(4) + "]}}");
        assertThat(c.classify(flow("spread", "udp *:* -> 10.0.0.1:11211")).queues()).containsExactly(0, 1, 2, 3);
        // The address-only hash does not read ports: a flow with fixed addresses has one bucket.
        Placement fixed = c.classify(flow("fixed", "udp 10.0.1.1:* -> 10.0.0.1:*"));
        Placement concrete = c.classify(flow("c", "udp 10.0.1.1:4000 -> 10.0.0.1:11211"));
        assertThat(fixed.queues()).hasSize(1).isEqualTo(concrete.queues());
    }

    /** Every concrete instance of a wildcard flow lands in one of the wildcard flow's queues. */
    @Test
    void concreteInstancesLandInTheWildcardFlowsQueues() {
        RandomConfigs r = new RandomConfigs(77);
        StringBuilder five = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            five.append(i == 0 ? "" : ",").append(r.fiveTupleEntry(16));
        }
        FlowClassifier c = classifier("{\"FiveTuple\": [" + five + "], \"FlowDirector\": [" + String.join(",", r.fdirEntries(20, 16))
                + "], \"Rss\": {\"hash\": \"ipv4_l4\", \"table\": [" + rssTable(8) + "]}}");
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            Flow w = r.wildcardFlow("w" + i);
            Placement p = c.classify(w);
            for (int k = 0; k < 25; k++) {
                Optional<IpAddress> src = w.src().address().or(() -> Optional.of(Ipv4Address.parse(RandomConfigs.SOURCES[random.nextInt(4)])));
                OptionalInt sport = w.src().port().isPresent() ? w.src().port() : OptionalInt.of(random.nextBoolean()
                        ? RandomConfigs.PORTS[random.nextInt(RandomConfigs.PORTS.length)] : random.nextInt(65536));
                OptionalInt dport = w.dst().port().isPresent() ? w.dst().port()
                        : OptionalInt.of(RandomConfigs.PORTS[random.nextInt(RandomConfigs.PORTS.length)]);
                Flow instance = new Flow("i", w.proto(), new AddressPattern(src, sport), new AddressPattern(w.dst().address(), dport), "besteffort", 1, 64);
                assertThat(p.queues()).as("%s contains %s", w, instance).containsAll(c.classify(instance).queues());
            }
        }
    }
}
