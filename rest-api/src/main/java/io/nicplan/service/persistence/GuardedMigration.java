package io.nicplan.service.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Migrates the schema, but refuses to start over a database that has lost the data its
 * {@link DataDirectoryMarker} says it held (a truncated or deleted H2 file opens as a new, empty one).
 * In-memory databases are empty at every start by design and are not guarded.
 */
@Configuration(proxyBeanMethods = false)
class GuardedMigration {

    @Bean
    FlywayMigrationStrategy guardedMigrationStrategy(@Value("${nicplan.data-dir}") Path dataDir) {
        DataDirectoryMarker marker = new DataDirectoryMarker(dataDir);
        return flyway -> {
            String url = jdbcUrl(flyway);
            boolean guarded = !url.startsWith("jdbc:h2:mem:");
            String database = identity(url, dataDir);
            MigrationInfo[] applied = flyway.info().applied();
            if (guarded && applied.length == 0) {
                marker.recordedSince(database).ifPresent(since -> {
                    throw new LostDatabaseException("the database " + url + " is empty, but " + marker.file()
                            + " records nicplan data in it since " + since
                            + ": the database file was lost, truncated or replaced. Restore it from a backup"
                            + " (nicplan db restore), or move the data directory aside to start with an empty one");
                });
            }
            flyway.migrate();
            if (guarded) {
                MigrationInfo current = flyway.info().current();
                marker.record(database, current == null ? "none" : current.getVersion().getVersion());
            }
        };
    }

    /**
     * The embedded database is named relative to the data directory, so a directory moved or
     * restored elsewhere still recognises its own record; any other database by its URL.
     */
    static String identity(String jdbcUrl, Path dataDir) {
        return EmbeddedH2.databaseIn(jdbcUrl, dataDir)
                .map(database -> "embedded H2 " + dataDir.toAbsolutePath().normalize().relativize(database))
                .orElse(jdbcUrl);
    }

    private static String jdbcUrl(Flyway flyway) {
        try (Connection c = flyway.getConfiguration().getDataSource().getConnection()) {
            return c.getMetaData().getURL();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    /** The database could not be opened at all (damaged file, locked by another process, server down). */
    static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
