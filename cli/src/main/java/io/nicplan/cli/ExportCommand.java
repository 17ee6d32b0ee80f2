package io.nicplan.cli;

import io.nicplan.app.export.ExportFormat;
import io.nicplan.app.export.ExportOptions;
import io.nicplan.app.export.ExportResult;
import io.nicplan.app.export.Exports;
import io.nicplan.app.export.UnexpressiblePlanException;
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

/** {@code nicplan export}: a plan as the ethtool, tc or testpmd (rte_flow) commands that install it on a real NIC. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a plan's configuration as commands for the NIC's Linux driver: an ethtool or tc shell "
                + "script, or a DPDK testpmd command file (docs/export.md). A part of the plan the format or driver cannot "
                + "carry out is an error naming it; --best-effort moves it to what the target can take instead and "
                + "reports each change and its cost (on stderr and as comments in the output).",
                "Exit code 0 for an exact export, 1 for bad input or a plan the target cannot take, 4 for a best-effort "
                        + "export that changed something."})
final class ExportCommand implements Callable<Integer> {
    /** Exit code of a best-effort export that differs from the plan. */
    static final int EXIT_CHANGED = 4;

    @Option(names = "--nic", required = true, paramLabel = "NIC", description = "A .unicorn file, builtin:NAME, or - (standard input) (see `nicplan list`).")
    String nic;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a `param` of the description.")
    Map<String, Long> parameters = new LinkedHashMap<>();

    @Option(names = "--plan", required = true, paramLabel = "PLAN.json", description = "A plan from `nicplan plan --json`.")
    Path plan;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "ethtool, tc or rte_flow.")
    String format;

    @Option(names = "--dev", defaultValue = "eth0", paramLabel = "DEV", description = "Network device of the ethtool and tc "
            + "commands (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT", description = "DPDK port of the testpmd commands "
            + "(default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--diff-from", paramLabel = "CURRENT.json", description = "A plan (or `nicplan import` output) "
            + "that is installed now: print only the commands that change it into this plan, in a safe order (ethtool).")
    Optional<Path> diffFrom = Optional.empty();

    @Option(names = "--best-effort", description = "Move what the target cannot take to what it can, and report the cost, "
            + "instead of refusing the plan.")
    boolean bestEffort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportFormat f = ExportFormat.bySymbol(format).orElseThrow(() -> NicplanCommand.usageError(spec,
                "--format " + format + " is not one of " + ExportFormat.symbols()));
        ExportOptions options;
        try {
            options = new ExportOptions(device, port, bestEffort);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        DataflowGraph prg = InputFiles.nic(nic, parameters, spec.commandLine().getErr());
        ExportResult result;
        try {
            if (diffFrom.isPresent()) {
                result = Exports.diff(prg, Exports.configuration(prg, InputFiles.text(diffFrom.get())),
                        Exports.configuration(prg, InputFiles.text(plan)), f, options);
            } else {
                result = Exports.export(prg, InputFiles.text(plan), f, options);
            }
        } catch (UnexpressiblePlanException e) {
            throw new UserInputException(e.getMessage() + (bestEffort ? "" : " (--best-effort moves what it can)"));
        }
        spec.commandLine().getOut().print(result.text());
        spec.commandLine().getOut().flush();
        result.changes().forEach(c -> spec.commandLine().getErr().println("nicplan: best effort: " + c));
        return result.exact() ? 0 : EXIT_CHANGED;
    }
}
