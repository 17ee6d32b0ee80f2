package io.nicplan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fixed-rate load on a running nicplan service (scripts/load.sh starts one): the throughput and
 * latency percentiles of {@code GET /api/plans/{id}} alone, then of the same GETs while
 * {@code POST /api/plans} with a 100-flow greedy plan runs at its own rate (issue #17's figure), and
 * whether any request failed; then how long the searches posted take to drain.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.nicplan.bench.ServiceLoad URL [getRate postRate seconds warmupSeconds]
 * </pre>
 * With {@code NICPLAN_TOKEN} in the environment every request carries it as a bearer token.
 */
public final class ServiceLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = System.getenv("NICPLAN_TOKEN");

    private ServiceLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ServiceLoad URL [getRate postRate seconds warmupSeconds]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        double getRate = args.length > 1 ? Double.parseDouble(args[1]) : 500;
        double postRate = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        Duration duration = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 30);
        Duration warmup = Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 10);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        byte[] planBody = JSON.writeValueAsBytes(planRequest(100, 42));
        String planId = createPlan(client, base, planBody);
        Map<String, String> auth = TOKEN == null || TOKEN.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + TOKEN);
        FixedRateLoad.Request get = FixedRateLoad.Request.get(URI.create(base + "/api/plans/" + planId), auth);
        Map<String, String> json = new HashMap<>(auth);
        json.put("Content-Type", "application/json");
        FixedRateLoad.Request post = FixedRateLoad.Request.post(URI.create(base + "/api/plans"), json, planBody);

        List<FixedRateLoad.Result> results = new ArrayList<>();
        System.out.printf("warm-up %d s (GET and POST at once), then %d s measured: GET alone, then GET and POST at once%n",
                warmup.toSeconds(), duration.toSeconds());
        // Both paths are warmed before anything is measured: the JIT compiles the search's code for tens of seconds
        // of CPU after the first plans, and on two cores that compilation would otherwise land in "GET alone".
        readsWithPosts("warm-up", getRate, postRate, warmup, get, post);
        awaitIdle(client, base, Duration.ofMinutes(10));
        results.add(FixedRateLoad.run("GET /api/plans/{id} alone", getRate, duration, i -> get,
                r -> r.status() == 200));
        // The figure: reads while plans are posted (and searched) at the same time.
        results.addAll(readsWithPosts("", getRate, postRate, duration, get, post));
        long failed = 0;
        for (FixedRateLoad.Result r : results) {
            System.out.println(r.report());
            r.failureSamples().forEach(s -> System.out.println("    failure: " + s));
            failed += r.failed();
        }
        long t0 = System.nanoTime();
        JsonNode after = awaitIdle(client, base, Duration.ofMinutes(10));
        System.out.printf("searches drained %.0f s after the last POST: %d completed, %d failed in all%n",
                (System.nanoTime() - t0) / 1e9, after.path("completed").asLong(), after.path("failed").asLong());
        System.out.println(failed == 0 ? "no request failed" : failed + " requests failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    /** GETs and POSTs at their own rates at the same time; the GETs' result, then the POSTs'. */
    private static List<FixedRateLoad.Result> readsWithPosts(String phase, double getRate, double postRate,
            Duration duration, FixedRateLoad.Request get, FixedRateLoad.Request post) throws Exception {
        String prefix = phase.isEmpty() ? "" : phase + " ";
        ExecutorService posting = Executors.newSingleThreadExecutor();
        try {
            Future<FixedRateLoad.Result> posts = posting.submit(() -> FixedRateLoad.run(
                    prefix + "POST /api/plans (100 flows)", postRate, duration, i -> post, r -> r.status() == 202));
            FixedRateLoad.Result gets = FixedRateLoad.run(prefix + "GET /api/plans/{id} + POSTs", getRate, duration,
                    i -> get, r -> r.status() == 200);
            return List.of(gets, posts.get());
        } finally {
            posting.shutdown();
        }
    }

    /** A request to {@code uri}, with the bearer token when one is given. */
    private static HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        return TOKEN == null || TOKEN.isEmpty() ? b : b.header("Authorization", "Bearer " + TOKEN);
    }

    /** A memcached host with {@code n} seeded flows, planned greedily on the Intel 82599. */
    static ObjectNode planRequest(int n, long seed) {
        ObjectNode req = JSON.createObjectNode();
        req.put("nic", "builtin:intel-82599");
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
            ObjectNode f = flows.addObject();
            f.put("id", "f" + i).put("proto", "udp")
                    .put("src", "10.0." + (1 + i / 250) + "." + (1 + i % 250) + ":" + (20000 + r.nextInt(40000)))
                    .put("dst", "10.0.0.1:11211");
            if (i % 5 == 0) {
                f.put("class", "gold");
            }
            f.put("pps", 1000 + r.nextInt(200_000)).put("bytes", 64 + r.nextInt(1400));
        }
        ObjectNode terms = req.putObject("cost").putObject("terms");
        terms.putObject("priority").put("weight", 1).put("goldFlowsPerQueue", 4);
        terms.put("softwareCycles", 1);
        req.put("strategy", "greedy");
        return req;
    }

    private static String createPlan(HttpClient client, String base, byte[] body) throws Exception {
        HttpResponse<String> r = client.send(request(URI.create(base + "/api/plans"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(FixedRateLoad.body(r, 202)).get("id").asText();
        for (int i = 0; i < 600; i++) {
            JsonNode status = JSON.readTree(client.send(request(
                    URI.create(base + "/api/plans/" + id + "/status")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (status.get("status").asText().equals("COMPLETED")) {
                return id;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("plan " + id + " did not complete");
    }

    /** Waits until no search is queued or running, so one phase's searches do not load the next; the last summary. */
    private static JsonNode awaitIdle(HttpClient client, String base, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode plans = JSON.readTree(client.send(request(URI.create(base + "/api/plans/summary"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            if (plans.path("queued").asInt() == 0 && plans.path("solving").asInt() == 0) {
                return plans;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("searches still running after " + limit);
    }
}
