package io.nicplan.unicorn.syntax;

import io.nicplan.unicorn.parser.UnicornLexer;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Reporter;
import java.util.Optional;
import java.util.function.Function;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Lexes, pre-scans and parses Unicorn text. Parsing runs in ANTLR's fast SLL mode first and only
 * falls back to full LL, with readable error recovery, when SLL fails (the usual two-stage use).
 */
public final class SyntaxParser {

    /** A parse tree and whether it came out without syntax errors. */
    public record Parsed<T extends ParserRuleContext>(T tree, boolean clean) {
    }

    private SyntaxParser() {
    }

    /** Parses a whole file; empty when the input was refused (nested too deeply). */
    public static Optional<Parsed<UnicornParser.UnitContext>> parseUnit(Locator at, int maxDepth, Reporter reporter) {
        return parse(at.source().text(), at, maxDepth, reporter, UnicornParser::unit);
    }

    /** Parses the expression of a {@code {EXPR}} inside a string; {@code at} maps into the enclosing file. */
    public static Optional<Parsed<UnicornParser.FragmentExprContext>> parseFragment(String text, Locator at, int maxDepth,
                                                                                     Reporter reporter) {
        return parse(text, at, maxDepth, reporter, UnicornParser::fragmentExpr);
    }

    private static <T extends ParserRuleContext> Optional<Parsed<T>> parse(String text, Locator at, int maxDepth,
                                                                           Reporter reporter,
                                                                           Function<UnicornParser, T> rule) {
        UnicornLexer lexer = new UnicornLexer(CharStreams.fromString(text, at.source().name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        SyntaxErrorListener listener = new SyntaxErrorListener(at, reporter);
        TokenScan.Result scan = TokenScan.check(tokens.getTokens(), at, maxDepth, reporter);
        if (!scan.parseable()) {
            return Optional.empty();
        }
        UnicornParser parser = new UnicornParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        T tree;
        try {
            tree = rule.apply(parser);
        } catch (ParseCancellationException sllFailed) {
            parser.reset();
            parser.addErrorListener(listener);
            parser.setErrorHandler(new ReadableErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            tree = rule.apply(parser);
        }
        return Optional.of(new Parsed<>(tree, listener.count() == 0 && scan.errors() == 0));
    }
}
