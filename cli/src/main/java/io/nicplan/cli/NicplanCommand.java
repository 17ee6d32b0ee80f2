package io.nicplan.cli;

import io.nicplan.app.InputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nicplan} command line: one subcommand per user task. */
@Command(name = "nicplan", mixinStandardHelpOptions = true, version = "nicplan 0.1.0",
        description = {"Model NIC capabilities, plan their configuration, and apply it to an emulated FlexNIC.",
                "Wherever a command reads a file, - reads standard input."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success",
                "1:bad input: a file, description, state or plan that is wrong (one line on stderr naming it)",
                "2:usage error: an unknown option or subcommand, a missing or malformed argument",
                "3:apply: flows landed off their predicted queue",
                "4:export --best-effort changed the plan to fit the target (the script is printed)",
                "70:internal error: a bug in nicplan (a stack trace on stderr)"},
        scope = CommandLine.ScopeType.INHERIT,
        subcommands = {ListCommand.class, ParseCommand.class, FormatCommand.class, GraphCommand.class,
                EmbedCommand.class, ClassifyCommand.class, PlanCommand.class, ApplyCommand.class, ExportCommand.class, ImportCommand.class, ServeCommand.class, DbCommand.class, BenchCommand.class,
                DemoCommand.class, FlexTcpCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class NicplanCommand implements Runnable {

    /** Exit code for input the user gave that is wrong (a file, a description, a state, a plan). */
    static final int EXIT_BAD_INPUT = 1;

    /** Exit code for a command line that is wrong in itself; picocli's own code for invalid input. */
    static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    /** Exit code for a failure that is a bug in nicplan, not bad input (sysexits.h EX_SOFTWARE). */
    static final int EXIT_INTERNAL_ERROR = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * A command line with nicplan's error handling: usage errors as one line and a pointer to the help (exit 2),
     * user errors as one line (exit 1), bugs with a trace (exit 70).
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new NicplanCommand());
        // serve passes Spring Boot properties through as --NAME=VALUE, which look like options.
        cli.getSubcommands().get("serve").setUnmatchedOptionsArePositionalParams(true);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine commandLine = ex.getCommandLine();
            PrintWriter err = commandLine.getErr();
            err.println("nicplan: usage error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserInputException) {
                commandLine.getErr().println("nicplan: error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof InputException invalid) {
                commandLine.getErr().println("nicplan: error: " + invalid.describe());
                return EXIT_BAD_INPUT;
            }
            commandLine.getErr().println("nicplan: internal error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return EXIT_INTERNAL_ERROR;
        });
        return cli;
    }

    /** An error in the command line itself (an option's value), answered like picocli's own: exit 2. */
    static CommandLine.ParameterException usageError(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
