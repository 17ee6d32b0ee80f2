package io.nicplan.unicorn.syntax;

import io.nicplan.unicorn.Diagnostic;
import io.nicplan.unicorn.SourceLocation;
import io.nicplan.unicorn.source.SourceText;
import org.antlr.v4.runtime.Token;

/**
 * Maps tokens to places in a source. A fragment parsed on its own (an interpolation inside a
 * string) has offsets so that its tokens still point into the enclosing file.
 *
 * @param source the file
 * @param lineOffset added to a token's line
 * @param columnOffset added to the column of tokens on the fragment's first line
 */
public record Locator(SourceText source, int lineOffset, int columnOffset) {

    public static Locator of(SourceText source) {
        return new Locator(source, 0, 0);
    }

    /** A locator for a fragment that starts at {@code line}:{@code column} of this locator's source. */
    public Locator fragmentAt(int line, int column) {
        return new Locator(source, line - 1, column - 1);
    }

    public int line(Token t) {
        return t.getLine() + lineOffset;
    }

    public int column(Token t) {
        return t.getCharPositionInLine() + 1 + (t.getLine() == 1 ? columnOffset : 0);
    }

    public int line(int fragmentLine) {
        return fragmentLine + lineOffset;
    }

    public int column(int fragmentLine, int charPositionInLine) {
        return charPositionInLine + 1 + (fragmentLine == 1 ? columnOffset : 0);
    }

    public SourceLocation location(Token t) {
        return source.location(line(t), column(t));
    }

    public Diagnostic error(Token t, String message) {
        return source.error(line(t), column(t), message);
    }

    public Diagnostic warning(Token t, String message) {
        return source.diagnostic(Diagnostic.Severity.WARNING, line(t), column(t), message);
    }
}
