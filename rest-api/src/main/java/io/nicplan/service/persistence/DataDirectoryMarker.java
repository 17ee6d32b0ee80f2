package io.nicplan.service.persistence;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * A small file beside the database recording that this data directory holds nicplan data, for which
 * database, and since when. H2 opens a zero-length or missing file as a new, empty database without
 * complaint; without this record a lost file would look like a first start and the service would
 * carry on empty over a backup the operator still has.
 */
final class DataDirectoryMarker {
    static final String FILE_NAME = "nicplan-data.properties";

    private final Path file;

    DataDirectoryMarker(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    /** When the data for {@code database} was first migrated, if this directory recorded it. */
    Optional<String> recordedSince(String database) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return database.equals(p.getProperty("database")) ? Optional.of(p.getProperty("since", "an earlier start"))
                : Optional.empty();
    }

    /** Records that {@code database} holds nicplan data at {@code schemaVersion}; keeps the first start's date. */
    void record(String database, String schemaVersion) {
        String since = recordedSince(database).orElse(Instant.now().toString());
        Properties p = new Properties();
        p.setProperty("database", database);
        p.setProperty("schema-version", schemaVersion);
        p.setProperty("since", since);
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(FILE_NAME + ".partial");
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                p.store(out, "nicplan: this directory holds a nicplan database; do not delete while it does");
            }
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
