package io.nicplan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.bench.PlanPathBenchmark;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

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

        byte[] planBody = planBody(42);
        String planId = createPlan(client, base, planBody);
        Map<String, String> auth = TOKEN == null || TOKEN.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + TOKEN);
        FixedRateLoad.Request get = FixedRateLoad.Request.get(URI.create(base + "/api/plans/" + planId), auth);
        Map<String, String> json = new HashMap<>(auth);
        json.put("Content-Type", "application/json");
        URI plans = URI.create(base + "/api/plans");
        // Each POST a plan of its own (flows from seed base + i) unless NICPLAN_LOAD_POST_BODIES=same: the service keeps
        // the measurements of recently planned inputs, so one body sent again and again is cheaper than a fleet's traffic.
        boolean sameBody = "same".equals(System.getenv("NICPLAN_LOAD_POST_BODIES"));
        // A phase's bodies are built before it starts: building them while it runs is the client's allocation, and
        // the client's own collections would count in every latency it measures.
        PostsOf posts = (seedBase, count) -> {
            FixedRateLoad.Request[] prepared = new FixedRateLoad.Request[Math.toIntExact(count)];
            for (int i = 0; i < prepared.length; i++) {
                prepared[i] = FixedRateLoad.Request.post(plans, json, sameBody ? planBody : planBody(seedBase + i));
            }
            return i -> prepared[(int) i];
        };

        List<FixedRateLoad.Result> results = new ArrayList<>();
        System.out.printf("warm-up %d s (GET and POST at once), then %d s measured: GET alone, then GET and POST at once%n",
                warmup.toSeconds(), duration.toSeconds());
        // Both paths are warmed before anything is measured: the JIT compiles the search's code for tens of seconds
        // of CPU after the first plans, and on two cores that compilation would otherwise land in "GET alone".
        readsWithPosts("warm-up", getRate, postRate, warmup, get,
                posts.prepare(1_000_000, FixedRateLoad.requestCount(postRate, warmup)));
        awaitIdle(client, base, Duration.ofMinutes(10));
        results.add(FixedRateLoad.run("GET /api/plans/{id} alone", getRate, duration, i -> get,
                r -> r.status() == 200));
        // The figure: reads while plans are posted (and searched) at the same time.
        LongFunction<FixedRateLoad.Request> measuredPosts = posts.prepare(2_000_000,
                FixedRateLoad.requestCount(postRate, duration));
        results.addAll(readsWithPosts("", getRate, postRate, duration, get, measuredPosts));
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

    /** The POSTs of a phase: {@code count} requests, the i-th a plan from seed {@code seedBase + i}. */
    private interface PostsOf {
        LongFunction<FixedRateLoad.Request> prepare(long seedBase, long count);
    }

    /** GETs and POSTs at their own rates at the same time; the GETs' result, then the POSTs'. */
    private static List<FixedRateLoad.Result> readsWithPosts(String phase, double getRate, double postRate,
            Duration duration, FixedRateLoad.Request get, LongFunction<FixedRateLoad.Request> post) throws Exception {
        String prefix = phase.isEmpty() ? "" : phase + " ";
        ExecutorService posting = Executors.newSingleThreadExecutor();
        try {
            Future<FixedRateLoad.Result> posts = posting.submit(() -> FixedRateLoad.run(
                    prefix + "POST /api/plans (100 flows)", postRate, duration, post, r -> r.status() == 202));
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

    /** A POST body: {@link PlanPathBenchmark#request} with 100 flows from {@code seed}, as {@code ./nicplan bench plan} meters it. */
    private static byte[] planBody(long seed) {
        try {
            return JSON.writeValueAsBytes(PlanPathBenchmark.request(100, seed));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String createPlan(HttpClient client, String base, byte[] body) throws Exception {
        HttpResponse<String> r = client.send(request(URI.create(base + "/api/plans"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(body(r, 202)).get("id").asText();
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

    /** Reads an answer's body or fails with its status. */
    private static String body(HttpResponse<String> r, int expected) throws java.io.IOException {
        if (r.statusCode() != expected) {
            throw new java.io.IOException("expected " + expected + ", got " + r.statusCode() + ": " + r.body());
        }
        return r.body();
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
