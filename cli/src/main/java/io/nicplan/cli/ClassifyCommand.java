package io.nicplan.cli;

import io.nicplan.app.embed.Embeddings;
import io.nicplan.embed.classify.ClassificationReport;
import io.nicplan.graph.DataflowGraph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan classify}: the queue (or queues, for wildcard flows) every flow reaches. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify every flow of a state on a configured NIC: one queue for a concrete flow (RSS resolved by "
                + "the Toeplitz hash), the set of reachable queues for a wildcard flow.")
final class ClassifyCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--json", description = "Print {\"placements\":[{\"flow\":ID,\"queue\":Q,\"queues\":[...]}]}.")
    boolean json;

    @Mixin
    NicOptions target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DataflowGraph prg = target.graph(spec.commandLine().getErr());
        ClassificationReport report = Embeddings.classify(prg, target.protocolState(), configOption.read(prg));
        spec.commandLine().getOut().println(json ? report.toJson() : report.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
