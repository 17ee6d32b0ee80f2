package io.nicplan.cli;

import io.nicplan.app.nic.NicDiagnostic;
import io.nicplan.app.nic.ParsedNic;
import java.io.PrintWriter;

/** Prints a parse's diagnostics to stderr the way compilers do. */
final class Diagnostics {
    private Diagnostics() {
    }

    /** Prints every diagnostic; true when the parse failed (there is no graph). */
    static boolean report(ParsedNic result, PrintWriter err) {
        for (NicDiagnostic d : result.diagnostics()) {
            err.println(d.rendered());
        }
        err.flush();
        return !result.ok();
    }
}
