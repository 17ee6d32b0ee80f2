package io.nicplan.service.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 file as the last clean close left it: its length and CRC-32C, kept in the data directory's
 * {@link DataDirectoryMarker}. H2's MVStore keeps older chunks of every map and, opening a file cut short,
 * falls back to the newest complete ones it still finds. Depending on where the cut falls the service then
 * starts on data older than what it acknowledged, or fails half-way through a migration on a schema that is
 * partly old. A file that is not byte for byte what the close left is refused before H2 touches it. After a
 * crash there is no seal (opening breaks it) and H2's own recovery decides, as it must.
 */
final class DatabaseFileSeal {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFileSeal.class);
    /** How long a close waits for H2 to let go of the file before leaving it unsealed. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** What the last clean close left: the file's name in the data directory, when, its length and CRC-32C. */
    record Seal(String file, String at, long bytes, long crc32c) {
    }

    private final Path file;
    private final DataDirectoryMarker marker;

    private DatabaseFileSeal(Path file, DataDirectoryMarker marker) {
        this.file = file;
        this.marker = marker;
    }

    /** The seal of the H2 file {@code jdbcUrl} names, when it is a file in {@code dataDir}. */
    static Optional<DatabaseFileSeal> of(String jdbcUrl, Path dataDir) {
        return EmbeddedH2.databaseIn(jdbcUrl, dataDir)
                .map(database -> new DatabaseFileSeal(EmbeddedH2.fileOf(database), new DataDirectoryMarker(dataDir)));
    }

    Path file() {
        return file;
    }

    /**
     * Refuses a file that is not the one the last clean close sealed. A missing or empty file is left to
     * {@code GuardedMigration}, which says what was lost.
     */
    void check() {
        Optional<Seal> seal = marker.seal().filter(s -> s.file().equals(file.getFileName().toString()));
        if (seal.isEmpty() || !Files.isRegularFile(file)) {
            return;
        }
        Seal now = measure();
        if (now.bytes() == 0) {
            return;
        }
        Seal closed = seal.get();
        if (now.bytes() != closed.bytes() || now.crc32c() != closed.crc32c()) {
            String change = now.bytes() != closed.bytes()
                    ? closed.bytes() + " bytes then, " + now.bytes() + " now"
                    : "the same " + now.bytes() + " bytes, other contents";
            throw new LostDatabaseException("cannot open the database: " + file + " is not the file nicplan closed at "
                    + closed.at() + " (" + change + "): it was truncated, damaged or replaced since. Restore it from a"
                    + " backup (nicplan db restore), or move the data directory aside to start with an empty one");
        }
    }

    /** The file is about to change: a crash from here on must not leave a seal that no longer fits. */
    void breakSeal() {
        marker.breakSeal();
    }

    /** Before H2 opens the file: {@link #check} it, then {@link #breakSeal}. */
    void beforeOpening() {
        check();
        breakSeal();
    }

    /**
     * Seals the file if nobody holds it open. H2 locks the file while the database is open (in this JVM too),
     * so a file still locked (another service on the same directory, H2's own shutdown hook still closing) is
     * left unsealed, which costs only the check at the next start.
     */
    void sealIfClosed() {
        sealIfClosed(CLOSE_WAIT);
    }

    /** As above, waiting up to {@code wait} for the file to be let go. */
    void sealIfClosed(Duration wait) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Optional<FileLock> lock = lockIfFree(channel);
            // The pool closes its last connection on a thread of its own, and H2 closes the file behind it.
            for (long deadline = System.nanoTime() + wait.toNanos(); lock.isEmpty() && System.nanoTime() < deadline; ) {
                Thread.sleep(50);
                lock = lockIfFree(channel);
            }
            if (lock.isEmpty()) {
                LOG.warn("{} is still open at close, so it is not sealed: the next start will not check it", file);
                return;
            }
            try (FileLock held = lock.get()) {
                marker.seal(measure(channel));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A shared lock on the whole file, or empty when a process (this one included) holds it for writing. */
    private static Optional<FileLock> lockIfFree(FileChannel channel) throws IOException {
        try {
            return Optional.ofNullable(channel.tryLock(0, Long.MAX_VALUE, true));
        } catch (OverlappingFileLockException heldInThisJvm) {
            return Optional.empty();
        }
    }

    private Seal measure() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return measure(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private Seal measure(FileChannel channel) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long bytes = 0;
        for (int n; (n = channel.read(buffer)) >= 0; buffer.clear()) {
            buffer.flip();
            crc.update(buffer);
            bytes += n;
        }
        return new Seal(file.getFileName().toString(), Instant.now().toString(), bytes, crc.getValue());
    }
}
