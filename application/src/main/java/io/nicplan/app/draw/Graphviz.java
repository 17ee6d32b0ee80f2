package io.nicplan.app.draw;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * SVG from DOT by Graphviz's {@code dot -Tsvg}, when the machine has it (Debian package {@code
 * graphviz}). Drawing in Java or in the browser would mean a layout engine of our own or a
 * multi-megabyte WebAssembly build in the jar; the drawings here are small once folded
 * ({@code io.nicplan.graph.io.GraphCollapse}), so one short process per picture is cheap.
 *
 * <pre>{@code
 * if (Graphviz.available()) { String svg = Graphviz.svg(dotText); }
 * }</pre>
 */
public final class Graphviz {
    /** A drawing that takes longer is a graph nobody can read anyway. */
    private static final long TIMEOUT_SECONDS = 60;

    private Graphviz() {
    }

    /** Graphviz is not installed here. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException() {
            super("Graphviz 'dot' is not installed on this machine (Debian package graphviz); ask for the DOT text and "
                    + "draw it elsewhere");
        }
    }

    /** Whether {@code dot} is on the PATH. */
    public static boolean available() {
        return executable().isPresent();
    }

    /**
     * Lays out and draws {@code dot} as SVG. Interrupting the calling thread stops Graphviz and throws a
     * {@link CancellationException}; a DOT text Graphviz rejects is an {@link IllegalArgumentException}
     * with its message.
     *
     * @throws UnavailableException when Graphviz is not installed
     */
    public static String svg(String dot) {
        Path exe = executable().orElseThrow(UnavailableException::new);
        Path in = null;
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            // Files rather than pipes: a large input and a large output through pipes need two threads
            // to avoid both sides waiting on full buffers.
            in = Files.createTempFile("nicplan-graph", ".dot");
            out = Files.createTempFile("nicplan-graph", ".svg");
            err = Files.createTempFile("nicplan-graph", ".err");
            Files.writeString(in, dot, StandardCharsets.UTF_8);
            process = new ProcessBuilder(exe.toString(), "-Tsvg").redirectInput(in.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Graphviz did not draw the graph within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalArgumentException("Graphviz could not draw the graph: "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("drawing stopped");
        } catch (IOException e) {
            throw new UncheckedIOException("running Graphviz", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            delete(in);
            delete(out);
            delete(err);
        }
    }

    private static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "dot");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // A temporary file left behind is harmless; the drawing itself succeeded or failed already.
                p.toFile().deleteOnExit();
            }
        }
    }
}
