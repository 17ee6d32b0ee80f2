package io.nicplan.cli;

import io.nicplan.app.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nicplan} command line: one subcommand per user task. */
@Command(name = "nicplan", mixinStandardHelpOptions = true, version = "nicplan 0.1.0",
        description = "Model NIC capabilities, plan their configuration, and apply it to an emulated FlexNIC.",
        subcommands = {ListCommand.class, ParseCommand.class, FormatCommand.class, GraphCommand.class,
                EmbedCommand.class, ClassifyCommand.class, PlanCommand.class, ApplyCommand.class, ExportCommand.class, ImportCommand.class, ServeCommand.class, DbCommand.class, BenchCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class NicplanCommand implements Runnable {

    /** Exit code for a failure that is a bug in nicplan, not bad input (sysexits.h EX_SOFTWARE). */
    static final int EXIT_INTERNAL_ERROR = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with nicplan's error handling: user errors as one line (exit 1), bugs with a trace (exit 70). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new NicplanCommand());
        // serve passes Spring Boot properties through as --NAME=VALUE, which look like options.
        cli.getSubcommands().get("serve").setUnmatchedOptionsArePositionalParams(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserInputException) {
                commandLine.getErr().println("nicplan: error: " + ex.getMessage());
                return 1;
            }
            if (ex instanceof InputException invalid) {
                commandLine.getErr().println("nicplan: error: " + invalid.describe());
                return 1;
            }
            commandLine.getErr().println("nicplan: internal error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return EXIT_INTERNAL_ERROR;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
