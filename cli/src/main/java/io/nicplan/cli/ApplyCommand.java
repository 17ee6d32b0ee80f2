package io.nicplan.cli;

import io.nicplan.app.emulate.EmulatedNic;
import io.nicplan.flexnic.backend.ApplyReport;
import io.nicplan.graph.DataflowGraph;
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
                + "atomically), replay frames for every flow and compare the observed queue with the plan's. A TCP flow the "
                + "plan puts on FlexTCP's fast path runs as a connection instead: its bytes must arrive byte-exact, with the "
                + "flow state naming the planned queue; data segments are the fast path's, the handshake the slow path's.",
                "Exit code 0 when every flow agrees, 3 when some disagree."})
final class ApplyCommand implements Callable<Integer> {
    /** Exit code when the emulator did not do what the plan predicted. */
    static final int EXIT_DISAGREE = 3;

    @Option(names = "--plan", required = true, paramLabel = "PLAN.json", description = "A plan from `nicplan plan --json`.")
    Path plan;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Capture the wire (both directions) to a pcap file.")
    Optional<Path> pcap = Optional.empty();

    @Option(names = "--json", description = "Print {\"flows\":N,\"agree\":N,\"disagree\":[...],\"counters\":{...},"
            + "\"connections\":[...]}.")
    boolean json;

    @Mixin
    NicOptions target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DataflowGraph prg = target.graph(spec.commandLine().getErr());
        String planJson = InputFiles.text(plan);
        ApplyReport report = EmulatedNic.check(prg, target.protocolState(), planJson, pcap);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(report.toJson());
        } else {
            out.printf("%d flows replayed, %d agree with the plan%n", report.flows(), report.agree());
            report.disagree().forEach(d -> out.println("  disagree: " + d));
            report.notes().forEach(n -> out.println("  note: " + n));
            if (!report.connections().isEmpty()) {
                out.printf("%d fastPath flows ran as FlexTCP connections:%n", report.connections().size());
                report.connections().forEach(c -> out.printf("  %s: %d of %d bytes delivered%s, %d segments on the fast path, "
                        + "%d on the slow path, context %d (plan: queue %d)%s%n", c.flow(), c.bytesDelivered(), c.bytesSent(),
                        c.byteExact() ? " byte-exact" : "", c.fastPathSegments(), c.slowPathSegments(), c.context(),
                        c.plannedQueue(), c.matchesPlan() ? "" : ": " + c.problem()));
            }
        }
        out.flush();
        return report.allAgree() ? 0 : EXIT_DISAGREE;
    }
}
