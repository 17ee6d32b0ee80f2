package io.nicplan.app.export;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real command run from a test: its exit status and its output (stdout and stderr together, as a user sees them). */
record Tool(int exit, String output) {

    static Tool run(List<String> command, String stdin, long timeoutSeconds) {
        try {
            Path in = Files.createTempFile("nicplan-tool", ".in");
            try {
                Files.writeString(in, stdin);
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(in.toFile()).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + " did not end within " + timeoutSeconds + " s");
                }
                return new Tool(p.exitValue(), new String(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            return new Tool(127, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Tool run(String... command) {
        return run(List.of(command), "", 60);
    }

    /** Whether {@code name} is an executable on the PATH (or /usr/sbin, where ethtool, tc and ip live). */
    static boolean installed(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /** {@code line} split on white space: the exported commands quote nothing. */
    static List<String> words(String line) {
        return List.of(line.trim().split("\\s+"));
    }
}
