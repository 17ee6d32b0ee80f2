package io.nicplan.bench;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.unicorn.Unicorn;
import io.nicplan.unicorn.parse.ParseLimits;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceResolver;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse and validate a generated Unicorn description of 100,000 nodes (target: at most 2 s in a
 * 512 MiB heap), once written with loops and once written out node by node (about 6 MB of text,
 * above the default 1 MiB limit, which is raised for it); and the shipped Intel 82599 description
 * with its imports (target: at most 20 ms warm).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class UnicornParseBenchmark {

    /** Nodes in the generated description (plus a source and two sinks). */
    @Param({"100000"})
    public int nodes;

    private String loops;
    private String explicit;
    private ParseOptions options;

    @Setup
    public void generate() {
        loops = withLoops(nodes / 100, 100);
        explicit = nodeByNode(nodes);
        options = ParseOptions.defaults()
                .withResolver(SourceResolver.none())
                .withLimits(ParseLimits.DEFAULTS.withMaxBytes(64L << 20));
        // Fail fast if a generator drifts: a benchmark of an error path would measure the wrong thing.
        check(Unicorn.parse("loops.unicorn", loops, options));
        check(Unicorn.parse("explicit.unicorn", explicit, options));
    }

    private void check(ParseResult result) {
        DataflowGraph g = result.orElseThrow();
        if (g.nodeCount() < nodes) {
            throw new IllegalStateException("generated " + g.nodeCount() + " nodes, wanted " + nodes);
        }
    }

    /** The shipped 82599 description, read once; each invocation parses, expands and validates it. */
    @State(Scope.Benchmark)
    public static class Intel82599 {
        Source source;
        ParseOptions options;

        @Setup
        public void read() {
            String text = Descriptions.source("intel-82599")
                    .orElseThrow(() -> new IllegalStateException("intel-82599 is not shipped"));
            source = new Source(Descriptions.displayName("intel-82599"), text);
            options = Descriptions.parseOptions();
            Unicorn.parse(source, options).orElseThrow();
        }
    }

    @Benchmark
    public DataflowGraph parseIntel82599(Intel82599 nic) {
        return Unicorn.parse(nic.source, nic.options).orElseThrow();
    }

    @Benchmark
    public DataflowGraph parseWithLoops() {
        return Unicorn.parse("loops.unicorn", loops, options).orElseThrow();
    }

    @Benchmark
    public DataflowGraph parseNodeByNode() {
        return Unicorn.parse("explicit.unicorn", explicit, options).orElseThrow();
    }

    /**
     * A chain of {@code clusters} stages of {@code perCluster} software nodes each; every node has
     * a predicate port to the next node and a port to a shared Drop.
     */
    static String withLoops(int clusters, int perCluster) {
        return """
                graph Generated {
                    resource rx_queues = 128
                    node Wire { attr "source" port out[S0.N0] }
                    for s in 0..%d {
                        cluster S{s} {
                            for i in 0..%d {
                                node N{i} {
                                    attr "software"
                                    attr "stage={s}"
                                    cycles 10
                                    port next[N{i + 1}] when ip.proto == tcp && l4.dport in 1..1024
                                    port other[.Drop]
                                }
                            }
                            node N%d { port out[.S{s + 1}.N0] }
                        }
                    }
                    cluster S%d { node N0 { attr "sink" } }
                    node Drop { attr "sink" }
                }
                """.formatted(clusters - 1, perCluster - 2, perCluster - 1, clusters);
    }

    /** The same shape written out: {@code count} nodes, one per line. */
    static String nodeByNode(int count) {
        StringBuilder text = new StringBuilder(count * 64);
        text.append("graph Generated {\n    node Wire { attr \"source\" port out[N0] }\n");
        for (int i = 0; i < count; i++) {
            text.append("    node N").append(i).append(" { attr \"software\" cycles 10 port next[N").append(i + 1)
                    .append("] when ip.proto == tcp port other[Drop] }\n");
        }
        text.append("    node N").append(count).append(" { attr \"sink\" }\n    node Drop { attr \"sink\" }\n}\n");
        return text.toString();
    }
}
