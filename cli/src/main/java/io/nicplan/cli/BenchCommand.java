package io.nicplan.cli;

import io.nicplan.app.plan.Plans;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan bench ...}: benchmarks that print figures (JMH ones run through {@code ./nicplan bench jmh}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks that print tables of figures.",
                "JMH micro-benchmarks: ./nicplan bench jmh [REGEX] (built and run by the launcher script)."},
        subcommands = {BenchCommand.Search.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code nicplan bench search}: plan quality and time of every strategy over generated workloads. */
    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Plan generated workloads (10 to 10,000 flows) on the 82599 and FlexNIC with every strategy; "
                    + "print time to plan and cost per row, the proven lower bound on the cost, a swap witness (greedy's "
                    + "plan improved) and each one's gap to the bound (docs/PERFORMANCE.md, \"Lower bound and gap\").")
    static final class Search implements Callable<Integer> {
        @Option(names = "--sizes", split = ",", paramLabel = "N,N,...", description = "Flow counts (default: 10,100,1000,10000).")
        List<Integer> sizes = new ArrayList<>();

        @Option(names = "--seed", defaultValue = "42", description = "Workload seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--json", description = "Print the rows as one JSON array (nothing while it runs) instead of the table.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (json) {
                spec.commandLine().getOut().println(Plans.benchmarkJson(sizes, seed));
                spec.commandLine().getOut().flush();
                return 0;
            }
            spec.commandLine().getOut().flush();
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            Plans.benchmark(out, sizes, seed);
            out.flush();
            return 0;
        }
    }
}
