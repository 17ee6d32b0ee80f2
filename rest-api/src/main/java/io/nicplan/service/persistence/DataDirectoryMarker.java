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
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A small file beside the database recording that this data directory holds nicplan data, for which
 * database, and since when. H2 opens a zero-length or missing file as a new, empty database without
 * complaint; without this record a lost file would look like a first start and the service would
 * carry on empty over a backup the operator still has. It also keeps the seal of the database file
 * as the last clean close left it ({@link DatabaseFileSeal}).
 */
final class DataDirectoryMarker {
    static final String FILE_NAME = "nicplan-data.properties";
    private static final String SEAL_PREFIX = "closed.";

    private final Path file;

    DataDirectoryMarker(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    /** When the data for {@code database} was first migrated, if this directory recorded it. */
    Optional<String> recordedSince(String database) {
        Properties p = load();
        return database.equals(p.getProperty("database")) ? Optional.of(p.getProperty("since", "an earlier start"))
                : Optional.empty();
    }

    /** Records that {@code database} holds nicplan data at {@code schemaVersion}; keeps the first start's date. */
    void record(String database, String schemaVersion) {
        String since = recordedSince(database).orElse(Instant.now().toString());
        Properties p = load();
        p.setProperty("database", database);
        p.setProperty("schema-version", schemaVersion);
        p.setProperty("since", since);
        store(p);
    }

    /** The seal the last clean close recorded, if the file has not been opened since. */
    Optional<DatabaseFileSeal.Seal> seal() {
        Properties p = load();
        String name = p.getProperty(SEAL_PREFIX + "file");
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DatabaseFileSeal.Seal(name, p.getProperty(SEAL_PREFIX + "at", "an earlier close"),
                    Long.parseLong(p.getProperty(SEAL_PREFIX + "bytes")),
                    Long.parseLong(p.getProperty(SEAL_PREFIX + "crc32c"), 16)));
        } catch (NumberFormatException e) {   // a missing number too: Long.parseLong(null) throws it
            return Optional.empty(); // a record edited by hand proves nothing either way
        }
    }

    void seal(DatabaseFileSeal.Seal seal) {
        Properties p = load();
        p.setProperty(SEAL_PREFIX + "file", seal.file());
        p.setProperty(SEAL_PREFIX + "at", seal.at());
        p.setProperty(SEAL_PREFIX + "bytes", Long.toString(seal.bytes()));
        p.setProperty(SEAL_PREFIX + "crc32c", Long.toHexString(seal.crc32c()));
        store(p);
    }

    /** Forgets the seal: the file is about to change (opened, or replaced by a restore). */
    void breakSeal() {
        Properties p = load();
        List<String> sealKeys = p.stringPropertyNames().stream().filter(k -> k.startsWith(SEAL_PREFIX)).toList();
        if (!sealKeys.isEmpty()) {
            sealKeys.forEach(p::remove);
            store(p);
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (!Files.isRegularFile(file)) {
            return p;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return p;
    }

    private void store(Properties p) {
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
