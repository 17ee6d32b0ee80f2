package io.nicplan.bench;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.classify.CompiledClassifier;
import io.nicplan.embed.classify.FlowClassifier;
import io.nicplan.embed.classify.FlowPackets;
import io.nicplan.embed.classify.FlowPlacements;
import io.nicplan.embed.config.ConfigChange;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.embedding.Embedding;
import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.Protocol;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.net.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedder's performance targets: classifying concrete flows on the Intel 82599 with 128
 * five-tuple and 2,046 flow-director filters (at least 1,000,000 flows/s on one core), a full
 * embedding for a state with 1,000 endpoints (at most 200 ms), and one filter added with the
 * affected flows reclassified (at most 1 ms).
 *
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar 'EmbedderBenchmark.(classify|addAndRemove)' -f 1 -wi 3 -i 5 -w 1s -r 1s
 * java -jar benchmarks/target/benchmarks.jar 'EmbedderBenchmark.embedThousandEndpoints'   # its own longer warm-up
 * </pre>
 */
public class EmbedderBenchmark {
    private static final int FDIR = 2046;
    private static final int FIVE_TUPLE = 128;

    /** Seeded filters and flows for the 82599: flow-director entries for some flows, 5-tuple filters on ports. */
    static final class Workload {
        final DataflowGraph nic = Descriptions.graph("intel-82599");
        final ProtocolState state;
        final Configuration configuration;
        final List<Flow> flows = new ArrayList<>();
        final List<ConfigValue.TupleValue> spareFdir = new ArrayList<>();

        Workload(int flowCount, int fdirEntries) {
            Random r = new Random(42);
            for (int i = 0; i < flowCount; i++) {
                Protocol p = r.nextInt(4) == 0 ? Protocol.TCP : Protocol.UDP;
                int dport = r.nextInt(3) == 0 ? 20_000 + r.nextInt(FIVE_TUPLE) : 11_211;
                flows.add(new Flow("f" + i, p, AddressPattern.of(Ipv4Address.of(0x0a01_0000L + r.nextInt(60_000)), 1024 + r.nextInt(60_000)),
                        AddressPattern.of(Ipv4Address.of(0x0a00_0001L), dport), "besteffort", 1000, 64));
            }
            List<ConfigValue> five = new ArrayList<>();
            for (int i = 0; i < FIVE_TUPLE; i++) {
                Map<String, ConfigValue> t = new LinkedHashMap<>();
                t.put("proto", new ConfigValue.SymbolValue(i % 2 == 0 ? "udp" : "tcp"));
                t.put("dst_port", ConfigValue.of(20_000 + i));
                if (i % 3 == 0) {
                    t.put("dst_ip", ConfigValue.of(0x0a00_0001L));
                }
                t.put("priority", ConfigValue.of(1 + i % 7));
                t.put("queue", ConfigValue.of(1 + i % 15));
                five.add(new ConfigValue.TupleValue(t));
            }
            List<ConfigValue> fdir = new ArrayList<>();
            for (int i = 0; i < flowCount && fdir.size() < fdirEntries + 64; i += 3) {
                ConfigValue.TupleValue e = fdirEntry(flows.get(i), 1 + i % 15);
                if (fdir.size() < fdirEntries) {
                    fdir.add(e);
                } else {
                    spareFdir.add(e);
                }
            }
            List<ConfigValue> table = new ArrayList<>();
            for (int b = 0; b < 128; b++) {
                table.add(ConfigValue.of(b % 16));
            }
            Map<String, ConfigValue> rss = new LinkedHashMap<>();
            rss.put("hash", new ConfigValue.SymbolValue("ipv4_l4"));
            rss.put("table", new ConfigValue.ListValue(table));
            configuration = Configuration.EMPTY.with("CsumOffload", ConfigValue.of(true))
                    .with("FiveTuple", new ConfigValue.ListValue(five))
                    .with("FlowDirector", new ConfigValue.ListValue(fdir))
                    .with("Rss", new ConfigValue.TupleValue(rss));
            state = io.nicplan.embed.state.ProtocolStateJson.read("""
                    {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1"]}]}
                    """).withFlows(flows);
        }

        static ConfigValue.TupleValue fdirEntry(Flow f, int queue) {
            Map<String, ConfigValue> t = new LinkedHashMap<>();
            t.put("proto", new ConfigValue.SymbolValue(f.proto().symbol()));
            t.put("src_ip", ConfigValue.of(f.src().ipv4().orElseThrow().value()));
            t.put("dst_ip", ConfigValue.of(f.dst().ipv4().orElseThrow().value()));
            t.put("src_port", ConfigValue.of(f.src().port().getAsInt()));
            t.put("dst_port", ConfigValue.of(f.dst().port().getAsInt()));
            t.put("queue", ConfigValue.of(queue));
            return new ConfigValue.TupleValue(t);
        }
    }

    /** 100,000 concrete flows' packets on the 82599 with 128 five-tuple and 2,046 flow-director filters. */
    @State(Scope.Benchmark)
    public static class Classification {
        CompiledClassifier classifier;
        FlowClassifier flowClassifier;
        long[][] packets;
        List<Flow> flows;
        int next;

        @Setup
        public void setup() {
            Workload w = new Workload(100_000, FDIR);
            ConfiguredGraph g = ConfiguredGraph.apply(w.nic, w.configuration);
            flowClassifier = FlowClassifier.of(g, w.state, Embedder.standard().solver());
            classifier = flowClassifier.compiled();
            FlowPackets fp = new FlowPackets(w.state);
            flows = w.flows;
            packets = new long[flows.size()][];
            for (int i = 0; i < packets.length; i++) {
                packets[i] = fp.packet(flows.get(i));
            }
        }
    }

    /** One concrete flow's packet to its queue (the per-flow fast path). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int classifyPacket(Classification s) {
        int i = s.next;
        s.next = i + 1 == s.packets.length ? 0 : i + 1;
        return s.classifier.queue(s.packets[i]);
    }

    /** One concrete flow to its placement, building its packet from the flow. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object classifyFlow(Classification s) {
        int i = s.next;
        s.next = i + 1 == s.packets.length ? 0 : i + 1;
        return s.flowClassifier.classify(s.flows.get(i));
    }

    /**
     * A state with 1,000 endpoints (700 UDP, 200 TCP listening, 100 TCP connected) and 2,000 flows
     * on the 82599 with checksum offload and RSS over 8 queues; {@code filters} adds 32 five-tuple
     * and 64 flow-director filters steering to 8 more queues.
     */
    @State(Scope.Benchmark)
    public static class ThousandEndpoints {
        @org.openjdk.jmh.annotations.Param({"rss", "filters"})
        public String nicConfig;
        public Embedder embedder;
        public DataflowGraph nic;
        public DataflowGraph lpg;
        public ProtocolState state;
        public Configuration configuration;

        @Setup
        public void setup() {
            embedder = Embedder.standard();
            nic = Descriptions.graph("intel-82599");
            lpg = Descriptions.graph(Descriptions.LPG);
            state = io.nicplan.embed.ThousandEndpoints.state(embedder);
            configuration = io.nicplan.embed.ThousandEndpoints.configuration(embedder, nic, nicConfig);
        }
    }

    /**
     * Configure, build the LPG, place the flows and embed behind every queue. One call takes
     * 100 – 500 ms until the JIT has compiled the whole embedder, so this benchmark warms up for
     * 15 s (a 1 s warm-up iteration holds only a few calls and measures mostly the JIT); do not
     * override its warm-up with {@code -wi}/{@code -w}.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(1)
    @Warmup(iterations = 5, time = 3)
    @Measurement(iterations = 5, time = 2)
    public Embedding embedThousandEndpoints(ThousandEndpoints s) {
        return s.embedder.embed(s.nic, s.lpg, s.state, s.configuration);
    }

    /** 10,000 placed flows on the 82599 with 128 five-tuple and 2,000 flow-director filters. */
    @State(Scope.Benchmark)
    public static class Incremental {
        FlowPlacements placements;
        List<ConfigValue.TupleValue> spare;
        int next;

        @Setup
        public void setup() {
            Workload w = new Workload(10_000, 2_000);
            ConfiguredGraph g = ConfiguredGraph.apply(w.nic, w.configuration);
            placements = FlowPlacements.of(FlowClassifier.of(g, w.state, Embedder.standard().solver()), w.flows);
            spare = w.spareFdir;
        }
    }

    /**
     * Adds one flow-director filter, reclassifying the flows it matches, then removes it again
     * (so the table stays the same size across iterations): two incremental changes per call.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public FlowPlacements addAndRemoveFilter(Incremental s) {
        ConfigValue.TupleValue entry = s.spare.get(s.next);
        s.next = (s.next + 1) % s.spare.size();
        FlowPlacements.Update added = s.placements.apply(new ConfigChange.AddEntry("FlowDirector", entry));
        int last = added.placements().classifier().graph().configuration().list("FlowDirector").size() - 1;
        FlowPlacements.Update removed = added.placements().apply(new ConfigChange.RemoveEntry("FlowDirector", last));
        s.placements = removed.placements();
        return s.placements;
    }
}
