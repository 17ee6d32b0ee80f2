package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.app.serve.ServiceLauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18, item 5: a damaged, lost or locked database stops {@code nicplan serve} with one line
 * naming the file and the cause (exit 1), and never starts empty over data the directory held.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a case that wrongly starts the service would serve forever
class DamagedDatabaseTest {
    private static final List<String> QUIET = List.of("--logging.level.root=OFF");

    @TempDir
    static Path work;

    /** A data directory with one stored plan, closed cleanly; each case damages a copy of it. */
    private static Path pristine;

    @BeforeAll
    static void aDirectoryWithData() throws Exception {
        pristine = work.resolve("pristine");
        ServiceLauncher launcher = ServiceLauncher.find().orElseThrow();
        try (ServiceLauncher.Running service = launcher.start(0, pristine, QUIET)) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/plans"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"nic\": \"builtin:flexnic\", \"strategy\": \"greedy\", \"flows\": []}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        }
        assertThat(pristine.resolve("nicplan-data.properties")).as("a clean close seals the file")
                .content().contains("closed.crc32c=");
    }

    private static Path copyOfPristine(String name) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        try (var files = Files.list(pristine)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static CliRun serve(Path dataDir) {
        return CliRun.of("serve", "--port", "0", "--data-dir", dataDir.toString(), "--logging.level.root=OFF");
    }

    private static void assertOneLineError(CliRun run, String... fragments) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("nicplan: error: ").contains(fragments).doesNotContain("Exception");
    }

    @Test
    void aCleanRestartKeepsTheData() throws Exception {
        Path dir = copyOfPristine("clean");
        try (ServiceLauncher.Running service = ServiceLauncher.find().orElseThrow().start(0, dir, QUIET)) {
            HttpResponse<String> plans = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/plans")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plans.body()).contains("builtin:flexnic");
        }
    }

    @Test
    void aDatabaseFileTruncatedToNothingIsRefusedNotStartedEmpty() throws IOException {
        Path dir = copyOfPristine("empty");
        truncate(dir.resolve("nicplan.mv.db"), 0);
        assertOneLineError(serve(dir), "is empty", "nicplan-data.properties", "Restore it from a backup");
    }

    @Test
    void aDeletedDatabaseFileIsRefused() throws IOException {
        Path dir = copyOfPristine("deleted");
        Files.delete(dir.resolve("nicplan.mv.db"));
        assertOneLineError(serve(dir), "is empty", dir.toString());
    }

    @Test
    void aDatabaseFileTruncatedToHalfOrTo4KiBNamesTheFile() throws IOException {
        for (String fraction : List.of("half", "4k")) {
            Path dir = copyOfPristine("truncated-" + fraction);
            Path file = dir.resolve("nicplan.mv.db");
            truncate(file, fraction.equals("half") ? Files.size(file) / 2 : 4096);
            assertOneLineError(serve(dir), "cannot open the database", file.toString());
        }
    }

    @Test
    void aDatabaseFileOfRandomBytesNamesTheFile() throws IOException {
        Path dir = copyOfPristine("random");
        Path file = dir.resolve("nicplan.mv.db");
        byte[] noise = new byte[(int) Files.size(file)];
        new Random(18).nextBytes(noise);
        Files.write(file, noise);
        assertOneLineError(serve(dir), "cannot open the database", file.toString());
    }

    @Test
    void aSecondInstanceOnTheSameDirectoryIsToldItIsInUse() throws Exception {
        Path dir = copyOfPristine("locked");
        // H2 shares an open database between users in one JVM, so the first instance runs in its own.
        String classpath = System.getProperty("java.class.path");
        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath, NicplanCommand.class.getName(),
                "serve", "--port", "0", "--data-dir", dir.toString(), "--logging.level.root=OFF")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("serving on")) {
                // wait until the first instance holds the database
            }
            assertThat(line).as("the first instance started").isNotNull();
            assertOneLineError(serve(dir), "cannot open the database", "already in use");
        } finally {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String plansOf(Path dataDir) throws Exception {
        try (ServiceLauncher.Running service = ServiceLauncher.find().orElseThrow().start(0, dataDir, QUIET)) {
            return HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/plans")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Test
    void aBackupRestoresADamagedDirectory() throws Exception {
        Path dir = copyOfPristine("restored");
        Path zip = work.resolve("offline.zip");
        CliRun backup = CliRun.of("db", "backup", "--data-dir", dir.toString(), "--to", zip.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        truncate(dir.resolve("nicplan.mv.db"), 0);
        assertThat(serve(dir).exitCode()).isEqualTo(1);

        CliRun restore = CliRun.of("db", "restore", "--data-dir", dir.toString(), "--from", zip.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("the replaced database is kept as");
        assertThat(plansOf(dir)).contains("builtin:flexnic");
    }

    @Test
    void theRunningServiceBacksItselfUpAndTheBackupRestoresElsewhere() throws Exception {
        Path dir = copyOfPristine("online");
        String file;
        try (ServiceLauncher.Running service = ServiceLauncher.find().orElseThrow().start(0, dir, QUIET)) {
            HttpResponse<String> taken = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/admin/backups"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
            file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(taken.body()).get("file").asText();
        }
        assertThat(Path.of(file)).startsWith(dir.resolve("backups")).exists();
        Path elsewhere = work.resolve("elsewhere");
        CliRun restore = CliRun.of("db", "restore", "--data-dir", elsewhere.toString(), "--from", file);
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(plansOf(elsewhere)).contains("builtin:flexnic");
    }

    @Test
    void aFileThatIsNotABackupIsRefusedAndNothingIsReplaced() throws IOException {
        Path dir = copyOfPristine("not-a-backup");
        Path bogus = Files.writeString(work.resolve("bogus.zip"), "not a zip");
        CliRun restore = CliRun.of("db", "restore", "--data-dir", dir.toString(), "--from", bogus.toString());
        assertOneLineError(restore, "bogus.zip", "not a readable zip");
        assertThat(Files.size(dir.resolve("nicplan.mv.db"))).isEqualTo(Files.size(pristine.resolve("nicplan.mv.db")));
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
