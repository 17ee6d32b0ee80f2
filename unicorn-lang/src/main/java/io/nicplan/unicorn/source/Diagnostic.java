package io.nicplan.unicorn.source;

import java.util.Locale;
import java.util.Objects;

/**
 * One problem found in a Unicorn source, with where it is and the source line it is on.
 *
 * @param file the source's name (a path, or {@code builtin:NAME})
 * @param line 1-based line
 * @param column 1-based column, counted in code points
 * @param severity error or warning
 * @param message what is wrong, in words
 * @param sourceLine the text of the line (a window around the column for very long lines)
 * @param sourceColumn the 1-based column of the problem within {@code sourceLine} (differs from
 *        {@code column} only when a long line was cut to a window)
 */
public record Diagnostic(String file, int line, int column, Severity severity, String message, String sourceLine,
                         int sourceColumn) {

    /** How bad a diagnostic is: an error makes the input unusable, a warning is worth reading. */
    public enum Severity {
        ERROR, WARNING;

        /** The word used in rendered diagnostics. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(sourceLine, "sourceLine");
        if (line < 1 || column < 1 || sourceColumn < 1) {
            throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
        }
    }

    /** A diagnostic whose source line is the whole line. */
    public Diagnostic(String file, int line, int column, Severity severity, String message, String sourceLine) {
        this(file, line, column, severity, message, sourceLine, column);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public SourceLocation location() {
        return new SourceLocation(file, line, column);
    }

    /** The first line of the rendering: {@code FILE:LINE:COL: error: MESSAGE}. */
    public String headline() {
        return file + ":" + line + ":" + column + ": " + severity.label() + ": " + message;
    }

    /**
     * The headline, the source line and a caret under the column. Tabs before the column are
     * kept in the caret line so the caret lines up in a terminal.
     */
    public String render() {
        StringBuilder caret = new StringBuilder();
        int[] codePoints = sourceLine.codePoints().toArray();
        for (int i = 0; i < sourceColumn - 1; i++) {
            caret.append(i < codePoints.length && codePoints[i] == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return headline() + "\n" + sourceLine + "\n" + caret;
    }

    @Override
    public String toString() {
        return headline();
    }
}
