package io.nicplan.unicorn.syntax;

import io.nicplan.unicorn.parser.UnicornLexer;
import io.nicplan.unicorn.report.Reporter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.WritableToken;

/**
 * Checks the token list before the parser runs: reports stray characters and unterminated
 * strings and comments (and hides them from the parser, so it reports nothing twice), and
 * refuses input nested deeper than the limit, which would otherwise overflow the
 * recursive-descent parser's stack.
 */
final class TokenScan {

    private TokenScan() {
    }

    /** What the scan found: whether the parser may run, and how many lexical errors it reported. */
    record Result(boolean parseable, int errors) {
    }

    static Result check(List<Token> tokens, Locator at, int maxDepth, Reporter reporter) {
        Deque<Token> open = new ArrayDeque<>();
        int errors = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            switch (t.getType()) {
                case UnicornLexer.BAD_CHAR -> {
                    i = badCharacters(tokens, i, at, reporter);
                    errors++;
                }
                case UnicornLexer.UNTERMINATED_STRING -> {
                    errors++;
                    reporter.report(at.error(t, "unterminated string: add the closing '\"' on the same line"));
                    ((WritableToken) t).setType(UnicornLexer.STRING);
                }
                case UnicornLexer.UNTERMINATED_COMMENT -> {
                    errors++;
                    reporter.report(at.error(t, "unterminated comment: this '/*' has no closing '*/'"));
                    ((WritableToken) t).setChannel(Token.HIDDEN_CHANNEL);
                }
                case UnicornLexer.LBRACE, UnicornLexer.LBRACK, UnicornLexer.LPAREN -> {
                    if (open.size() >= maxDepth) {
                        reporter.report(at.error(t, "nesting is deeper than " + maxDepth
                                + " levels (braces, brackets and parentheses); the input is not parsed further"));
                        return new Result(false, errors + 1);
                    }
                    open.push(t);
                }
                case UnicornLexer.RBRACE, UnicornLexer.RBRACK, UnicornLexer.RPAREN -> {
                    if (!open.isEmpty()) {
                        open.pop();
                    }
                }
                default -> {
                    // other tokens do not nest
                }
            }
        }
        return new Result(true, errors);
    }

    /** Reports a run of adjacent stray characters once; returns the index of the run's last token. */
    private static int badCharacters(List<Token> tokens, int first, Locator at, Reporter reporter) {
        int last = first;
        StringBuilder text = new StringBuilder(tokens.get(first).getText());
        while (last + 1 < tokens.size() && tokens.get(last + 1).getType() == UnicornLexer.BAD_CHAR
                && tokens.get(last + 1).getStartIndex() == tokens.get(last).getStopIndex() + 1 && text.length() < 40) {
            last++;
            text.append(tokens.get(last).getText());
        }
        for (int i = first; i <= last; i++) {
            ((WritableToken) tokens.get(i)).setChannel(Token.HIDDEN_CHANNEL);
        }
        reporter.report(at.error(tokens.get(first), describe(text.toString())));
        return last;
    }

    private static String describe(String text) {
        if (text.chars().allMatch(c -> c == ';')) {
            return "Unicorn has no semicolons; remove ';'";
        }
        if (text.equals("|")) {
            return "unexpected character '|'; did you mean '||'?";
        }
        int cp = text.codePointAt(0);
        if (text.length() == Character.charCount(cp)) {
            if (cp > 0x7E || cp < 0x20) {
                return String.format("unexpected character U+%04X%s; names and operators are ASCII", cp,
                        Character.isISOControl(cp) ? "" : " '" + text + "'");
            }
            return "unexpected character '" + text + "'";
        }
        return "unexpected characters '" + text.codePoints().mapToObj(c -> c >= 0x20 && c <= 0x7E
                ? Character.toString(c) : String.format("\\u%04X", c)).reduce("", String::concat) + "'";
    }
}
