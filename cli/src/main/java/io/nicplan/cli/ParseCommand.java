package io.nicplan.cli;

import io.nicplan.app.nic.Nics;
import io.nicplan.app.nic.ParsedNic;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan parse FILE...}: checks descriptions and summarises each one. */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Parse and validate NIC descriptions; print a summary per file.",
                "Diagnostics go to stderr as FILE:LINE:COL: error: MESSAGE; the exit code is 1 if any file has errors."})
final class ParseCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "A .unicorn file, or builtin:NAME (see `nicplan list`).")
    List<String> files = new ArrayList<>();

    @Option(names = "--json", description = "Print the summaries as JSON.")
    boolean json;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a `param` of the description.")
    Map<String, Long> parameters = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean failed = false;
        List<GraphSummary> summaries = new ArrayList<>();
        for (String file : files) {
            ParsedNic result = Nics.read(file, parameters);
            if (Diagnostics.report(result, err)) {
                failed = true;
                continue;
            }
            GraphSummary summary = GraphSummary.of(result.graph().get(), result.parameters());
            if (json) {
                summaries.add(summary);
            } else {
                out.print((files.size() > 1 ? file + ": " : "") + summary.toText());
            }
        }
        if (json) {
            out.println(Json.write(summaries.size() == 1 && files.size() == 1 ? summaries.get(0) : summaries));
        }
        out.flush();
        err.flush();
        return failed ? 1 : 0;
    }
}
