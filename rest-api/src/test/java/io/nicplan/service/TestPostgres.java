package io.nicplan.service;

import io.nicplan.app.serve.ThrowawayPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * A real PostgreSQL for tests: the server {@code NICPLAN_TEST_JDBC_URL} names (CI or a developer's), or else a
 * {@link ThrowawayPostgres} cluster this JVM starts itself (stopped at exit). Each test gets a database of its
 * own; {@link #unavailable()} says why there is none.
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
        Optional<String> why = ThrowawayPostgres.unavailable();
        if (why.isPresent()) {
            reason = ENV + " is not set and " + why.get();
            return;
        }
        try {
            ThrowawayPostgres cluster = ThrowawayPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            adminUrl = cluster.adminUrl();
        } catch (IOException | InterruptedException e) {
            reason = "starting a throw-away PostgreSQL cluster failed: " + e.getMessage();
        }
    }
}
