package io.nicplan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
 *
 * <p>Requests go out over at most {@link #CONNECTIONS} kept-alive connections, one blocking worker each, as
 * wrk2 does with its fixed connections: a request due while every connection is busy waits in the client,
 * and the wait counts in its latency. The client shares the cores with the service it measures, so it is
 * kept cheap: the JDK's asynchronous {@code HttpClient} opened a connection for every request sent while
 * the others waited (1,700 connections after one stall of the server at 500/s) and spent 1.3 to 2.4 ms of
 * CPU per 42 KB answer, more than the service spent sending it. Each run reports the CPU its own threads
 * spent per request (the client's collector and compiler not included), so a reader can see what the
 * measurement cost. A latency counts the client's own collection pauses too, so the client allocates next to
 * nothing per request: an answer's body is read into its worker's reused buffer, and only its first bytes are
 * kept, for the samples of failures.
 */
public final class FixedRateLoad {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Connections (and blocking workers) per run. */
    public static final int CONNECTIONS = 32;

    static {
        // HttpURLConnection keeps this many idle connections per server (the default, 5, would close and reopen the rest).
        System.setProperty("http.maxConnections", Integer.toString(CONNECTIONS));
    }

    /** One request: its method, address, headers and body (empty for none). */
    public record Request(String method, URI uri, Map<String, String> headers, byte[] body) {
        public static Request get(URI uri, Map<String, String> headers) {
            return new Request("GET", uri, headers, new byte[0]);
        }

        public static Request post(URI uri, Map<String, String> headers, byte[] body) {
            return new Request("POST", uri, headers, body);
        }
    }

    /** An answer: its status, its body's length and its body's first bytes (at most {@link #HEAD_BYTES}). */
    public record Answer(int status, long bodyBytes, byte[] head) {
        /** The body's first bytes as text, for a failure's sample. */
        String headText() {
            return new String(head, StandardCharsets.UTF_8) + (bodyBytes > head.length ? "..." : "");
        }
    }

    /** How much of an answer's body is kept. */
    private static final int HEAD_BYTES = 200;
    /** Each worker's buffer for the bodies it reads (a 42 KB plan in two reads). */
    private static final ThreadLocal<byte[]> BODY_BUFFER = ThreadLocal.withInitial(() -> new byte[32 * 1024]);

    /** The outcome of one run. */
    public record Result(String name, double rate, Duration duration, long sent, long ok, long failed,
                         Map<Integer, Long> statuses, double throughput, double p50Ms, double p90Ms, double p99Ms,
                         double p999Ms, double maxMs, double clientCpuMicrosPerRequest, List<String> failureSamples) {

        public String report() {
            return String.format("%-28s rate %6.0f/s  sent %7d  ok %7d  failed %4d  throughput %8.1f/s  "
                            + "latency ms p50 %7.2f  p90 %7.2f  p99 %7.2f  p99.9 %7.2f  max %7.2f  statuses %s  "
                            + "client CPU %.0f us/request",
                    name, rate, sent, ok, failed, throughput, p50Ms, p90Ms, p99Ms, p999Ms, maxMs, statuses,
                    clientCpuMicrosPerRequest);
        }
    }

    private FixedRateLoad() {
    }

    /**
     * Sends {@code rate} requests per second for {@code duration}; {@code request.apply(i)} builds the
     * i-th request and {@code success} decides which answers count as ok.
     */
    public static Result run(String name, double rate, Duration duration, LongFunction<Request> request,
                             Predicate<Answer> success) throws InterruptedException {
        long total = requestCount(rate, duration);
        long intervalNanos = (long) (1e9 / rate);
        long[] latencies = new long[(int) total];
        Arrays.fill(latencies, -1);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Long> statuses = new TreeMap<>();
        ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        CountDownLatch answered = new CountDownLatch((int) total);
        List<Thread> workerThreads = new CopyOnWriteArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(CONNECTIONS, r -> {
            Thread t = new Thread(r, "load-" + name);
            t.setDaemon(true);
            workerThreads.add(t);
            return t;
        });
        long schedulerCpuBefore = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long clientCpu = 0;
        try {
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                final int idx = i;
                Request req = request.apply(i);
                workers.execute(() -> {
                    int status = -1;
                    try {
                        Answer answer = send(req);
                        status = answer.status();
                        if (success.test(answer)) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            sample(samples, status + " " + answer.headText());
                        }
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        sample(samples, e.toString());
                    } finally {
                        latencies[idx] = System.nanoTime() - due;
                        synchronized (statuses) {
                            statuses.merge(status, 1L, Long::sum);
                        }
                        answered.countDown();
                    }
                });
            }
            answered.await();
            clientCpu = THREADS.getCurrentThreadCpuTime() - schedulerCpuBefore;
            for (Thread t : workerThreads) {
                clientCpu += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
            }
        } finally {
            workers.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        long[] sorted = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new Result(name, rate, duration, total, ok.get(), failed.get(), statuses,
                total / (elapsed / 1e9), pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 0.999),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                clientCpu / 1e3 / total, List.copyOf(samples));
    }

    /** How many requests {@link #run} sends at {@code rate} for {@code duration}. */
    public static long requestCount(double rate, Duration duration) {
        return Math.max(1, (long) Math.floor(rate * duration.toNanos() / 1e9));
    }

    /**
     * Sends one request on a kept-alive connection and reads the whole answer (so the connection can be kept), into
     * the worker's buffer.
     */
    private static Answer send(Request req) throws IOException {
        HttpURLConnection c = (HttpURLConnection) req.uri().toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(120_000);
        c.setRequestMethod(req.method());
        req.headers().forEach(c::setRequestProperty);
        if (req.body().length > 0) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(req.body().length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(req.body());
            }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in == null) {
            return new Answer(status, 0, new byte[0]);
        }
        byte[] buffer = BODY_BUFFER.get();
        long length = 0;
        byte[] head = null;
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; length += n) {
                if (head == null) {
                    head = Arrays.copyOf(buffer, Math.min(n, HEAD_BYTES));
                }
            }
        }
        return new Answer(status, length, head == null ? new byte[0] : head);
    }

    private static void sample(ConcurrentLinkedQueue<String> samples, String what) {
        if (samples.size() < 5) {
            samples.add(what);
        }
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1e6;
    }

}
