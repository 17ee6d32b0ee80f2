package io.nicplan.unicorn.syntax;

import io.nicplan.unicorn.report.Reporter;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/** Turns the parser's error reports into diagnostics at the right place of the source. */
final class SyntaxErrorListener extends BaseErrorListener {
    private final Locator at;
    private final Reporter reporter;
    private int count;

    SyntaxErrorListener(Locator at, Reporter reporter) {
        this.at = at;
        this.reporter = reporter;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        count++;
        String message = at.isFragment() ? msg.replace("end of file", "end of the '{EXPR}'") : msg;
        reporter.report(at.source().error(at.line(line), at.column(line, charPositionInLine), message));
    }

    int count() {
        return count;
    }
}
