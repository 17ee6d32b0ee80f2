package io.nicplan.cli;

import io.nicplan.flexnic.backend.ApplyReport;
import io.nicplan.flexnic.backend.Backend;
import io.nicplan.flexnic.backend.NicCompiler;
import io.nicplan.flexnic.backend.PlanFile;
import io.nicplan.flexnic.backend.Predictions;
import io.nicplan.graph.DataflowGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan apply}: install a plan into an emulated FlexNIC and check it with real frames. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Compile a plan's configuration into a FlexNIC emulator program, install it (verify, then commit "
                + "atomically), replay frames for every flow and compare the observed queue with the plan's.",
                "Exit code 0 when every flow agrees, 3 when some disagree."})
final class ApplyCommand implements Callable<Integer> {
    /** Exit code when the emulator did not do what the plan predicted. */
    static final int EXIT_DISAGREE = 3;

    @Option(names = "--plan", required = true, paramLabel = "PLAN.json", description = "A plan from `nicplan plan --json`.")
    Path plan;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Capture the wire (both directions) to a pcap file.")
    Optional<Path> pcap = Optional.empty();

    @Option(names = "--json", description = "Print {\"flows\":N,\"agree\":N,\"disagree\":[...],\"counters\":{...}}.")
    boolean json;

    @Mixin
    NicOptions target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DataflowGraph prg = target.graph(spec.commandLine().getErr());
        PlanFile planFile = PlanFile.read(InputFiles.text(plan), prg);
        ApplyReport report;
        try {
            var protocolState = target.protocolState();
            // Flows the plan spreads over RSS have no single queue: the embedder says which queues they may reach.
            var predicted = planFile.predictions().orElse(Predictions.classify(prg, protocolState, planFile.configuration()));
            report = Backend.apply(prg, protocolState, planFile.configuration(), predicted, pcap);
        } catch (NicCompiler.UnsupportedConfigurationException e) {
            throw new UserInputException("the emulator cannot run this configuration: " + e.getMessage());
        } catch (IOException e) {
            throw new UserInputException("cannot write the capture: " + e.getMessage());
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(report.toJson());
        } else {
            out.printf("%d flows replayed, %d agree with the plan%n", report.flows(), report.agree());
            report.disagree().forEach(d -> out.println("  disagree: " + d));
            report.notes().forEach(n -> out.println("  note: " + n));
        }
        out.flush();
        return report.allAgree() ? 0 : EXIT_DISAGREE;
    }
}
