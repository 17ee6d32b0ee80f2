package io.nicplan.cli;

import io.nicplan.app.bench.FlexTcpBenchmark;
import io.nicplan.app.bench.PlanPathBenchmark;
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
        subcommands = {BenchCommand.Search.class, BenchCommand.FlexTcp.class, BenchCommand.Fleet.class,
                BenchCommand.PlanPath.class})
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

    /** {@code nicplan bench flextcp}: FlexTCP on two emulated FlexNICs against Linux's TCP over loopback. */
    @Command(name = "flextcp", mixinStandardHelpOptions = true,
            description = {"FlexTCP on two emulated FlexNIC hosts against Linux's kernel TCP over loopback, side by side: "
                    + "64-byte RPC echo at 1, 64 and 1,024 connections (requests/s and per CPU second), one bulk flow "
                    + "(Gbit/s per core) and connections opened and closed per second (docs/PERFORMANCE.md, \"FlexTCP end to end\").",
                    "Progress goes to stderr; the table (or --json) to stdout."})
    static final class FlexTcp implements Callable<Integer> {
        @Option(names = "--connections", split = ",", paramLabel = "N,N,...",
                description = "Connection counts of the echo runs (default: 1,64,1024).")
        List<Integer> connections = new ArrayList<>();

        @Option(names = "--seconds", defaultValue = "3", description = "CPU seconds (of the metered threads) each measured run lasts (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--warmup", defaultValue = "2", description = "CPU seconds each run warms up first (default: ${DEFAULT-VALUE}).")
        double warmup;

        @Option(names = "--bulk-mss", split = ",", paramLabel = "MSS,...",
                description = "MSS of the bulk runs (default: 1448,8948; 0 for none).")
        List<Integer> bulkMss = new ArrayList<>();

        @Option(names = "--churn", defaultValue = "10000",
                description = "Connections opened and closed in each churn run (0: none; default: ${DEFAULT-VALUE}).")
        int churn;

        @Option(names = "--json", description = "Print the report as JSON: {cores, loadAverageBefore, echo:[...], "
                + "echoRatios:[...], bulk:[...], churn:[...], ...}.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FlexTcpBenchmark.Settings defaults = FlexTcpBenchmark.Settings.defaults();
            List<Integer> mss = bulkMss.isEmpty() ? defaults.bulkMss() : bulkMss.stream().filter(m -> m != 0).toList();
            FlexTcpBenchmark.Settings settings;
            try {
                settings = new FlexTcpBenchmark.Settings(connections.isEmpty() ? defaults.connections() : connections,
                        seconds, warmup, mss, churn);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
            FlexTcpBenchmark.Report report = FlexTcpBenchmark.run(settings,
                    new PrintStream(System.err, true, StandardCharsets.UTF_8));
            var out = spec.commandLine().getOut();
            out.print(json ? Json.write(report) + System.lineSeparator() : report.table());
            out.flush();
            return 0;
        }
    }

    /** {@code nicplan bench fleet}: several instances over one PostgreSQL, one of them killed part way. */
    @Command(name = "fleet", mixinStandardHelpOptions = true,
            description = "Start service instances over one PostgreSQL (a throw-away cluster, or --db), post one plan per "
                    + "host (seeded states of different shapes), kill one instance part way; print plans per minute, "
                    + "latency percentiles, plans taken over and plans lost (docs/PERFORMANCE.md, \"Fleet\").")
    static final class Fleet implements Callable<Integer> {
        @Option(names = "--instances", defaultValue = "2", description = "Service instances (default: ${DEFAULT-VALUE}).")
        int instances;

        @Option(names = "--hosts", defaultValue = "1000", description = "Hosts, one plan each (default: ${DEFAULT-VALUE}).")
        int hosts;

        @Option(names = "--kill-at", defaultValue = "0.3", paramLabel = "FRACTION",
                description = "Kill instance i0 after this share of the posts (default: ${DEFAULT-VALUE}).")
        double killAt;

        @Option(names = "--seed", defaultValue = "42", description = "Workload seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--db", paramLabel = "JDBC-URL",
                description = "An empty PostgreSQL database (default: a throw-away cluster from the local server binaries).")
        String db;

        @Override
        public Integer call() throws Exception {
            if (instances < 1 || instances > 64 || hosts < 1 || hosts > 1_000_000 || killAt < 0 || killAt > 1) {
                throw new UserInputException("bench fleet: --instances 1..64, --hosts 1..1000000, --kill-at 0..1");
            }
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            return new FleetBench(out).run(instances, hosts, killAt, seed, db);
        }
    }

    /** {@code nicplan bench plan}: CPU time and bytes allocated per plan on the service's plan-job path, by phase. */
    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Run scripts/load.sh's POST body (a 100-flow greedy plan on the 82599) through the service's "
                    + "plan path in this process; print CPU ms and MB allocated per plan by phase (read, prepare, "
                    + "search, render; docs/PERFORMANCE.md \"HTTP service\").")
    static final class PlanPath implements Callable<Integer> {
        @Option(names = "--flows", defaultValue = "100", description = "Flows in the request (default: ${DEFAULT-VALUE}).")
        int flows;

        @Option(names = "--seed", defaultValue = "42", description = "Workload seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--warmup", defaultValue = "30", description = "Plans run first, unmeasured (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--plans", defaultValue = "30", description = "Plans measured (default: ${DEFAULT-VALUE}).")
        int plans;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PlanPathBenchmark.run(spec.commandLine().getOut(), flows, seed, warmup, plans);
            return 0;
        }
    }
}
