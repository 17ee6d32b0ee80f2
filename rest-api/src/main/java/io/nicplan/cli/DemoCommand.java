package io.nicplan.cli;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.unicorn.ParseResult;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan demo}: the end-to-end path on the shipped descriptions and a built-in workload. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run nicplan end to end on the shipped descriptions and print what each step found.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("== 1. The shipped descriptions, parsed and validated");
        boolean failed = false;
        for (Descriptions.Builtin b : Descriptions.builtins()) {
            long start = System.nanoTime();
            ParseResult result = NicInput.parse(Descriptions.BUILTIN_PREFIX + b.name(), Map.of());
            double ms = (System.nanoTime() - start) / 1e6;
            if (result.hasErrors()) {
                Diagnostics.report(result, err);
                failed = true;
                continue;
            }
            GraphSummary s = GraphSummary.of(result.graph().orElseThrow(), result.parameters());
            out.printf("%-27s %5d nodes %2d config nodes %2d warnings  %6.1f ms  %s%n", "builtin:" + b.name(),
                    s.nodes().get("total"), s.configNodes().size(), result.warnings().size(), ms, resourceLine(s));
        }
        out.flush();
        return failed ? 1 : 0;
    }

    private static String resourceLine(GraphSummary s) {
        StringBuilder sb = new StringBuilder();
        s.resources().forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
        return sb.toString().strip();
    }
}
