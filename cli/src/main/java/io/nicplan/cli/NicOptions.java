package io.nicplan.cli;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.embed.state.ProtocolState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that works on a NIC and a host shares: {@code --nic}, {@code --param}, {@code --state}. */
final class NicOptions {
    @Option(names = "--nic", required = true, paramLabel = "NIC", description = "A .unicorn file, builtin:NAME, or - (standard input) (see `nicplan list`).")
    String nic;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a `param` of the description.")
    Map<String, Long> parameters = new LinkedHashMap<>();

    @Option(names = "--state", required = true, paramLabel = "STATE.json", description = "Protocol state with flows (docs/formats.md).")
    Path state;

    DataflowGraph graph(PrintWriter err) {
        return InputFiles.nic(nic, parameters, err);
    }

    ProtocolState protocolState() {
        return InputFiles.state(state);
    }
}
