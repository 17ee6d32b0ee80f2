package io.nicplan.unicorn.source;

import java.util.Optional;

/**
 * A {@link SourceResolver} found the source but cannot hand it over: it is unreadable, too large,
 * or not UTF-8. The parser reports it as a diagnostic at {@link #line()}:{@link #column()} of the
 * source when known, otherwise at the import that asked for it.
 */
public final class SourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int line;
    private final int column;
    private final String lineText;

    /**
     * A problem at a known place in the source (e.g. the first byte that is not UTF-8).
     *
     * @param lineText what can be shown of that line (for a bad byte: the line up to it)
     */
    public SourceException(String sourceName, int line, int column, String lineText, String message) {
        super(message);
        this.sourceName = sourceName;
        this.line = line;
        this.column = column;
        this.lineText = lineText;
    }

    /** A problem with the source as a whole (unreadable, too large). */
    public SourceException(String sourceName, String message) {
        this(sourceName, 0, 0, "", message);
    }

    public String sourceName() {
        return sourceName;
    }

    /** The place in the source, when the problem has one. */
    public Optional<SourceLocation> location() {
        return line > 0 && column > 0 ? Optional.of(new SourceLocation(sourceName, line, column)) : Optional.empty();
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The text of the line at {@link #location()}, as far as it could be read. */
    public String lineText() {
        return lineText;
    }
}
