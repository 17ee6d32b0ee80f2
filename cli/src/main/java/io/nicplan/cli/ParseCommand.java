package io.nicplan.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.nic.NicDiagnostic;
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

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "A .unicorn file, builtin:NAME, or - (standard input) (see `nicplan list`).")
    List<String> files = new ArrayList<>();

    @Option(names = "--json", description = "Print each file's result as JSON on stdout: file, ok, the summary, and "
            + "the diagnostics with file, line, column, severity and message (none on stderr).")
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
        List<ObjectNode> reports = new ArrayList<>();
        for (String file : files) {
            ParsedNic result = InputFiles.description(file, parameters);
            failed |= !result.ok();
            if (json) {
                reports.add(report(file, result));
                continue;
            }
            if (Diagnostics.report(result, err)) {
                continue;
            }
            GraphSummary summary = GraphSummary.of(result.graph().get(), result.parameters());
            out.print((files.size() > 1 ? file + ": " : "") + summary.toText());
        }
        if (json) {
            out.println(Json.write(reports.size() == 1 ? reports.get(0) : reports));
        }
        out.flush();
        err.flush();
        return failed ? NicplanCommand.EXIT_BAD_INPUT : 0;
    }

    /**
     * One file's result as JSON: {@code file}, {@code ok}, the graph's summary when it parsed, and every
     * diagnostic with its position, so a tool can put them on their lines without parsing stderr.
     */
    private static ObjectNode report(String file, ParsedNic result) {
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("file", file);
        report.put("ok", result.ok());
        result.graph().ifPresent(g -> report.setAll((ObjectNode) Json.MAPPER.valueToTree(
                GraphSummary.of(g, result.parameters()))));
        ArrayNode diagnostics = report.putArray("diagnostics");
        for (NicDiagnostic d : result.diagnostics()) {
            diagnostics.addObject().put("file", d.file()).put("line", d.line()).put("column", d.column())
                    .put("severity", d.severity()).put("message", d.message());
        }
        return report;
    }
}
