package io.nicplan.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code --json} beside {@code --format}: the one rule of every command that has both. */
final class OutputFormat {
    private OutputFormat() {
    }

    /**
     * The output asked for: {@code json} when {@code --json} is given, else {@code format}. {@code --json} with a
     * {@code --format} other than json or the command's default is a usage error, since they ask for different outputs.
     */
    static <F extends Enum<F>> F chosen(CommandSpec spec, boolean json, F format, F jsonFormat, F defaultFormat) {
        if (json && format != jsonFormat && format != defaultFormat) {
            throw NicplanCommand.usageError(spec, "--json and --format " + format + " ask for different outputs");
        }
        return json ? jsonFormat : format;
    }
}
