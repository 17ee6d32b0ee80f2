package io.nicplan.service.persistence;

import java.nio.file.Path;
import java.util.Optional;

/** Where an embedded H2 database named by a JDBC URL lives on disk. */
final class EmbeddedH2 {
    private static final String FILE_URL = "jdbc:h2:file:";
    /** H2 2.x keeps a database named {@code x} in one MVStore file, {@code x.mv.db}. */
    private static final String MV_STORE_SUFFIX = ".mv.db";

    private EmbeddedH2() {
    }

    /** The database path (without H2's suffix) of a {@code jdbc:h2:file:} URL naming a database inside {@code dataDir}. */
    static Optional<Path> databaseIn(String jdbcUrl, Path dataDir) {
        if (!jdbcUrl.startsWith(FILE_URL)) {
            return Optional.empty();
        }
        Path database = Path.of(jdbcUrl.substring(FILE_URL.length()).split(";", 2)[0]).toAbsolutePath().normalize();
        return database.startsWith(dataDir.toAbsolutePath().normalize()) ? Optional.of(database) : Optional.empty();
    }

    /** The file H2 keeps {@code database} in. */
    static Path fileOf(Path database) {
        return database.resolveSibling(database.getFileName() + MV_STORE_SUFFIX);
    }
}
