package io.nicplan.app.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.plan.PlanProblem;
import io.nicplan.app.plan.Plans;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.plan.Plan;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

/**
 * The CPU time and the bytes allocated per plan on the service's plan-job path (issue #17, "Fast answers"), by
 * phase, on the calling thread: reading the request (JSON tree, protocol state, cost), preparing it (workload,
 * software cycles measured with the embedder), the search with its re-check by the embedder, and rendering the
 * answer as stored JSON text. The request is {@code scripts/load.sh}'s POST body ({@link #request}). Allocation
 * is the measure to compare across runs (it does not depend on the machine's load); CPU time is indicative.
 */
public final class PlanPathBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NIC = "builtin:intel-82599";

    /** The phases of one plan, in order. */
    public enum Phase { READ, PREPARE, SEARCH, RENDER }

    /** Per phase: CPU nanoseconds and bytes allocated, summed over the measured plans. */
    public record Figures(int plans, long[] cpuNanos, long[] bytes) {
        public double cpuMillisPerPlan(Phase p) {
            return cpuNanos[p.ordinal()] / 1e6 / plans;
        }

        public double megabytesPerPlan(Phase p) {
            return bytes[p.ordinal()] / 1e6 / plans;
        }

        public double cpuMillisPerPlan() {
            long sum = 0;
            for (long n : cpuNanos) {
                sum += n;
            }
            return sum / 1e6 / plans;
        }

        public double megabytesPerPlan() {
            long sum = 0;
            for (long b : bytes) {
                sum += b;
            }
            return sum / 1e6 / plans;
        }
    }

    private PlanPathBenchmark() {
    }

    /**
     * The body {@code scripts/load.sh} posts: {@code n} seeded memcached UDP flows to one 4-core application on the
     * 82599, every fifth gold, planned greedily for priority (4 gold flows per queue) plus software cycles.
     */
    public static ObjectNode request(int n, long seed) {
        ObjectNode req = JSON.createObjectNode();
        req.put("nic", NIC);
        ObjectNode state = req.putObject("state");
        ObjectNode eth0 = state.putArray("interfaces").addObject();
        eth0.put("name", "eth0").put("mac", "02:00:00:00:00:01");
        eth0.putArray("ipv4").add("10.0.0.1");
        ObjectNode app = state.putArray("applications").addObject();
        app.put("name", "memcached");
        app.putArray("cores").add(0).add(1).add(2).add(3);
        ObjectNode ep = state.putArray("endpoints").addObject();
        ep.put("name", "mc").put("proto", "udp").put("local", "*:11211").put("application", "memcached");
        ArrayNode sockets = ep.putArray("sockets");
        for (int c = 0; c < 4; c++) {
            sockets.addObject().put("core", c);
        }
        Random r = new Random(seed);
        ArrayNode flows = req.putArray("flows");
        for (int i = 0; i < n; i++) {
            addFlow(flows, i, "udp", 11211, r);
        }
        greedyForPriorityAndCycles(req);
        return req;
    }

    /**
     * Appends the seeded flow {@code f<i>} from {@code 10.0.x.y} (a random source port) to {@code 10.0.0.1:port}, every
     * fifth gold, with random rates: the flows of {@link #request} and of {@code bench fleet}'s hosts.
     */
    public static void addFlow(ArrayNode flows, int i, String proto, int port, Random r) {
        ObjectNode f = flows.addObject();
        f.put("id", "f" + i).put("proto", proto)
                .put("src", "10.0." + (1 + i / 250) + "." + (1 + i % 250) + ":" + (20000 + r.nextInt(40000)))
                .put("dst", "10.0.0.1:" + port);
        if (i % 5 == 0) {
            f.put("class", "gold");
        }
        f.put("pps", 1000 + r.nextInt(200_000)).put("bytes", 64 + r.nextInt(1400));
    }

    /** The objective and strategy of {@link #request}: priority (4 gold flows per queue) plus software cycles, greedy. */
    public static void greedyForPriorityAndCycles(ObjectNode req) {
        ObjectNode terms = req.putObject("cost").putObject("terms");
        terms.putObject("priority").put("weight", 1).put("goldFlowsPerQueue", 4);
        terms.put("softwareCycles", 1);
        req.put("strategy", "greedy");
    }

    /**
     * Runs {@code warmup} plans unmeasured, then {@code plans} measured, of the {@code flows}-flow request: the same
     * body every time ({@code scripts/load.sh}'s POSTs, a retried or repeated request), or when {@code newStates} a
     * body of another seed each time (another host's state: nothing measured before is of use).
     */
    public static Figures measure(int flows, long seed, int warmup, int plans, boolean newStates) {
        Path path = new Path(shippedGraph());
        byte[] same = body(flows, seed);
        for (int i = 0; i < warmup; i++) {
            path.run(newStates ? body(flows, seed + 1 + plans + i) : same, null);
        }
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < plans; i++) {
            bodies.add(newStates ? body(flows, seed + 1 + i) : same);
        }
        Figures f = new Figures(plans, new long[Phase.values().length], new long[Phase.values().length]);
        for (byte[] body : bodies) {
            path.run(body, f);
        }
        return f;
    }

    /** Prints {@link #measure}'s figures, with the same request and with a new state each time: a row per phase. */
    public static void run(java.io.PrintWriter out, int flows, long seed, int warmup, int plans) {
        out.printf("plan path, %d-flow greedy request on the 82599 (scripts/load.sh's POST), %d plans after %d warm-up, "
                + "per plan:%n", flows, plans, warmup);
        Figures same = measure(flows, seed, warmup, plans, false);
        Figures fresh = measure(flows, seed, warmup, plans, true);
        out.printf("%-8s %22s %22s%n", "", "same request each time", "a new state each time");
        out.printf("%-8s %10s %11s %10s %11s%n", "phase", "CPU ms", "MB alloc", "CPU ms", "MB alloc");
        for (Phase p : Phase.values()) {
            out.printf("%-8s %10.2f %11.2f %10.2f %11.2f%n", p.name().toLowerCase(java.util.Locale.ROOT),
                    same.cpuMillisPerPlan(p), same.megabytesPerPlan(p), fresh.cpuMillisPerPlan(p), fresh.megabytesPerPlan(p));
        }
        out.printf("%-8s %10.2f %11.2f %10.2f %11.2f%n", "total", same.cpuMillisPerPlan(), same.megabytesPerPlan(),
                fresh.cpuMillisPerPlan(), fresh.megabytesPerPlan());
        out.flush();
    }

    /** The 82599's graph as the service resolves {@code builtin:intel-82599} (parsed once, then cached there). */
    private static DataflowGraph shippedGraph() {
        return Nics.shipped(NIC.substring("builtin:".length())).orElseThrow().graph().orElseThrow();
    }

    private static byte[] body(int flows, long seed) {
        try {
            return JSON.writeValueAsBytes(request(flows, seed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree built in memory could not be written", e);
        }
    }

    /** One plan's path, phase by phase, metered on the calling thread when given figures to add to. */
    private static final class Path {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final DataflowGraph prg;
        private long cpuMark;
        private long bytesMark;

        Path(DataflowGraph prg) {
            this.prg = prg;
        }

        String run(byte[] body, Figures into) {
            mark();
            JsonNode request = tree(body);
            ObjectNode state = ((ObjectNode) request.get("state")).deepCopy();
            state.set("flows", request.get("flows"));
            ProtocolState protocolState = Embeddings.readState(text(state));
            CostSpec cost = Plans.readCost(request.get("cost"));
            Strategy strategy = Plans.strategy(request.path("strategy").asText()).orElseThrow();
            lap(into, Phase.READ);
            Plans.Prepared prepared = Plans.prepare(new PlanProblem(prg, protocolState, cost, strategy,
                    Duration.ofSeconds(10), OptionalInt.empty(), OptionalInt.empty(), true));
            lap(into, Phase.PREPARE);
            Plan plan = prepared.search().run(better -> { });
            lap(into, Phase.SEARCH);
            String stored = text(Plans.toJson(plan));
            lap(into, Phase.RENDER);
            return stored;
        }

        private void mark() {
            cpuMark = THREADS.getCurrentThreadCpuTime();
            bytesMark = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        }

        private void lap(Figures into, Phase p) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long bytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            if (into != null) {
                into.cpuNanos()[p.ordinal()] += cpu - cpuMark;
                into.bytes()[p.ordinal()] += bytes - bytesMark;
            }
            cpuMark = THREADS.getCurrentThreadCpuTime();
            bytesMark = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        }

        private static JsonNode tree(byte[] body) {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the request body is not JSON", e);
            }
        }

        private static String text(JsonNode node) {
            try {
                return JSON.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree built in memory could not be written", e);
            }
        }
    }
}
