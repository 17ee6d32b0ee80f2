package io.nicplan.service.persistence;

import io.nicplan.app.serve.DatabaseBackups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.h2.tools.Restore;

/**
 * Backs up and restores the embedded H2 database ({@code DATA_DIR/nicplan.mv.db}, the default
 * {@code spring.datasource.url}) while no service holds it. A backup is H2's {@code BACKUP TO}: a
 * zip of a consistent copy, taken through a connection so a half-written page never reaches it.
 */
public final class EmbeddedDatabaseBackups implements DatabaseBackups {
    /** The database name in {@code application.properties}' default URL. */
    static final String DATABASE = "nicplan";
    static final String FILE = DATABASE + ".mv.db";
    /** H2's "Database may be already in use" (ErrorCode.DATABASE_ALREADY_OPEN_1). */
    private static final int DATABASE_ALREADY_OPEN = 90020;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Override
    public void backup(Path dataDir, Path target) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new Failure("there is no nicplan database in " + dataDir.toAbsolutePath() + " (no " + FILE + ")", null);
        }
        DatabaseFileSeal seal = sealOf(dataDir);
        try {
            seal.beforeOpening();
        } catch (LostDatabaseException damaged) {
            throw new Failure(damaged.getMessage(), damaged);
        }
        try (Connection c = open(dataDir)) {
            backupTo(c, target);
        } catch (SQLException e) {
            throw new Failure("cannot back up " + file.toAbsolutePath() + ": " + inUseHint(e), e);
        }
        seal.sealIfClosed();
    }

    /** {@code BACKUP TO} on an open connection: what the running service does for POST /api/admin/backups. */
    static void backupTo(Connection c, Path target) throws SQLException {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("cannot create the folder of " + target, e);
        }
        try (Statement s = c.createStatement()) {
            s.execute("BACKUP TO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
        }
    }

    @Override
    public Optional<Path> restore(Path dataDir, Path backup) {
        if (!Files.isRegularFile(backup)) {
            throw new Failure("no backup file " + backup.toAbsolutePath(), null);
        }
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            if (zip.getEntry(FILE) == null) {
                throw new Failure(backup.toAbsolutePath() + " is not a nicplan backup (it holds no " + FILE + ")", null);
            }
        } catch (IOException e) {
            throw new Failure(backup.toAbsolutePath() + " is not a readable zip: " + e.getMessage(), e);
        }
        Path file = dataDir.resolve(FILE);
        refuseIfInUse(dataDir, file);
        try {
            Files.createDirectories(dataDir);
            Optional<Path> replaced = Optional.empty();
            if (Files.exists(file)) {
                Path aside = file.resolveSibling(FILE + ".replaced-" + STAMP.format(Instant.now()));
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                replaced = Optional.of(aside);
            }
            Restore.execute(backup.toAbsolutePath().toString(), dataDir.toAbsolutePath().toString(), DATABASE);
            sealOf(dataDir).sealIfClosed();
            return replaced;
        } catch (IOException | RuntimeException e) {
            throw new Failure("cannot restore " + backup.toAbsolutePath() + " into " + dataDir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Restoring under a running service would corrupt both; a healthy or damaged file nobody holds is fine. */
    private static void refuseIfInUse(Path dataDir, Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (Connection ignored = open(dataDir)) {
            // opened and closed again: nobody else holds it
        } catch (SQLException e) {
            if (e.getErrorCode() == DATABASE_ALREADY_OPEN) {
                throw new Failure("cannot restore into " + dataDir.toAbsolutePath() + ": " + inUseHint(e), e);
            }
            // A damaged file is what a restore is for.
        }
    }

    private static String url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(DATABASE);
    }

    private static Connection open(Path dataDir) throws SQLException {
        return DriverManager.getConnection(url(dataDir) + ";IFEXISTS=TRUE", "sa", "");
    }

    private static DatabaseFileSeal sealOf(Path dataDir) {
        return DatabaseFileSeal.of(url(dataDir), dataDir).orElseThrow();
    }

    private static String inUseHint(SQLException e) {
        String line = DatabaseMessages.of(e);
        return e.getErrorCode() == DATABASE_ALREADY_OPEN
                ? line + "; stop the service first, or ask the running service for a backup (POST /api/admin/backups)"
                : line;
    }
}
