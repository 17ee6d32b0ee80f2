package io.nicplan.app.nic;

import io.nicplan.unicorn.source.Diagnostic;

/**
 * One problem found in a description, where compilers put it: {@code file:line:col}, 1-based.
 *
 * @param severity {@code error} or {@code warning}
 * @param rendered the headline, the source line and a caret under the column, for a terminal
 */
public record NicDiagnostic(String file, int line, int column, String severity, String message, String rendered) {

    static NicDiagnostic of(Diagnostic d) {
        return new NicDiagnostic(d.file(), d.line(), d.column(), d.severity().label(), d.message(), d.render());
    }

    public boolean isError() {
        return "error".equals(severity);
    }

    /** {@code FILE:LINE:COL: SEVERITY: MESSAGE}. */
    public String headline() {
        return file + ":" + line + ":" + column + ": " + severity + ": " + message;
    }
}
