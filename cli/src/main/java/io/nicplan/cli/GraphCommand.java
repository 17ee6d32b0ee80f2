package io.nicplan.cli;

import io.nicplan.app.draw.Graphviz;
import io.nicplan.app.nic.GraphFormat;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.nic.ParsedNic;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nicplan graph FILE --format dot|json|svg [--collapse [--expand TEMPLATE]]}: the graph for Graphviz,
 * for other tools, or drawn; folded so it fits a screen with {@code --collapse}.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Export a description's graph as DOT (Graphviz), JSON or SVG (drawn by Graphviz's dot).")
final class GraphCommand implements Callable<Integer> {
    enum Format { dot, json, svg }

    @Parameters(paramLabel = "FILE", description = "A .unicorn file, builtin:NAME, or - (standard input).")
    String file;

    @Option(names = "--format", defaultValue = "dot", description = "dot, json or svg (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--collapse", description = "Fold replicated structure (Q0..Q127 become one node Q{0..127}),"
            + " lay out left to right, short edge labels.")
    boolean collapse;

    @Option(names = "--expand", paramLabel = "TEMPLATE", description = "With --collapse: draw these groups node by"
            + " node (their template, digits as *: 'Q*.Valid'); repeatable.")
    Set<String> expand = new LinkedHashSet<>();

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a `param` of the description.")
    Map<String, Long> parameters = new LinkedHashMap<>();

    @Option(names = "--json", description = "The same as --format json.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Format output = OutputFormat.chosen(spec, json, format, Format.json, Format.dot);
        if (!expand.isEmpty() && !collapse) {
            throw NicplanCommand.usageError(spec, "--expand needs --collapse");
        }
        ParsedNic result = InputFiles.description(file, parameters);
        if (Diagnostics.report(result, spec.commandLine().getErr())) {
            return 1;
        }
        var graph = result.graph().orElseThrow();
        GraphFormat exported = output == Format.json ? GraphFormat.JSON : GraphFormat.DOT;
        String text = collapse ? Nics.exportCollapsed(graph, exported, expand) : Nics.export(graph, exported);
        if (output == Format.svg) {
            try {
                text = Graphviz.svg(text);
            } catch (Graphviz.UnavailableException e) {
                throw new UserInputException(e.getMessage());
            }
        }
        spec.commandLine().getOut().println(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
