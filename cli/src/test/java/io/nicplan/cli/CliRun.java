package io.nicplan.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and captures what it printed. */
record CliRun(int exitCode, String out, String err) {
    /** Runs with {@code stdin} as standard input (what {@code -} reads). */
    static CliRun withInput(String stdin, String... args) {
        StandardInput.use(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return of(args);
        } finally {
            StandardInput.use(System.in);
        }
    }

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = NicplanCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
