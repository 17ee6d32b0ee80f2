package io.nicplan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nicplan} command line: one subcommand per user task. */
@Command(name = "nicplan", mixinStandardHelpOptions = true, version = "nicplan 0.1.0",
        description = "Model NIC capabilities, plan their configuration, and apply it to an emulated FlexNIC.",
        subcommands = {CommandLine.HelpCommand.class})
public final class NicplanCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NicplanCommand()).execute(args));
    }
}
