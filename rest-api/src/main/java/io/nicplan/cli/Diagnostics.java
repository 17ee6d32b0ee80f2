package io.nicplan.cli;

import io.nicplan.unicorn.Diagnostic;
import io.nicplan.unicorn.ParseResult;
import java.io.PrintWriter;

/** Prints a parse's diagnostics to stderr the way compilers do. */
final class Diagnostics {
    private Diagnostics() {
    }

    /** Prints every diagnostic; true when the parse failed (there is no graph). */
    static boolean report(ParseResult result, PrintWriter err) {
        for (Diagnostic d : result.diagnostics()) {
            err.println(d.render());
        }
        err.flush();
        return result.graph().isEmpty();
    }
}
