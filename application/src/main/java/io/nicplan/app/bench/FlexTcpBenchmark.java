package io.nicplan.app.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./nicplan bench flextcp}: FlexTCP on two emulated FlexNICs against Linux's kernel TCP
 * over loopback, side by side in one run (issue #13's benchmarks).
 *
 * <ul>
 *   <li>RPC echo: closed-loop clients with one request of 64 bytes outstanding per connection,
 *       an echo server; requests per second, and per second of CPU used. FlexTCP's CPU is the
 *       one thread that runs both hosts (applications, fast paths, slow paths) and the link;
 *       Linux's is the client's and the server's threads, system time included.
 *   <li>Bulk: one FlexTCP flow that keeps its transmit buffer full; payload Gbit/s per core.
 *   <li>Connections opened and closed per second, 16 at a time, on both stacks.
 * </ul>
 *
 * <p>Every figure also carries the process's CPU time over the same window (garbage collection
 * and the JIT included); the per-core ratios use the process's CPU time, the stricter count.
 */
public final class FlexTcpBenchmark {

    /** The RPC size (request and response) the issue asks for. */
    public static final int RPC_BYTES = 64;
    /** Connections opening and closing at a time in the churn runs. */
    public static final int CHURN_IN_FLIGHT = 16;

    /**
     * @param connections connection counts of the echo runs
     * @param seconds CPU time each measured window lasts (the metered threads'; a window ends after
     *     two minutes of wall-clock time at the latest)
     * @param warmupSeconds CPU time each run warms up before it is measured
     * @param bulkMss MSS values of the bulk runs
     * @param churnConnections connections opened and closed in each churn run's measured window
     */
    public record Settings(List<Integer> connections, double seconds, double warmupSeconds, List<Integer> bulkMss,
            int churnConnections) {

        public Settings {
            connections = List.copyOf(connections);
            bulkMss = List.copyOf(bulkMss);
            for (int c : connections) {
                if (c < 1 || c > 4096) {
                    throw new IllegalArgumentException("--connections: each count must be 1..4096, got " + c);
                }
            }
            for (int m : bulkMss) {
                if (m < 536 || m > 8948) {
                    throw new IllegalArgumentException("--bulk-mss: each MSS must be 536..8948, got " + m);
                }
            }
            if (!(seconds > 0 && seconds <= 600) || !(warmupSeconds >= 0 && warmupSeconds <= 600)) {
                throw new IllegalArgumentException("--seconds must be in (0, 600] and --warmup in [0, 600]");
            }
            if (churnConnections < 0 || churnConnections > 20_000) {
                throw new IllegalArgumentException("--churn must be 0..20000 (ephemeral ports and TIME-WAIT), got "
                        + churnConnections);
            }
        }

        public static Settings defaults() {
            return new Settings(List.of(1, 64, 1024), 3, 2, List.of(1448, 8948), 10_000);
        }
    }

    /** CPU used over a measured window. */
    public record Cpu(double wallSeconds, double threadCpuSeconds, double processCpuSeconds, long gcMillis) {

        static Cpu of(CpuMeter.Window w) {
            return new Cpu(w.seconds(), w.threadCpuSeconds(), w.processCpuSeconds(), w.gcMillis());
        }
    }

    /** One echo run. */
    public record EchoRow(String stack, int connections, long requests, Cpu cpu, double requestsPerSecond,
            double requestsPerThreadCpuSecond, double requestsPerProcessCpuSecond) {
    }

    /** FlexTCP against Linux at one connection count: requests per process CPU second, FlexTCP's over Linux's. */
    public record EchoRatio(int connections, double perCoreRatio, double throughputRatio) {
    }

    /** One bulk run (FlexTCP). */
    public record BulkRow(int mss, long bytes, Cpu cpu, double gbitPerSecond, double gbitPerThreadCpuSecond,
            double gbitPerProcessCpuSecond, double simulatedGbitPerSecond, double senderFastPathSeconds,
            double receiverFastPathSeconds, double gbitPerFastPathCore) {
    }

    /** One run of connections opened and closed. */
    public record ChurnRow(String stack, long connections, Cpu cpu, double perSecond, double perThreadCpuSecond,
            double perProcessCpuSecond) {
    }

    /** Everything one run measured, and the machine it ran on. */
    public record Report(int cores, String loadAverageBefore, String loadAverageAfter, String javaVersion,
            Settings settings, String flexTcpSetup, List<EchoRow> echo, List<EchoRatio> echoRatios, List<BulkRow> bulk,
            List<ChurnRow> churn) {

        /** The report as tables. */
        public String table() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "machine: %d cores, Java %s, load average before %s, after %s%n", cores,
                    javaVersion, loadAverageBefore, loadAverageAfter));
            s.append("FlexTCP: ").append(flexTcpSetup).append('\n');
            s.append("Linux: Java NIO echo server and clients (one selector thread each) over 127.0.0.1\n\n");
            s.append(String.format(Locale.ROOT, "RPC echo, %d-byte request and response, one outstanding per connection%n",
                    RPC_BYTES));
            s.append(String.format(Locale.ROOT, "%-8s %6s %10s %7s %9s %9s %7s %12s %13s %13s%n", "stack", "conns",
                    "requests", "wall s", "thread s", "process s", "gc ms", "requests/s", "/thread-cpu-s",
                    "/process-cpu-s"));
            for (EchoRow r : echo) {
                s.append(String.format(Locale.ROOT, "%-8s %6d %10d %7.2f %9.2f %9.2f %7d %12.0f %13.0f %13.0f%n",
                        r.stack(), r.connections(), r.requests(), r.cpu().wallSeconds(), r.cpu().threadCpuSeconds(),
                        r.cpu().processCpuSeconds(), r.cpu().gcMillis(), r.requestsPerSecond(),
                        r.requestsPerThreadCpuSecond(), r.requestsPerProcessCpuSecond()));
            }
            for (EchoRatio r : echoRatios) {
                s.append(String.format(Locale.ROOT, "FlexTCP / Linux at %d connections: %.2fx per core (process CPU), "
                        + "%.2fx requests/s%n", r.connections(), r.perCoreRatio(), r.throughputRatio()));
            }
            if (!bulk.isEmpty()) {
                s.append("\nBulk: one FlexTCP flow, the sender keeping its transmit buffer full (everything on one core)\n");
                s.append(String.format(Locale.ROOT, "%6s %12s %7s %9s %9s %7s %8s %14s %15s %10s %10s %10s %17s%n",
                        "mss", "bytes", "wall s", "thread s", "process s", "gc ms", "Gbit/s", "/thread-cpu-s",
                        "/process-cpu-s", "simulated", "tx fp s", "rx fp s", "/fast-path-core"));
                for (BulkRow r : bulk) {
                    s.append(String.format(Locale.ROOT,
                            "%6d %12d %7.2f %9.2f %9.2f %7d %8.2f %14.2f %15.2f %10.2f %10.2f %10.2f %17.2f%n",
                            r.mss(), r.bytes(), r.cpu().wallSeconds(), r.cpu().threadCpuSeconds(),
                            r.cpu().processCpuSeconds(), r.cpu().gcMillis(), r.gbitPerSecond(),
                            r.gbitPerThreadCpuSecond(), r.gbitPerProcessCpuSecond(), r.simulatedGbitPerSecond(),
                            r.senderFastPathSeconds(), r.receiverFastPathSeconds(), r.gbitPerFastPathCore()));
                }
                s.append("(Gbit/s of payload; tx/rx fp s: CPU time in the sending and receiving NIC's pipeline and fast path; "
                        + "/fast-path-core: payload over the busier one)\n");
            }
            if (!churn.isEmpty()) {
                s.append(String.format(Locale.ROOT, "%nConnections opened and closed (both FINs acknowledged), %d at a time%n",
                        CHURN_IN_FLIGHT));
                s.append(String.format(Locale.ROOT, "%-8s %8s %7s %9s %9s %7s %10s %13s %14s%n", "stack", "conns",
                        "wall s", "thread s", "process s", "gc ms", "per s", "/thread-cpu-s", "/process-cpu-s"));
                for (ChurnRow r : churn) {
                    s.append(String.format(Locale.ROOT, "%-8s %8d %7.2f %9.2f %9.2f %7d %10.0f %13.0f %14.0f%n",
                            r.stack(), r.connections(), r.cpu().wallSeconds(), r.cpu().threadCpuSeconds(),
                            r.cpu().processCpuSeconds(), r.cpu().gcMillis(), r.perSecond(), r.perThreadCpuSecond(),
                            r.perProcessCpuSecond()));
                }
            }
            return s.toString();
        }
    }

    /** The longest wall-clock time one warm-up or measured window may take on a loaded machine. */
    private static final long WALL_LIMIT = 120_000_000_000L;

    private FlexTcpBenchmark() {
    }

    /** Runs every part; {@code progress} gets a line per run (stderr, say). */
    public static Report run(Settings settings, PrintStream progress) {
        String loadBefore = loadAverage();
        List<EchoRow> echo = new ArrayList<>();
        List<EchoRatio> ratios = new ArrayList<>();
        for (int connections : settings.connections()) {
            progress.printf(Locale.ROOT, "echo, %d connections: FlexTCP ...%n", connections);
            EchoRow flex = flexTcpEcho(connections, settings);
            progress.printf(Locale.ROOT, "echo, %d connections: Linux ...%n", connections);
            EchoRow linux = linuxEcho(connections, settings);
            echo.add(flex);
            echo.add(linux);
            ratios.add(new EchoRatio(connections, flex.requestsPerProcessCpuSecond() / linux.requestsPerProcessCpuSecond(),
                    flex.requestsPerSecond() / linux.requestsPerSecond()));
        }
        List<BulkRow> bulk = new ArrayList<>();
        for (int mss : settings.bulkMss()) {
            progress.printf(Locale.ROOT, "bulk, MSS %d: FlexTCP ...%n", mss);
            bulk.add(flexTcpBulk(mss, settings));
        }
        List<ChurnRow> churn = new ArrayList<>();
        if (settings.churnConnections() > 0) {
            progress.println("connections opened and closed: FlexTCP ...");
            churn.add(flexTcpChurn(settings));
            progress.println("connections opened and closed: Linux ...");
            churn.add(linuxChurn(settings));
        }
        return new Report(Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
                System.getProperty("java.version"), settings, "two emulated FlexNIC hosts (fast path, slow path, "
                        + "application contexts) on one simulated clock, joined by a simulated 40 Gbit/s link with 1 us "
                        + "delay; all of it on one thread", echo, ratios, bulk, churn);
    }

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    static EchoRow flexTcpEcho(int connections, Settings settings) {
        FlexTcpRig rig = new FlexTcpRig(connections, 16 * 1024, 1448);
        FlexTcpRig.echoServer(rig.server, 16 * 1024);
        FlexTcpRig.EchoClients clients = new FlexTcpRig.EchoClients(rig.client, connections, RPC_BYTES);
        rig.runUntil(() -> clients.opened, connections, nanos(60), "echo: connections opening");
        rig.runForCpu(nanos(settings.warmupSeconds()), WALL_LIMIT, "echo warm-up");
        CpuMeter meter = new CpuMeter(Thread.currentThread().getId());
        long before = clients.completed;
        meter.start();
        rig.runForCpu(nanos(settings.seconds()), WALL_LIMIT, "echo");
        CpuMeter.Window w = meter.stop();
        return echoRow("FlexTCP", connections, clients.completed - before, w);
    }

    static EchoRow linuxEcho(int connections, Settings settings) {
        try (LinuxLoopback server = new LinuxLoopback()) {
            LinuxLoopback.EchoClients clients = new LinuxLoopback.EchoClients(server.address(), connections, RPC_BYTES);
            clients.start("linux-echo-clients");
            clients.ready.await();
            clients.done();
            CpuMeter meter = new CpuMeter(clients.thread.getId(), server.serverThreadId());
            meter.awaitCpu(nanos(settings.warmupSeconds()), WALL_LIMIT, () -> {
                clients.done();
                server.check();
            });
            long before = clients.done();
            meter.start();
            meter.awaitCpu(nanos(settings.seconds()), WALL_LIMIT, () -> {
                clients.done();
                server.check();
            });
            long requests = clients.done() - before;
            CpuMeter.Window w = meter.stop();
            clients.stopAndJoin();
            server.check();
            return echoRow("Linux", connections, requests, w);
        } catch (IOException e) {
            throw new UncheckedIOException("Linux echo over loopback: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static EchoRow echoRow(String stack, int connections, long requests, CpuMeter.Window w) {
        return new EchoRow(stack, connections, requests, Cpu.of(w), requests / w.seconds(),
                requests / w.threadCpuSeconds(), requests / w.processCpuSeconds());
    }

    static BulkRow flexTcpBulk(int mss, Settings settings) {
        int buffer = 512 * 1024;
        FlexTcpRig rig = new FlexTcpRig(1, buffer, mss);
        FlexTcpRig.Bulk bulk = new FlexTcpRig.Bulk(rig.client, rig.server, buffer);
        rig.runForCpu(nanos(settings.warmupSeconds()), WALL_LIMIT, "bulk warm-up");
        CpuMeter meter = new CpuMeter(Thread.currentThread().getId());
        long before = bulk.bytesReceived;
        long simulatedBefore = rig.simulatedNanos();
        rig.client.timeFastPath(true);
        rig.server.timeFastPath(true);
        meter.start();
        rig.runForCpu(nanos(settings.seconds()), WALL_LIMIT, "bulk");
        CpuMeter.Window w = meter.stop();
        long bytes = bulk.bytesReceived - before;
        double bits = bytes * 8.0;
        // Each host's NIC would have its fast-path core: the busier one bounds the flow. The clock
        // reads around the NIC also count time the thread waited for a core on a loaded machine,
        // as the window's wall time does: each NIC's share of the wall time, applied to the
        // thread's CPU time, is its CPU time.
        double cpuPerWall = (double) w.threadCpuNanos() / w.wallNanos();
        long sender = (long) (rig.client.fastPathNanos() * cpuPerWall);
        long receiver = (long) (rig.server.fastPathNanos() * cpuPerWall);
        return new BulkRow(mss, bytes, Cpu.of(w), bits / w.wallNanos(), bits / w.threadCpuNanos(),
                bits / w.processCpuNanos(), bits / (rig.simulatedNanos() - simulatedBefore), sender / 1e9,
                receiver / 1e9, bits / Math.max(sender, receiver));
    }

    static ChurnRow flexTcpChurn(Settings settings) {
        FlexTcpRig rig = new FlexTcpRig(CHURN_IN_FLIGHT * 2, 4096, 1448);
        FlexTcpRig.Churn churn = new FlexTcpRig.Churn(rig.client, rig.server, CHURN_IN_FLIGHT);
        long warm = settings.churnConnections() / 5;
        rig.runUntil(() -> churn.closed, warm, nanos(300), "churn warm-up");
        CpuMeter meter = new CpuMeter(Thread.currentThread().getId());
        long before = churn.closed;
        meter.start();
        rig.runUntil(() -> churn.closed, before + settings.churnConnections(), nanos(600), "churn");
        CpuMeter.Window w = meter.stop();
        churn.running = false;
        return churnRow("FlexTCP", churn.closed - before, w);
    }

    static ChurnRow linuxChurn(Settings settings) {
        try (LinuxLoopback server = new LinuxLoopback()) {
            LinuxLoopback.Churn churn = new LinuxLoopback.Churn(server.address(), CHURN_IN_FLIGHT);
            churn.start("linux-churn-client");
            churn.ready.await();
            long warm = settings.churnConnections() / 5;
            while (churn.done() < warm) {
                Thread.sleep(1);
            }
            CpuMeter meter = new CpuMeter(churn.thread.getId(), server.serverThreadId());
            long before = churn.done();
            meter.start();
            while (churn.done() < before + settings.churnConnections()) {
                Thread.sleep(1);
                server.check();
            }
            long done = churn.done() - before;
            CpuMeter.Window w = meter.stop();
            churn.stopAndJoin();
            return churnRow("Linux", done, w);
        } catch (IOException e) {
            throw new UncheckedIOException("Linux connections over loopback: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ChurnRow churnRow(String stack, long connections, CpuMeter.Window w) {
        return new ChurnRow(stack, connections, Cpu.of(w), connections / w.seconds(), connections / w.threadCpuSeconds(),
                connections / w.processCpuSeconds());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
