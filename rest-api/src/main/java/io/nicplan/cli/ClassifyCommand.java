package io.nicplan.cli;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.classify.ClassificationReport;
import io.nicplan.graph.DataflowGraph;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan classify}: the queue (or queues, for wildcard flows) every flow reaches. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify every flow of a state on a configured NIC: one queue for a concrete flow (RSS resolved by "
                + "the Toeplitz hash), the set of reachable queues for a wildcard flow.")
final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--nic", required = true, paramLabel = "NIC", description = "A .unicorn file, or builtin:NAME.")
    String nic;

    @Option(names = "--state", required = true, paramLabel = "STATE.json", description = "Protocol state with flows.")
    Path state;

    @Option(names = "--config", paramLabel = "CONFIG.json", description = "Configuration of the NIC's C-nodes (default: none).")
    Optional<Path> config = Optional.empty();

    @Option(names = "--json", description = "Print {\"placements\":[{\"flow\":ID,\"queue\":Q,\"queues\":[...]}]}.")
    boolean json;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a `param` of the description.")
    Map<String, Long> parameters = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DataflowGraph prg = InputFiles.nic(nic, parameters, spec.commandLine().getErr());
        ClassificationReport report = Embedder.standard().classify(prg, InputFiles.state(state), InputFiles.configuration(prg, config));
        spec.commandLine().getOut().println(json ? report.toJson() : report.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
