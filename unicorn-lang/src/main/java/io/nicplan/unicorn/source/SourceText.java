package io.nicplan.unicorn.source;

import java.util.Arrays;

/**
 * A named source text with a line index, for turning a line and column into a diagnostic that
 * shows the line. Lines end at {@code '\n'} (as ANTLR counts them); a trailing {@code '\r'} is
 * not shown.
 */
public final class SourceText {
    /** Lines longer than this are shown as a window around the column. */
    static final int MAX_SHOWN = 160;

    private final String name;
    private final String text;
    private int[] lineStarts;
    private Boolean hasSurrogates;

    public SourceText(String name, String text) {
        this.name = name;
        this.text = text;
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The text of a 1-based line without its line terminator; empty past the end. */
    public String line(int line) {
        int[] starts = lineStarts();
        if (line < 1 || line > starts.length) {
            return "";
        }
        int start = starts[line - 1];
        int end = line < starts.length ? starts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, Math.max(start, end));
    }

    public SourceLocation location(int line, int column) {
        return new SourceLocation(name, Math.max(1, line), Math.max(1, column));
    }

    /** A diagnostic at a 1-based line and column (in code points), showing that line. */
    public Diagnostic diagnostic(Diagnostic.Severity severity, int line, int column, String message) {
        int[] starts = lineStarts();
        if (line < 1 || line > starts.length || surrogates()) {
            return diagnostic(name, line(Math.max(1, line)), severity, line, column, message);
        }
        // Without surrogate pairs a column is a char index, so a window of a long line is cut
        // out directly: many diagnostics on one huge line must not copy the line each time.
        int start = starts[line - 1];
        int end = line < starts.length ? starts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        int length = Math.max(0, end - start);
        if (length <= MAX_SHOWN) {
            return diagnostic(name, text.substring(start, start + length), severity, line, column, message);
        }
        int from = Math.max(0, Math.min(column - 1 - MAX_SHOWN / 2, length - MAX_SHOWN));
        int to = Math.min(length, from + MAX_SHOWN);
        String prefix = from > 0 ? "..." : "";
        String window = prefix + text.substring(start + from, start + to) + (to < length ? "..." : "");
        return new Diagnostic(name, line, Math.max(1, column), severity, message, window,
                Math.max(1, column - from + prefix.length()));
    }

    private boolean surrogates() {
        if (hasSurrogates == null) {
            boolean found = false;
            for (int i = 0; i < text.length() && !found; i++) {
                found = Character.isSurrogate(text.charAt(i));
            }
            hasSurrogates = found;
        }
        return hasSurrogates;
    }

    /** A diagnostic showing {@code whole}, the text of the line it is on. */
    public static Diagnostic diagnostic(String name, String whole, Diagnostic.Severity severity, int line, int column,
                                        String message) {
        int safeLine = Math.max(1, line);
        int safeColumn = Math.max(1, column);
        int length = whole.codePointCount(0, whole.length());
        if (length <= MAX_SHOWN) {
            return new Diagnostic(name, safeLine, safeColumn, severity, message, whole);
        }
        // Very long lines (generated files, minified input) are cut to a window around the column.
        int from = Math.max(0, Math.min(safeColumn - 1 - MAX_SHOWN / 2, length - MAX_SHOWN));
        int to = Math.min(length, from + MAX_SHOWN);
        int fromChar = whole.offsetByCodePoints(0, from);
        int toChar = whole.offsetByCodePoints(fromChar, to - from);
        String prefix = from > 0 ? "..." : "";
        String window = prefix + whole.substring(fromChar, toChar) + (to < length ? "..." : "");
        int shownColumn = safeColumn - from + prefix.length();
        return new Diagnostic(name, safeLine, safeColumn, severity, message, window, Math.max(1, shownColumn));
    }

    public Diagnostic error(int line, int column, String message) {
        return diagnostic(Diagnostic.Severity.ERROR, line, column, message);
    }

    private int[] lineStarts() {
        if (lineStarts == null) {
            int[] starts = new int[16];
            int count = 0;
            starts[count++] = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    if (count == starts.length) {
                        starts = Arrays.copyOf(starts, count * 2);
                    }
                    starts[count++] = i + 1;
                }
            }
            lineStarts = Arrays.copyOf(starts, count);
        }
        return lineStarts;
    }
}
