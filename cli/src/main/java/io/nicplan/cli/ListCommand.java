package io.nicplan.cli;

import io.nicplan.app.nic.Nics;
import io.nicplan.descriptions.Descriptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan list}: the shipped descriptions, usable as {@code builtin:NAME}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the shipped descriptions (use them as builtin:NAME).")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Descriptions.Builtin b : Nics.builtins()) {
            out.printf("builtin:%-22s %-5s %s%n", b.name(), b.kind().name().toLowerCase(java.util.Locale.ROOT), b.summary());
        }
        out.flush();
        return 0;
    }
}
