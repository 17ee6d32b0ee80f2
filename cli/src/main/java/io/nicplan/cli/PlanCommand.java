package io.nicplan.cli;

import io.nicplan.app.InputException;
import io.nicplan.app.plan.PlanProblem;
import io.nicplan.app.plan.PlanSearch;
import io.nicplan.app.plan.Plans;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.plan.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan plan}: search a NIC configuration for a host's flows under a cost function. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Plan a NIC configuration for the flows of a protocol state under a cost specification: placements, "
                + "the configuration of every C-node, the cost by term and why.")
final class PlanCommand implements Callable<Integer> {
    @Option(names = "--cost", required = true, paramLabel = "COST.json", description = "Cost specification (docs/formats.md).")
    Path cost;

    @Option(names = "--strategy", defaultValue = "optaplanner", description = "optaplanner, greedy, exhaustive, default or dragonet (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--time-limit", defaultValue = "2s", description = "Search time of optaplanner, e.g. 500ms, 2s, 1m (default: ${DEFAULT-VALUE}).")
    String timeLimit;

    @Option(names = "--queues", paramLabel = "N", description = "Plan over the first N queues (default: min(16, the NIC's queues)).")
    Optional<Integer> queues = Optional.empty();

    @Option(names = "--step-limit", paramLabel = "STEPS",
            description = "End each optaplanner run after this many local-search steps instead of by time: the same plan "
                    + "on any machine (the time limit still caps the search).")
    Optional<Integer> stepLimit = Optional.empty();

    @Option(names = "--target", defaultValue = "hardware", paramLabel = "TARGET",
            description = "hardware: everything the NIC description has (default); linux: only what the NIC's Linux "
                    + "driver exposes, so `nicplan export --format ethtool` takes the plan whole "
                    + "(docs/nic-descriptions.md \"Driver-visible limits\").")
    String planTarget;

    @Option(names = "--json", description = "Print the plan as JSON (docs/formats.md \"Plan\").")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress line on standard error while the search runs (there "
            + "is none either where standard error is not a terminal).")
    boolean quiet;

    /** For tests: draw the progress line as if standard error were a terminal. */
    @Option(names = "--assume-terminal", hidden = true)
    boolean assumeTerminal;

    @Mixin
    NicOptions target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Strategy chosen = Plans.strategy(strategy).orElseThrow(() -> NicplanCommand.usageError(spec,
                "unknown strategy '" + strategy + "'; choose one of " + Plans.strategyNames()));
        Target forTarget = Plans.target(planTarget).orElseThrow(() -> NicplanCommand.usageError(spec,
                "unknown target '" + planTarget + "'; choose one of " + Plans.targetNames()));
        Duration limit;
        try {
            limit = Durations.parse(timeLimit);
        } catch (UserInputException e) {
            throw NicplanCommand.usageError(spec, e.getMessage());
        }
        if (stepLimit.isPresent() && stepLimit.get() < 1) {
            throw NicplanCommand.usageError(spec, "step limit " + stepLimit.get() + " must be at least 1");
        }
        DataflowGraph prg = target.graph(spec.commandLine().getErr());
        ProtocolState protocolState = target.protocolState();
        CostSpec costSpec;
        try {
            costSpec = Plans.readCost(InputFiles.text(cost));
        } catch (InputException e) {
            throw new UserInputException(cost + ": " + e.getMessage());
        }
        PlanProblem problem = new PlanProblem(prg, protocolState, costSpec, chosen, limit,
                stepLimit.map(OptionalInt::of).orElse(OptionalInt.empty()),
                queues.map(OptionalInt::of).orElse(OptionalInt.empty()), true, forTarget);
        Plan plan;
        try {
            plan = search(Plans.prepare(problem));
        } catch (InputException e) {
            String where = e.problems().get(0).pointer();
            throw new UserInputException(where.startsWith("/cost") ? cost + ": " + e.getMessage()
                    : where.equals("/strategy") ? chosen.cliName() + ": " + e.getMessage() : e.getMessage());
        }
        spec.commandLine().getOut().println(json ? Plans.renderJson(plan) : Plans.renderText(plan));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Runs the search, with the progress line on standard error where it is a terminal and not {@code --quiet}. */
    private Plan search(Plans.Prepared prepared) {
        PlanSearch search = prepared.search();
        boolean terminal = assumeTerminal || System.console() != null;
        if (quiet || !terminal || prepared.problem().strategy() != Strategy.OPTAPLANNER) {
            return search.run(p -> { });
        }
        try (ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), search)) {
            return search.run(progress::better);
        }
    }

    /** Parses {@code 500ms}, {@code 2s}, {@code 1m}. */
    static final class Durations {
        private Durations() {
        }

        static Duration parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            try {
                if (t.endsWith("ms")) {
                    return checked(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))), text);
                }
                if (t.endsWith("s")) {
                    return checked(Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000)), text);
                }
                if (t.endsWith("m")) {
                    return checked(Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60), text);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw new UserInputException("bad time limit '" + text + "'; write e.g. 500ms, 2s or 1m");
        }

        private static Duration checked(Duration d, String text) {
            if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new UserInputException("time limit '" + text + "' must be between 1ms and 1h");
            }
            return d;
        }
    }
}
