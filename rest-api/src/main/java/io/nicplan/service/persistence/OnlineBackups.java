package io.nicplan.service.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Backups the running service takes of its own embedded database (H2's {@code BACKUP TO}, which
 * copies a consistent state while requests go on) into {@code DATA_DIR/backups/}. The folder is
 * the service's choice, never a client's: a client names no file on the server.
 */
@Component
public class OnlineBackups {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final Path folder;

    public OnlineBackups(DataSource dataSource, @Value("${nicplan.data-dir}") Path dataDir) {
        this.dataSource = dataSource;
        this.folder = dataDir.resolve("backups");
    }

    /** One backup taken. */
    public record Backup(Path file, long bytes, Instant takenAt) {
    }

    /**
     * Takes a backup, or says why it cannot: empty when the database is not H2 (a PostgreSQL or other
     * server is backed up with that server's own tools).
     */
    public Optional<Backup> take() {
        Instant now = Instant.now();
        Path target = folder.resolve("nicplan-" + STAMP.format(now) + ".zip");
        try (Connection c = dataSource.getConnection()) {
            if (!c.getMetaData().getURL().startsWith("jdbc:h2:")) {
                return Optional.empty();
            }
            EmbeddedDatabaseBackups.backupTo(c, target);
            return Optional.of(new Backup(target, Files.size(target), now));
        } catch (SQLException e) {
            throw new IllegalStateException("backup to " + target + " failed: " + DatabaseMessages.of(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
