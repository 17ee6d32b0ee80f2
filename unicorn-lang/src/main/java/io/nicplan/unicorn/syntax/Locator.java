package io.nicplan.unicorn.syntax;

import io.nicplan.unicorn.source.Diagnostic;
import io.nicplan.unicorn.source.SourceLocation;
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

    /** True for a fragment inside a line of the source (an interpolation), false for a whole file. */
    public boolean isFragment() {
        return lineOffset != 0 || columnOffset != 0;
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

    /** Where {@code t} is, as seen from a message about {@code reader}'s file: "L:C", or "FILE:L:C" for another file. */
    public String place(Token t, Locator reader) {
        String lineColumn = line(t) + ":" + column(t);
        return reader.source().name().equals(source.name()) ? lineColumn : source.name() + ":" + lineColumn;
    }

    /** The source text a rule matched, spaces and all (getText() drops them). */
    public static String text(org.antlr.v4.runtime.ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop();
        if (stop == null || stop.getStopIndex() < start.getStartIndex()) {
            return ctx.getText();
        }
        return start.getInputStream().getText(org.antlr.v4.runtime.misc.Interval.of(start.getStartIndex(), stop.getStopIndex()));
    }

    public Diagnostic error(Token t, String message) {
        return source.error(line(t), column(t), message);
    }

    public Diagnostic warning(Token t, String message) {
        return source.diagnostic(Diagnostic.Severity.WARNING, line(t), column(t), message);
    }
}
