package io.nicplan.flexnic.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** Tests' access to tshark (and other tools on the PATH): find it, run it, read its output. */
public final class Tshark {

    private Tshark() {
    }

    /** The executable {@code name} on the PATH, or null. */
    public static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Runs a command, asserting it exits 0 within two minutes; returns its standard output
     * (standard error, e.g. tshark's root warning, goes to a file in {@code dir}).
     */
    public static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + Arrays.toString(command));
        }
        assertThat(p.exitValue()).as("exit code of %s: %s", Arrays.toString(command), Files.readString(errors)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * Asserts that {@code tshark -V} output of the segments of in-order TCP sends shows no malformed packet, no
     * bad or unverified checksum and no TCP analysis warning (lost, retransmitted, reordered or overlapping data).
     */
    public static void assertCleanSegments(String details) {
        assertThat(details).doesNotContain("Malformed", "[incorrect", " incorrect, should be", "Bad checksum", "Status: Bad",
                "status: Bad", "Unverified", "previous segment not captured", "Retransmission", "Out-Of-Order", "overlap");
    }

    /** Whether a flag field of {@code tshark -T fields} is set (tshark writes 1, or True in some versions). */
    public static boolean isSet(String flag) {
        return flag.equals("1") || flag.equalsIgnoreCase("true");
    }
}
