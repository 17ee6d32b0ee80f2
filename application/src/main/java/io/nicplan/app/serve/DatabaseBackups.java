package io.nicplan.app.serve;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Backs up and restores the service's embedded database while the service is stopped; the service
 * module provides the implementation ({@code META-INF/services}), so the command line needs no
 * database driver. A running service takes its own backups ({@code POST /api/admin/backups}).
 */
public interface DatabaseBackups {

    /** A backup or restore that could not be done, for a reason the operator can fix; one line. */
    final class Failure extends RuntimeException {
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes a consistent copy of the database under {@code dataDir} to {@code target} (a zip).
     *
     * @throws Failure when there is no database there, it is damaged, or a running service holds it
     */
    void backup(Path dataDir, Path target);

    /**
     * Replaces the database under {@code dataDir} by the one in {@code backup}; the file it replaces
     * is kept beside it.
     *
     * @return where the replaced database file was moved, if there was one
     * @throws Failure when the backup is unreadable or a running service holds the database
     */
    Optional<Path> restore(Path dataDir, Path backup);

    /** The implementation on the class path, if the service module is there. */
    static Optional<DatabaseBackups> find() {
        return ServiceLoader.load(DatabaseBackups.class).findFirst();
    }
}
