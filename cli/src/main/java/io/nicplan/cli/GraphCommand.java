package io.nicplan.cli;

import io.nicplan.app.nic.GraphFormat;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.nic.ParsedNic;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan graph FILE --format dot|json}: the graph for Graphviz or for other tools. */
@Command(name = "graph", mixinStandardHelpOptions = true, description = "Export a description's graph as DOT (Graphviz) or JSON.")
final class GraphCommand implements Callable<Integer> {
    enum Format { dot, json }

    @Parameters(paramLabel = "FILE", description = "A .unicorn file, builtin:NAME, or - (standard input).")
    String file;

    @Option(names = "--format", defaultValue = "dot", description = "dot or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a `param` of the description.")
    Map<String, Long> parameters = new LinkedHashMap<>();

    @Option(names = "--json", description = "The same as --format json.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (json && format != Format.json && format != Format.dot) {
            throw NicplanCommand.usageError(spec, "--json and --format " + format + " ask for different outputs");
        }
        Format output = json ? Format.json : format;
        ParsedNic result = InputFiles.description(file, parameters);
        if (Diagnostics.report(result, spec.commandLine().getErr())) {
            return 1;
        }
        var graph = result.graph().orElseThrow();
        spec.commandLine().getOut().println(Nics.export(graph, output == Format.dot ? GraphFormat.DOT : GraphFormat.JSON));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
