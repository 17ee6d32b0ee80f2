package io.nicplan.cli;

import io.nicplan.app.Samples;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.emulate.EmulatedNic;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.nic.ParsedNic;
import io.nicplan.app.plan.PlanProblem;
import io.nicplan.app.plan.Plans;
import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.embedding.Embedding;
import io.nicplan.embed.embedding.QueueEmbedding;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.Protocol;
import io.nicplan.flexnic.backend.ApplyReport;
import io.nicplan.flexnic.backend.FlexTcpTraffic;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.Term;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.optimizer.plan.QueuePipeline;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nicplan demo}: the whole path on the shipped descriptions and built-in workloads — parse every
 * description, embed the host stack into the 82599 with and without filters, plan a memcached-like
 * workload with every strategy on the 82599 and FlexNIC, apply the plans to the emulator, and show the
 * FlexNIC plan's fastPath flows running as FlexTCP connections.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run nicplan end to end on the shipped descriptions and built-in workloads and print what each step found.")
final class DemoCommand implements Callable<Integer> {
    /** The NICs the demo plans for and applies to. */
    static final List<String> PLANNED_NICS = List.of("intel-82599", "flexnic");

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-limit", defaultValue = "2s", description = "OptaPlanner's search time per NIC (default: ${DEFAULT-VALUE}).")
    String timeLimit;

    @Option(names = "--queues", defaultValue = "10", description = "Queues to plan over, as in Dragonet's measurements (default: ${DEFAULT-VALUE}).")
    int queues;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;
    /** What applying each NIC's best plan showed, by NIC name. */
    private final Map<String, ApplyReport> applied = new LinkedHashMap<>();
    /** Connection rows the FlexTCP step prints before it summarises the rest. */
    private static final int CONNECTION_ROWS = 12;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        Duration limit = PlanCommand.Durations.parse(timeLimit);
        boolean ok = parseDescriptions();
        ok &= embedMemcached();
        ProtocolState state = Samples.demoState(seed);
        CostSpec cost = Samples.demoCost();
        int step = 3;
        for (String nic : PLANNED_NICS) {
            ok &= planAndApply(step++, nic, state, cost, limit);
        }
        ok &= flexTcp(step++, state);
        ok &= keyValueSteering(step, limit);
        out.println();
        out.println(ok ? "demo: every step succeeded" : "demo: some steps failed (see above)");
        out.flush();
        return ok ? 0 : 1;
    }

    private boolean parseDescriptions() {
        section("1. The shipped descriptions, parsed and validated");
        boolean ok = true;
        for (Descriptions.Builtin b : Nics.builtins()) {
            long start = System.nanoTime();
            ParsedNic result = Nics.read(Nics.BUILTIN_PREFIX + b.name(), Map.of());
            double ms = (System.nanoTime() - start) / 1e6;
            if (!result.ok()) {
                Diagnostics.report(result, err);
                ok = false;
                continue;
            }
            GraphSummary s = GraphSummary.of(result.graph().orElseThrow(), result.parameters());
            out.printf(Locale.ROOT, "%-27s %5d nodes %2d config nodes %2d warnings %7.1f ms  %s%n", "builtin:" + b.name(),
                    s.nodes().get("total"), s.configNodes().size(), result.warnings().size(), ms, resourceLine(s));
        }
        return ok;
    }

    private boolean embedMemcached() {
        section("2. The host stack embedded into the 82599 for a small memcached state, without and with filters");
        DataflowGraph prg = Nics.shippedGraph("intel-82599");
        ProtocolState state = Embeddings.readState(Samples.memcachedState());
        Configuration filters = Embeddings.readConfiguration(prg, Samples.memcached82599Config());
        Embedding plain = Embeddings.embed(prg, state, Configuration.EMPTY);
        Embedding filtered = Embeddings.embed(prg, state, filters);
        out.println("without configuration (everything on RSS's default, queue 0):");
        printQueues(plain);
        out.println("with the example's five-tuple / flow-director filters and checksum offload:");
        printQueues(filtered);
        return true;
    }

    private void printQueues(Embedding embedding) {
        out.println("  queue  flows  software nodes  cycles/packet (worst path)  removed as done by the NIC or decided");
        for (QueueEmbedding q : embedding.queues()) {
            if (q.flows().isEmpty()) {
                continue;
            }
            out.printf(Locale.ROOT, "  %5d  %5d  %14d  %26d  %d%n", q.queue(), q.flows().size(), q.softwareNodes().size(),
                    q.cyclesPerPacket(), q.removed().size());
        }
    }

    private boolean planAndApply(int step, String nicName, ProtocolState state, CostSpec cost, Duration limit) {
        DataflowGraph prg = Nics.shippedGraph(nicName);
        section(step + ". Planning " + state.flows().size() + " memcached-like flows ("
                + state.flows().stream().filter(f -> "gold".equals(f.trafficClass())).count() + " gold, unequal rates) on "
                + prg.name() + " over " + queues + " queues");
        long start = System.nanoTime();
        int nicQueues = prg.resource("rx_queues").map(r -> (int) r.capacity()).orElse(1);
        Plans.Prepared prepared = Plans.prepare(PlanProblem.of(prg, state, cost).withTimeLimit(limit)
                .withQueues(OptionalInt.of(Math.min(queues, nicQueues))));
        out.printf(Locale.ROOT, "software cycles per flow measured with the embedder in %.1f s%n", (System.nanoTime() - start) / 1e9);
        Map<Strategy, Plan> plans = new LinkedHashMap<>();
        out.println("  strategy      feasible  verified  cost              time");
        for (Strategy s : List.of(Strategy.DEFAULT, Strategy.GREEDY, Strategy.OPTAPLANNER)) {
            Plan plan = prepared.withStrategy(s).plan();
            plans.put(s, plan);
            out.printf(Locale.ROOT, "  %-12s  %-8s  %-8s  %-16s  %5d ms%n", s.cliName(), plan.feasible() ? "yes" : "no",
                    plan.verified() ? "yes" : "NO", plan.feasible() ? Term.inUnits(plan.total()) : "hard " + plan.hard(), plan.millis());
        }
        Plan best = plans.get(Strategy.OPTAPLANNER);
        Plan greedy = plans.get(Strategy.GREEDY);
        if (best.feasible() && greedy.feasible() && greedy.total() > 0) {
            out.printf(Locale.ROOT, "  optaplanner's cost is %.1f%% below greedy's%n", 100.0 * (greedy.total() - best.total()) / greedy.total());
        }
        out.println("  optaplanner's plan per queue:");
        out.println("    queue  flows         pps  cycles/pkt");
        for (QueuePipeline q : best.pipelines()) {
            if (q.flows() > 0) {
                out.printf(Locale.ROOT, "    %5d  %5d  %10d  %10.0f%n", q.queue(), q.flows(), q.pps(), q.cyclesPerPacket());
            }
        }
        return apply(nicName, prg, state, best) && best.verified();
    }

    private boolean apply(String nicName, DataflowGraph prg, ProtocolState state, Plan plan) {
        ApplyReport report = EmulatedNic.check(prg, state, Plans.renderJson(plan), Optional.empty());
        applied.put(nicName, report);
        out.printf(Locale.ROOT, "  applied to the FlexNIC emulator (%s, %d table writes): %d of %d flows on the predicted queue%n",
                report.install().committed() ? "committed atomically" : "NOT committed", report.install().updates(),
                report.agree(), report.flows());
        report.disagree().forEach(d -> out.println("    disagree: " + d));
        return report.allAgree();
    }

    /**
     * FlexNIC's key-value steering program (ASPLOS 2016, docs/flexnic.md "Key-value steering"):
     * the store's state parsed and embedded, the program planned by the optimizer from the state's
     * keys and the store's key ownership (greedy and optaplanner; it writes the hash stage and the
     * bucket stage), each request's queue predicted by classification, the optaplanner plan applied
     * to the emulator with real memcached requests, and each request's queue compared with the core
     * that owns its key.
     */
    private boolean keyValueSteering(int step, Duration limit) {
        DataflowGraph prg = Nics.shippedGraph("flexnic");
        ProtocolState state = Embeddings.readState(Samples.kvFlexnicState());
        int cores = state.applications().get(0).cores().size();
        section(step + ". FlexNIC's key-value steering program on " + state.flows().size()
                + " memcached requests: each on the core that owns its key");
        out.println("parsed: " + state.flows().size() + " requests with keys to application '" + state.applications().get(0).name()
                + "' on cores " + state.applications().get(0).cores() + " (a key's owner: crc32c(key) mod " + cores + ")");
        Plans.Prepared prepared = Plans.prepare(PlanProblem.of(prg, state, Samples.demoCost()).withTimeLimit(limit)
                .withQueues(OptionalInt.of(cores)));
        Plan plan = null;
        for (Strategy s : List.of(Strategy.GREEDY, Strategy.OPTAPLANNER)) {
            plan = prepared.withStrategy(s).plan();
            out.printf(Locale.ROOT, "  planned by %-11s: Stage0 hashes the key into %s buckets, Stage1 maps them to queues %s (%s, verified %s)%n",
                    s.cliName(), bucketCount(plan), bucketQueues(plan), plan.feasible() ? "feasible" : "INFEASIBLE",
                    plan.verified() ? "yes" : "NO");
        }
        Configuration program = Embeddings.readConfiguration(prg, Plans.toJson(plan).get("configuration").toString());
        printQueues(Embeddings.embed(prg, state, program));
        io.nicplan.embed.classify.ClassificationReport predicted = Embeddings.classify(prg, state, program);
        Map<String, Integer> owner = new LinkedHashMap<>();
        state.flows().forEach(f -> owner.put(f.id(), Samples.keyOwner(f.key().orElseThrow(), cores)));
        long predictedOnOwner = predicted.placements().stream()
                .filter(p -> p.queue().isPresent() && p.queue().getAsInt() == owner.get(p.flow())).count();
        ApplyReport report = EmulatedNic.check(prg, state, Plans.renderJson(plan), Optional.empty());
        java.util.Set<String> disagreeing = new java.util.HashSet<>();
        report.disagree().forEach(d -> disagreeing.add(d.flow()));
        long observedOnOwner = plan.placements().stream()
                .filter(p -> !disagreeing.contains(p.flow()) && p.queue() == owner.get(p.flow())).count();
        int n = state.flows().size();
        out.printf(Locale.ROOT, "  classification: %d of %d requests predicted on the owning core (%.0f %%)%n", predictedOnOwner, n,
                100.0 * predictedOnOwner / n);
        out.printf(Locale.ROOT, "  applied to the FlexNIC emulator (%s, %d table writes): %d of %d flows on the planned queue (%.0f %% agreement)%n",
                report.install().committed() ? "committed atomically" : "NOT committed", report.install().updates(),
                report.agree(), report.flows(), 100.0 * report.agree() / Math.max(1, report.flows()));
        out.printf(Locale.ROOT, "  observed: %d of %d requests on the core that owns their key (%.0f %%)%n", observedOnOwner, n,
                100.0 * observedOnOwner / n);
        report.disagree().forEach(d -> out.println("    disagree: " + d));
        return plan.feasible() && plan.verified() && report.allAgree() && observedOnOwner == n && predictedOnOwner == n;
    }

    /** The hash stage's bucket count in a key-value plan. */
    private static String bucketCount(Plan plan) {
        return Plans.toJson(plan).at("/configuration/Stage0/0/hash_buckets").asText("?");
    }

    /** The bucket stage's queues, bucket by bucket. */
    private static List<Integer> bucketQueues(Plan plan) {
        List<Integer> out = new ArrayList<>();
        Plans.toJson(plan).at("/configuration/Stage1").forEach(e -> out.add(e.path("queue").asInt()));
        return out;
    }

    /** The FlexNIC plan's fastPath flows, which the apply step drove as connections through FlexTCP. */
    private boolean flexTcp(int step, ProtocolState state) {
        section(step + ". FlexTCP on the emulated FlexNIC: the plan's fastPath flows as TCP connections");
        ApplyReport report = applied.get("flexnic");
        if (report == null || !report.install().committed()) {
            out.println("  the FlexNIC plan was not installed (see above)");
            return false;
        }
        List<FlexTcpTraffic.ConnectionReport> connections = report.connections();
        long tcpFlows = state.flows().stream().filter(f -> f.proto() == Protocol.TCP).count();
        if (connections.isEmpty()) {
            out.printf(Locale.ROOT, "  the plan puts none of the %d TCP flows on the fast path%n", tcpFlows);
            return false;
        }
        out.printf(Locale.ROOT, "  %d of %d TCP flows hold a FlexTCP slot; each peer opens a connection over a simulated"
                + " 10 Gbit/s link and sends %,d bytes; the slow path installs the flow state, naming the planned queue%n",
                connections.size(), tcpFlows, FlexTcpTraffic.DEFAULT_BYTES);
        out.println("    flow          queue  context  bytes delivered  fast-path segs  slow-path segs  as planned");
        for (FlexTcpTraffic.ConnectionReport c : connections.subList(0, Math.min(CONNECTION_ROWS, connections.size()))) {
            out.printf(Locale.ROOT, "    %-12s  %5d  %7d  %15s  %14d  %14d  %s%n", c.flow(), c.plannedQueue(), c.context(),
                    c.bytesDelivered() + "/" + c.bytesSent(), c.fastPathSegments(), c.slowPathSegments(),
                    c.matchesPlan() ? "yes" : "NO: " + c.problem());
        }
        if (connections.size() > CONNECTION_ROWS) {
            out.printf(Locale.ROOT, "    ... and %d more%n", connections.size() - CONNECTION_ROWS);
        }
        long matching = connections.stream().filter(FlexTcpTraffic.ConnectionReport::matchesPlan).count();
        long fast = connections.stream().mapToLong(FlexTcpTraffic.ConnectionReport::fastPathSegments).sum();
        long slow = connections.stream().mapToLong(FlexTcpTraffic.ConnectionReport::slowPathSegments).sum();
        out.printf(Locale.ROOT, "  %d of %d connections byte-exact on the planned queue's context (%.0f %%); %,d segments on"
                + " the fast path, %,d (SYNs, handshake ACKs) on the slow path%n", matching, connections.size(),
                100.0 * matching / connections.size(), fast, slow);
        return matching == connections.size();
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }

    private static String resourceLine(GraphSummary s) {
        StringBuilder sb = new StringBuilder();
        s.resources().forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
        return sb.toString().strip();
    }
}
