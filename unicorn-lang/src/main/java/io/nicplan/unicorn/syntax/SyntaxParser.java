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
import org.antlr.v4.runtime.Token;
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

    /** Receives the main file item by item; each tree may be dropped once the call returns. */
    public interface UnitSink {
        void topLevelItem(UnicornParser.ItemContext item);

        void graphStart(UnicornParser.GraphHeaderContext header);

        void graphItem(UnicornParser.ItemContext item);
    }

    /** How streaming a file went. */
    public enum Outcome {
        /** Every item parsed and was handed to the sink. */
        STREAMED,
        /** The fast parse failed somewhere: the caller redoes the file with {@link #parseUnit}, which reports why. */
        NOT_STREAMED,
        /** The input was refused (nested too deeply); the reason is reported. */
        REFUSED
    }

    /** The outcome and the file's first token (end of file for an empty file). */
    public record Streamed(Outcome outcome, Token first) {
    }

    private SyntaxParser() {
    }

    /**
     * Parses a main file one item at a time in SLL mode and hands each item to {@code sink}, so
     * that only one item's tree exists at a time (a description of 10^5 nodes written out node by
     * node would otherwise hold a tree of ~50 bytes per input byte). Lexical and syntax errors are
     * not reported here: on any, the result is {@link Outcome#NOT_STREAMED} and the caller parses
     * the file again with {@link #parseUnit} (full LL with readable messages).
     */
    public static Streamed streamUnit(Locator at, int maxDepth, Reporter reporter, UnitSink sink) {
        UnicornLexer lexer = new UnicornLexer(CharStreams.fromString(at.source().text(), at.source().name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        Reporter.Mark mark = reporter.mark();
        TokenScan.Result scan = TokenScan.check(tokens.getTokens(), at, maxDepth, reporter);
        Token first = tokens.LT(1);
        if (!scan.parseable()) {
            return new Streamed(Outcome.REFUSED, first);
        }
        if (scan.errors() > 0) {
            reporter.rollback(mark);
            return new Streamed(Outcome.NOT_STREAMED, first);
        }
        UnicornParser parser = new UnicornParser(tokens);
        parser.setTrimParseTree(true);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            while (tokens.LA(1) != Token.EOF) {
                if (tokens.LA(1) != UnicornLexer.GRAPH) {
                    sink.topLevelItem(parser.item());
                    continue;
                }
                sink.graphStart(parser.graphHeader());
                // At end of file item() fails, and the slow parse explains the missing '}'.
                while (tokens.LA(1) != UnicornLexer.RBRACE) {
                    sink.graphItem(parser.item());
                }
                parser.graphEnd();
            }
        } catch (ParseCancellationException fastParseFailed) {
            return new Streamed(Outcome.NOT_STREAMED, first);
        }
        return new Streamed(Outcome.STREAMED, first);
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
        // Child lists trimmed to size as rules exit: a large description builds millions of contexts.
        parser.setTrimParseTree(true);
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
