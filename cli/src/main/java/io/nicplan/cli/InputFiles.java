package io.nicplan.cli;

import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.nic.ParsedNic;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.unicorn.parse.ParseLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the files commands take (NIC, state, configuration), turning every problem into a user error. A file
 * named {@code -} is standard input ({@link StandardInput}).
 */
final class InputFiles {
    /** Largest JSON input read, the same bound as the service's request body limit. */
    static final long MAX_JSON_BYTES = 16L << 20;

    private InputFiles() {
    }

    /** The NIC graph; diagnostics go to {@code err}; a description with errors is a user error. */
    static DataflowGraph nic(String arg, Map<String, Long> parameters, PrintWriter err) {
        ParsedNic result = description(arg, parameters);
        if (Diagnostics.report(result, err)) {
            throw new UserInputException(arg + ": the description has errors (see above)");
        }
        return result.graph().orElseThrow();
    }

    /** A description as parsed, diagnostics and all: a file, {@code builtin:NAME}, or {@code -}. */
    static ParsedNic description(String arg, Map<String, Long> parameters) {
        if (StandardInput.named(arg)) {
            return Nics.read(StandardInput.DISPLAY_NAME, StandardInput.text(ParseLimits.DEFAULTS.maxBytes()), parameters);
        }
        return Nics.read(arg, parameters);
    }

    static String text(Path file) {
        if (StandardInput.named(file.toString())) {
            return StandardInput.text(MAX_JSON_BYTES);
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new UserInputException(file + ": no such file");
            }
            if (Files.size(file) > MAX_JSON_BYTES) {
                throw new UserInputException(file + ": larger than " + (MAX_JSON_BYTES >> 20) + " MiB");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    static ProtocolState state(Path file) {
        return Embeddings.readState(text(file));
    }

    static Configuration configuration(DataflowGraph prg, Optional<Path> file) {
        return file.map(f -> Embeddings.readConfiguration(prg, text(f))).orElse(Configuration.EMPTY);
    }
}
