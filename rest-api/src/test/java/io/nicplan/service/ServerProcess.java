package io.nicplan.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service in a JVM of its own (the test's classpath, {@link NicplanServiceApplication} as main),
 * so that a test can kill it with SIGKILL as a crash would and start it again on the same data.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the service on a free port over {@code dataDir} and waits until it answers. */
    static ServerProcess start(Path dataDir, String... extraArgs) throws IOException, InterruptedException {
        return start(dataDir, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), extraArgs);
    }

    /** As {@link #start(Path, String...)}, with the service JVM's options (heap size, GC log) given. */
    static ServerProcess start(Path dataDir, List<String> jvmOptions, String... extraArgs)
            throws IOException, InterruptedException {
        int port = freePort();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Xshare:auto",
                "-cp", classpath, NicplanServiceApplication.class.getName(),
                "--server.port=" + port, "--nicplan.data-dir=" + dataDir.toAbsolutePath(),
                "--logging.level.root=WARN"));
        cmd.addAll(List.of(extraArgs));
        Path log = Files.createTempFile(dataDir.getParent(), "server", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(p, port, log);
        server.awaitReady(Duration.ofMinutes(3));   // minutes on a loaded two-core machine
        return server;
    }

    int port() {
        return port;
    }

    Http http() {
        return new Http(port);
    }

    /** SIGKILL: no shutdown hooks, no clean close of the database, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server process did not die");
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http http = http();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (http.get("/api/nics").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("server did not start within " + timeout + ":\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
