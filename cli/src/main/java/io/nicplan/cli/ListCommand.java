package io.nicplan.cli;

import io.nicplan.app.nic.Nics;
import io.nicplan.descriptions.Descriptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan list}: the shipped descriptions, usable as {@code builtin:NAME}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the shipped descriptions (use them as builtin:NAME).")
final class ListCommand implements Callable<Integer> {
    /** One shipped description as {@code list --json} prints it. */
    record Entry(String name, String kind, String summary) {
    }

    @Option(names = "--json", description = "Print [{\"name\":\"builtin:NAME\",\"kind\":\"nic|lpg\",\"summary\":...}].")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(Nics.builtins().stream().map(b -> new Entry(Nics.BUILTIN_PREFIX + b.name(),
                    b.kind().name().toLowerCase(java.util.Locale.ROOT), b.summary())).toList()));
            out.flush();
            return 0;
        }
        for (Descriptions.Builtin b : Nics.builtins()) {
            out.printf("builtin:%-22s %-5s %s%n", b.name(), b.kind().name().toLowerCase(java.util.Locale.ROOT), b.summary());
        }
        out.flush();
        return 0;
    }
}
