package io.nicplan.app.serve;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL cluster from the Debian {@code postgresql} package's server binaries, for the fleet
 * tests and {@code nicplan bench fleet}: created in a temporary folder, run as user {@code postgres} (the server
 * refuses to run as root) through {@code runuser}, listening on a free loopback port, and removed on
 * {@link #close()}. Durability is off (fsync=off): nothing in it outlives the run.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;

    private ThrowawayPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Why no cluster can be started here, or empty when one can. */
    public static Optional<String> unavailable() {
        if (serverBinaries().isEmpty()) {
            return Optional.of("no PostgreSQL server binaries are installed (/usr/lib/postgresql/*/bin; Debian package"
                    + " postgresql)");
        }
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            return Optional.of("starting a PostgreSQL cluster here needs root (to run it as user postgres via runuser)");
        }
        return Optional.empty();
    }

    /** Creates and starts a cluster; {@link #unavailable()} must be empty. */
    public static ThrowawayPostgres start() throws IOException, InterruptedException {
        Path bin = serverBinaries().orElseThrow(() -> new IOException(unavailable().orElse("no PostgreSQL")));
        Path dir = Files.createTempDirectory("nicplan-pg");
        run(List.of("chown", "postgres", dir.toString()));
        Path data = dir.resolve("data");
        run(List.of("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D", data.toString(),
                "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"));
        int port = freePort();
        run(List.of("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300",
                "start"));
        return new ThrowawayPostgres(bin, dir, port);
    }

    /** Creates an empty database and answers its JDBC URL (user in the URL; trust authentication on loopback). */
    public String createDatabase(String name) throws IOException, InterruptedException {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name " + name);
        }
        run(List.of("runuser", "-u", "postgres", "--", bin.resolve("createdb").toString(), "-h", dir.toString(),
                "-p", Integer.toString(port), "-U", "postgres", name));
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    /** The JDBC URL of the cluster's {@code postgres} database (for CREATE DATABASE). */
    public String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    @Override
    public void close() {
        try {
            run(List.of("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D",
                    dir.resolve("data").toString(), "-m", "immediate", "stop"));
            run(List.of("rm", "-rf", dir.toString()));
        } catch (IOException e) {
            // a temporary folder left behind
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Path> serverBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (var versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max((a, b) -> Integer.compare(version(a), version(b)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
