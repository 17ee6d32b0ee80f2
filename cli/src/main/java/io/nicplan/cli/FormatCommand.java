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

/** {@code nicplan format FILE}: the description in canonical Unicorn text. */
@Command(name = "format", mixinStandardHelpOptions = true,
        description = {"Print a description as canonical Unicorn text (loops unrolled, parameters resolved).",
                "Parsing the output gives the same graph."})
final class FormatCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .unicorn file, builtin:NAME, or - (standard input).")
    String file;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a `param` of the description.")
    Map<String, Long> parameters = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ParsedNic result = InputFiles.description(file, parameters);
        if (Diagnostics.report(result, spec.commandLine().getErr())) {
            return 1;
        }
        spec.commandLine().getOut().print(Nics.export(result.graph().orElseThrow(), GraphFormat.UNICORN));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
