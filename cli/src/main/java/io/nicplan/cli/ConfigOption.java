package io.nicplan.cli;

import io.nicplan.embed.config.Configuration;
import io.nicplan.graph.DataflowGraph;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config}: the configuration of a NIC's C-nodes, for commands that read one (none means every C-node unset). */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "CONFIG.json", description = "Configuration of the NIC's C-nodes (default: none).")
    Optional<Path> config = Optional.empty();

    /** The configuration read against {@code prg}, or the empty one. */
    Configuration read(DataflowGraph prg) {
        return InputFiles.configuration(prg, config);
    }
}
