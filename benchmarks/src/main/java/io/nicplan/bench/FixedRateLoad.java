package io.nicplan.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * An open-loop HTTP load generator: request {@code i} is due at {@code start + i / rate}, is sent
 * then whether or not earlier ones have answered, and its latency counts from when it was due (not
 * when it was sent), so a stalled server shows in the percentiles instead of slowing the client
 * down (the "coordinated omission" that closed-loop tools suffer from; wrk2 measures the same way).
 */
public final class FixedRateLoad {

    /** The outcome of one run. */
    public record Result(String name, double rate, Duration duration, long sent, long ok, long failed,
                         Map<Integer, Long> statuses, double throughput, double p50Ms, double p90Ms, double p99Ms,
                         double p999Ms, double maxMs, List<String> failureSamples) {

        public String report() {
            return String.format("%-28s rate %6.0f/s  sent %7d  ok %7d  failed %4d  throughput %8.1f/s  "
                            + "latency ms p50 %7.2f  p90 %7.2f  p99 %7.2f  p99.9 %7.2f  max %7.2f  statuses %s",
                    name, rate, sent, ok, failed, throughput, p50Ms, p90Ms, p99Ms, p999Ms, maxMs, statuses);
        }
    }

    private FixedRateLoad() {
    }

    /**
     * Sends {@code rate} requests per second for {@code duration}; {@code request.apply(i)} builds the
     * i-th request and {@code success} decides which answers count as ok.
     */
    public static Result run(String name, HttpClient client, double rate, Duration duration,
                             LongFunction<HttpRequest> request, Predicate<HttpResponse<byte[]>> success)
            throws InterruptedException {
        long total = Math.max(1, (long) Math.floor(rate * duration.toNanos() / 1e9));
        long intervalNanos = (long) (1e9 / rate);
        long[] latencies = new long[(int) total];
        Arrays.fill(latencies, -1);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Long> statuses = new TreeMap<>();
        ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            final int idx = i;
            HttpRequest req = request.apply(i);
            // Bytes, not text: decoding every answer would cost the client (on the same cores as the service) more
            // than the service spends sending it; only a failure's body is decoded, for its sample.
            inFlight.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).handle((resp, err) -> {
                latencies[idx] = System.nanoTime() - due;
                if (err == null && success.test(resp)) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    if (samples.size() < 5) {
                        samples.add(err != null ? err.toString()
                                : resp.statusCode() + " " + abbreviate(new String(resp.body(), StandardCharsets.UTF_8)));
                    }
                }
                synchronized (statuses) {
                    statuses.merge(err == null ? resp.statusCode() : -1, 1L, Long::sum);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        long elapsed = System.nanoTime() - start;
        long[] sorted = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new Result(name, rate, duration, total, ok.get(), failed.get(), statuses,
                total / (elapsed / 1e9), pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 0.999),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, List.copyOf(samples));
    }

    /** An HTTP client with enough connections for the open loop. */
    public static HttpClient client(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "load-client");
            t.setDaemon(true);
            return t;
        });
        return HttpClient.newBuilder().executor(pool).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1e6;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Reads an answer's body or fails with its status. */
    static String body(HttpResponse<String> r, int expected) throws IOException {
        if (r.statusCode() != expected) {
            throw new IOException("expected " + expected + ", got " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        return r.body();
    }
}
