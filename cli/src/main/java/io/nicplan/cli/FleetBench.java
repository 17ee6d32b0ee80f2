package io.nicplan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.bench.PlanPathBenchmark;
import io.nicplan.app.serve.ThrowawayPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code nicplan bench fleet}: several service processes over one PostgreSQL; one plan per host (seeded protocol
 * states of different shapes) posted round-robin with an Idempotency-Key each; one instance killed with SIGKILL
 * part way; prints plans per minute, per-plan latency percentiles (stored to ended, the service's own
 * timestamps), plans taken over and plans lost (docs/PERFORMANCE.md "Fleet").
 */
final class FleetBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrintStream out;

    FleetBench(PrintStream out) {
        this.out = out;
    }

    /** One service process. */
    private record Instance(String name, int port, Process process) {
        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    int run(int instances, int hosts, double killAt, long seed, String db) throws IOException, InterruptedException {
        ThrowawayPostgres cluster = null;
        List<Instance> fleet = new ArrayList<>();
        Path work = Files.createTempDirectory("nicplan-fleet");
        try {
            if (db == null) {
                if (ThrowawayPostgres.unavailable().isPresent()) {
                    throw new UserInputException("bench fleet: no --db given and " + ThrowawayPostgres.unavailable().get());
                }
                cluster = ThrowawayPostgres.start();
                db = cluster.createDatabase("nicplan_fleet");
            }
            for (int i = 0; i < instances; i++) {
                fleet.add(startInstance("i" + i, db, work));
            }
            for (Instance i : fleet) {
                awaitReady(i);
            }
            out.printf(Locale.ROOT, "fleet: %d instances over %s, %d hosts, instance i0 killed after %d%% of the posts%n",
                    instances, db.replaceAll("\\?.*", ""), hosts, Math.round(killAt * 100));
            Map<Integer, String> planOfHost = new HashMap<>();
            int killAfter = (int) Math.round(hosts * killAt);
            boolean killed = false;
            for (int h = 0; h < hosts; h++) {
                if (!killed && h >= killAfter && instances > 1) {
                    fleet.get(0).process().destroyForcibly().waitFor();
                    killed = true;
                }
                String body = JSON.writeValueAsString(request(h, seed));
                planOfHost.put(h, post(fleet, h, body, "host-" + seed + "-" + h));
            }
            List<Instance> alive = fleet.stream().filter(i -> i.process().isAlive()).toList();
            Instance reader = alive.get(0);
            long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
            while (active(reader) > 0) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(500);
            }
            report(reader, planOfHost, hosts);
            return 0;
        } finally {
            for (Instance i : fleet) {
                i.process().destroyForcibly();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** Posts one host's plan, to the next living instance round-robin; a refused or failed post goes to another. */
    private String post(List<Instance> fleet, int host, String body, String key) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            Instance to = fleet.get((host + attempt) % fleet.size());
            if (!to.process().isAlive()) {
                continue;
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(to.uri("/api/plans"))
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    return JSON.readTree(r.body()).get("id").asText();
                }
                if (r.statusCode() != 429) {
                    throw new IllegalStateException("POST for host " + host + " answered " + r.statusCode() + ": " + r.body());
                }
                Thread.sleep(200);   // every runner busy: the same key again, maybe elsewhere
            } catch (IOException e) {
                // The instance died under the request: the same key on another one answers the same plan if it was stored.
            }
        }
        throw new IllegalStateException("no instance took the plan of host " + host);
    }

    private long active(Instance reader) throws IOException, InterruptedException {
        JsonNode list = get(reader, "/api/plans");
        long n = 0;
        for (JsonNode p : list) {
            String s = p.get("status").asText();
            if (s.equals("QUEUED") || s.equals("SOLVING")) {
                n++;
            }
        }
        return n;
    }

    private void report(Instance reader, Map<Integer, String> planOfHost, int hosts) throws IOException, InterruptedException {
        List<Long> latencies = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        int completed = 0;
        int takenOver = 0;
        Map<String, Integer> bySolver = new java.util.TreeMap<>();
        for (String id : planOfHost.values()) {
            JsonNode v = get(reader, "/api/plans/" + id);
            if (!v.get("status").asText().equals("COMPLETED")) {
                continue;
            }
            completed++;
            Instant created = Instant.parse(v.get("createdAt").asText());
            Instant ended = Instant.parse(v.get("updatedAt").asText());
            latencies.add(Duration.between(created, ended).toMillis());
            first = first == null || created.isBefore(first) ? created : first;
            last = last == null || ended.isAfter(last) ? ended : last;
            JsonNode execution = v.path("execution");
            if (execution.path("takeovers").asInt() > 0) {
                takenOver++;
            }
            bySolver.merge(execution.path("solvedBy").asText("?"), 1, Integer::sum);
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double minutes = first == null ? 0 : Duration.between(first, last).toMillis() / 60_000.0;
        out.printf(Locale.ROOT, "plans completed      %d of %d%n", completed, hosts);
        out.printf(Locale.ROOT, "plans per minute     %.1f  (%.1f s from the first stored to the last ended)%n",
                minutes == 0 ? 0 : completed / minutes, minutes * 60);
        out.printf(Locale.ROOT, "latency p50/p90/p99/max  %d / %d / %d / %d ms  (stored to ended)%n",
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        out.printf(Locale.ROOT, "plans taken over     %d%n", takenOver);
        out.printf(Locale.ROOT, "plans lost           %d%n", hosts - completed);
        out.printf(Locale.ROOT, "solved by            %s%n", bySolver);
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private JsonNode get(Instance i, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(i.uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /**
     * Host {@code h}'s plan request: a seeded protocol state whose shape differs per host (2 to 8 cores, one to three
     * applications with UDP and TCP endpoints, 4 to 40 flows, a fifth of them gold), planned greedily on the 82599.
     */
    static ObjectNode request(int h, long seed) {
        Random r = new Random(seed * 1_000_003L + h);
        ObjectNode req = JSON.createObjectNode();
        req.put("nic", "builtin:intel-82599");
        ObjectNode s = req.putObject("state");
        ObjectNode eth0 = s.putArray("interfaces").addObject();
        eth0.put("name", "eth0").put("mac", "02:00:00:00:00:01");
        eth0.putArray("ipv4").add("10.0.0.1");
        int cores = 2 + r.nextInt(7);
        int apps = 1 + r.nextInt(3);
        ArrayNode applications = s.putArray("applications");
        ArrayNode endpoints = s.putArray("endpoints");
        List<String> ports = new ArrayList<>();
        for (int a = 0; a < apps; a++) {
            ObjectNode app = applications.addObject().put("name", "app" + a);
            ArrayNode appCores = app.putArray("cores");
            for (int c = 0; c < cores; c++) {
                appCores.add(c);
            }
            for (String proto : new String[] {"udp", "tcp"}) {
                int port = 11211 + a;
                ObjectNode e = endpoints.addObject();
                e.put("name", "app" + a + "_" + proto).put("proto", proto).put("local", "*:" + port)
                        .put("application", "app" + a);
                ArrayNode sockets = e.putArray("sockets");
                for (int c = 0; c < cores; c++) {
                    sockets.addObject().put("core", c);
                }
                ports.add(proto + ":" + port);
            }
        }
        ArrayNode flows = req.putArray("flows");
        int n = 4 + r.nextInt(37);
        for (int i = 0; i < n; i++) {
            String[] target = ports.get(r.nextInt(ports.size())).split(":");
            PlanPathBenchmark.addFlow(flows, i, target[0], Integer.parseInt(target[1]), r);
        }
        PlanPathBenchmark.greedyForPriorityAndCycles(req);
        return req;
    }

    private Instance startInstance(String name, String db, Path work) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(work.resolve(name));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Xmn192m", "-XX:MaxGCPauseMillis=10", "-XX:MetaspaceSize=128m")); // as ./nicplan serve runs (docs/service.md "JVM options")
        String cp = System.getProperty("java.class.path");
        if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator)) {
            cmd.addAll(List.of("-jar", cp));
        } else {
            cmd.addAll(List.of("-cp", cp, NicplanCommand.class.getName()));
        }
        cmd.addAll(Arrays.asList("serve", "--port", Integer.toString(port), "--data-dir", data.toString(), "--db", db,
                "--nicplan.fleet.instance-id=" + name, "--nicplan.fleet.lease=PT5S", "--logging.level.root=WARN"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile())
                .start();
        return new Instance(name, port, p);
    }

    private void awaitReady(Instance i) throws InterruptedException {
        // Ten minutes: a Spring Boot start takes minutes on a loaded two-core machine.
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!i.process().isAlive()) {
                throw new IllegalStateException("instance " + i.name() + " exited with " + i.process().exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(i.uri("/api/nics")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new UserInputException("bench fleet: instance " + i.name() + " did not start within 10 minutes");
    }
}
