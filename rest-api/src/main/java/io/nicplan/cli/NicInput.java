package io.nicplan.cli;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.unicorn.ParseOptions;
import io.nicplan.unicorn.ParseResult;
import io.nicplan.unicorn.Source;
import io.nicplan.unicorn.Unicorn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads a NIC argument: a path to a .unicorn file or {@code builtin:NAME} for a shipped description. */
final class NicInput {

    private NicInput() {
    }

    /** Parse options whose imports resolve shipped files first, then paths relative to the importer. */
    static ParseOptions options(Map<String, Long> parameters) {
        return Descriptions.parseOptions().withParameters(parameters);
    }

    /** Parses the description {@code arg} names; a missing file or unknown builtin is a user error. */
    static ParseResult parse(String arg, Map<String, Long> parameters) {
        ParseOptions options = options(parameters);
        String builtin = arg.startsWith(Descriptions.BUILTIN_PREFIX) ? arg.substring(Descriptions.BUILTIN_PREFIX.length()) : null;
        if (builtin != null) {
            String text = Descriptions.source(builtin).orElseThrow(() -> new UserInputException(
                    "no shipped description '" + builtin + "'; `nicplan list` shows them: " + String.join(", ", Descriptions.names())));
            return Unicorn.parse(new Source(arg, text), options);
        }
        Path file = Path.of(arg);
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(arg + ": no such file (use builtin:NAME for a shipped description)");
        }
        return Unicorn.parse(file, options);
    }
}
