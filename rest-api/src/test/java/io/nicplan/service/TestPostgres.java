package io.nicplan.service;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL for tests: the server {@code NICPLAN_TEST_JDBC_URL} names (CI or a developer's), or else a
 * throw-away cluster this JVM starts itself from the Debian {@code postgresql} package's binaries, as the
 * {@code postgres} user (the server refuses to run as root) in a temporary folder on a free loopback port, and
 * stops at exit. Each test gets a database of its own. {@link #unavailable()} says why there is none.
 */
public final class TestPostgres {
    public static final String ENV = "NICPLAN_TEST_JDBC_URL";
    private static String adminUrl;
    private static String reason;

    private TestPostgres() {
    }

    /** A new empty database's JDBC URL (user in the URL), or empty with {@link #unavailable()} saying why. */
    public static synchronized Optional<String> freshDatabase() {
        if (adminUrl == null && reason == null) {
            start();
        }
        if (adminUrl == null) {
            return Optional.empty();
        }
        String name = "nicplan_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + adminUrl + ": " + e.getMessage(), e);
        }
        return Optional.of(withDatabase(adminUrl, name));
    }

    /** Why no PostgreSQL is available (null when one is). */
    public static synchronized String unavailable() {
        return reason;
    }

    /** {@code url} naming database {@code name} instead of its own. */
    static String withDatabase(String url, String name) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + name + params;
    }

    private static void start() {
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            adminUrl = fromEnv;
            return;
        }
        Optional<Path> bin = serverBinaries();
        if (bin.isEmpty()) {
            reason = ENV + " is not set and no PostgreSQL server binaries are installed (/usr/lib/postgresql/*/bin;"
                    + " Debian package postgresql)";
            return;
        }
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            reason = ENV + " is not set, and starting a PostgreSQL cluster here needs root (to run it as user postgres)";
            return;
        }
        try {
            Path dir = Files.createTempDirectory("nicplan-pg");
            run(List.of("chown", "postgres", dir.toString()));
            Path data = dir.resolve("data");
            run(List.of("runuser", "-u", "postgres", "--", bin.get().resolve("initdb").toString(), "-D", data.toString(),
                    "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"));
            int port = freePort();
            // fsync off: a throw-away cluster need not survive a power cut; the tests' kill -9 hits the service, not it.
            run(List.of("runuser", "-u", "postgres", "--", bin.get().resolve("pg_ctl").toString(), "-D", data.toString(),
                    "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                    "start"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(List.of("runuser", "-u", "postgres", "--", bin.get().resolve("pg_ctl").toString(), "-D",
                            data.toString(), "-m", "immediate", "stop"));
                    run(List.of("rm", "-rf", dir.toString()));
                } catch (IOException | InterruptedException ignored) {
                    // the folder is a temporary one
                }
            }));
            adminUrl = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        } catch (IOException | InterruptedException e) {
            reason = "starting a throw-away PostgreSQL cluster failed: " + e.getMessage();
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
