package io.nicplan.service.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sealed H2 file opens only as the clean close left it; a crash leaves no seal to hold against it. */
class DatabaseFileSealTest {
    @TempDir
    Path work;

    private static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("nicplan");
    }

    /** A database of a few hundred rows, closed: big enough that a cut in half leaves complete older chunks. */
    private static void fill(Path dir) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(dir), "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE plans (id INT PRIMARY KEY, body VARCHAR)");
            for (int i = 0; i < 400; i++) {
                s.execute("INSERT INTO plans VALUES (" + i + ", REPEAT('x', 200))");
            }
        }
    }

    private static DatabaseFileSeal seal(Path dir) {
        return DatabaseFileSeal.of(url(dir), dir).orElseThrow();
    }

    @Test
    void aSealedFileCopiedElsewherePassesTheCheck() throws Exception {
        Path dir = work.resolve("a");
        fill(dir);
        seal(dir).sealIfClosed();
        assertThatCode(seal(dir)::check).doesNotThrowAnyException();

        Path copy = Files.createDirectories(work.resolve("copy"));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName())); // without its times: only the bytes count
            }
        }
        assertThatCode(seal(copy)::check).doesNotThrowAnyException();
    }

    /** A filled database in {@code work/name}, closed and sealed; its file. */
    private Path sealedDatabase(String name) throws SQLException {
        Path dir = work.resolve(name);
        fill(dir);
        seal(dir).sealIfClosed();
        return seal(dir).file();
    }

    @Test
    void aTruncatedSealedFileIsRefusedByName() throws Exception {
        Path file = sealedDatabase("b");
        long size = Files.size(file);
        truncate(file);
        assertThatThrownBy(seal(file.getParent())::check).isInstanceOf(LostDatabaseException.class)
                .hasMessageContaining("cannot open the database: " + file)
                .hasMessageContaining(size + " bytes then, " + size / 2 + " now")
                .hasMessageContaining("nicplan db restore");
    }

    @Test
    void oneChangedByteIsRefused() throws Exception {
        Path file = sealedDatabase("c");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() / 3);
            int b = f.read();
            f.seek(f.length() / 3);
            f.write(b ^ 0x01);
        }
        assertThatThrownBy(seal(file.getParent())::check).isInstanceOf(LostDatabaseException.class)
                .hasMessageContaining("other contents");
    }

    @Test
    void aFileStillOpenIsNotSealedAndAnOpenedFileHasNoSeal() throws Exception {
        Path dir = work.resolve("d");
        fill(dir);
        DataDirectoryMarker marker = new DataDirectoryMarker(dir);
        try (Connection open = DriverManager.getConnection(url(dir), "sa", "")) {
            seal(dir).sealIfClosed(Duration.ofMillis(200));
            assertThat(marker.seal()).as("H2 holds the file").isEmpty();
        }
        seal(dir).sealIfClosed();
        assertThat(marker.seal()).isPresent();

        seal(dir).breakSeal(); // what a start does before it opens the file; a crash leaves it so
        truncate(seal(dir).file());
        assertThatCode(seal(dir)::check).as("no seal: H2's recovery decides").doesNotThrowAnyException();
    }

    @Test
    void anOfflineBackupLeavesTheFileSealedAndRefusesADamagedOne() throws Exception {
        Path dir = work.resolve("e");
        fill(dir);
        seal(dir).sealIfClosed();
        new EmbeddedDatabaseBackups().backup(dir, work.resolve("e.zip"));
        assertThat(new DataDirectoryMarker(dir).seal()).isPresent();
        assertThatCode(seal(dir)::check).doesNotThrowAnyException();

        truncate(seal(dir).file());
        assertThatThrownBy(() -> new EmbeddedDatabaseBackups().backup(dir, work.resolve("e2.zip")))
                .hasMessageContaining("is not the file nicplan closed");
        assertThat(work.resolve("e2.zip")).doesNotExist();
    }

    @Test
    void onlyAnH2FileInTheDataDirectoryIsSealed() {
        assertThat(DatabaseFileSeal.of("jdbc:postgresql://db/nicplan", work)).isEmpty();
        assertThat(DatabaseFileSeal.of("jdbc:h2:mem:nicplan", work)).isEmpty();
        assertThat(DatabaseFileSeal.of("jdbc:h2:file:/elsewhere/nicplan", work)).isEmpty();
        assertThat(DatabaseFileSeal.of(url(work) + ";WRITE_DELAY=0", work).orElseThrow().file())
                .isEqualTo(work.resolve("nicplan.mv.db").toAbsolutePath());
    }

    private static void truncate(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
    }
}
