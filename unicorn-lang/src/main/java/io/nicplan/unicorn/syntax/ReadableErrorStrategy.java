package io.nicplan.unicorn.syntax;

import io.nicplan.unicorn.parser.UnicornLexer;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Suggestions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery with messages written for people: "unexpected 'x'; expected a node
 * statement (attr, port, ...)" instead of a list of token names, "'[' at 3:14 is never closed",
 * and hints for common slips (commas between targets, '=' for '==', misspelt keywords).
 */
final class ReadableErrorStrategy extends DefaultErrorStrategy {
    /** Tokens that may serve as names (the grammar's anyIdent). */
    private static final Set<Integer> NAME_TOKENS = Set.of(UnicornLexer.ID, UnicornLexer.IMPORT, UnicornLexer.GRAPH,
            UnicornLexer.CLUSTER, UnicornLexer.PARAM, UnicornLexer.RESOURCE, UnicornLexer.FOR, UnicornLexer.IN,
            UnicornLexer.NODE, UnicornLexer.BOOLEAN, UnicornLexer.AND, UnicornLexer.OR, UnicornLexer.NAND,
            UnicornLexer.NOR, UnicornLexer.CONFIG, UnicornLexer.ATTR, UnicornLexer.IMPLEMENTATION,
            UnicornLexer.CYCLES, UnicornLexer.PORT, UnicornLexer.WHEN, UnicornLexer.PREDICATE, UnicornLexer.SPAWN,
            UnicornLexer.TYPE, UnicornLexer.FUNCTION, UnicornLexer.USES, UnicornLexer.TRUE, UnicornLexer.FALSE,
            UnicornLexer.BOOL_T, UnicornLexer.INT_T, UnicornLexer.UINT_T, UnicornLexer.ENUM_T);
    private static final int MAX_LISTED = 6;
    /** Bracket scans are linear in the input; only the first errors get one, so many errors stay cheap. */
    private int scansLeft = 32;

    /**
     * At a loop over declarations or node statements, skips an unexpected stretch as a whole,
     * braces balanced, up to the next declaration or statement keyword. ANTLR's default would stop
     * at the first '}', so a misspelt keyword ({@code nod X { }}) would close the enclosing block.
     */
    @Override
    public void sync(Parser recognizer) throws RecognitionException {
        if (inErrorRecoveryMode(recognizer) || !isBlockLoop(recognizer.getContext().getRuleIndex())) {
            super.sync(recognizer);
            return;
        }
        TokenStream in = recognizer.getInputStream();
        IntervalSet expecting = recognizer.getExpectedTokens();
        int la = in.LA(1);
        if (la == Token.EOF || expecting.contains(la)) {
            return;
        }
        reportUnwantedToken(recognizer);
        int depth = 0;
        while (in.LA(1) != Token.EOF && !(depth == 0 && expecting.contains(in.LA(1)))) {
            switch (in.LA(1)) {
                case UnicornLexer.LBRACE, UnicornLexer.LBRACK, UnicornLexer.LPAREN -> depth++;
                case UnicornLexer.RBRACE, UnicornLexer.RBRACK, UnicornLexer.RPAREN -> depth = Math.max(0, depth - 1);
                default -> {
                    // part of the skipped stretch
                }
            }
            recognizer.consume();
        }
    }

    private static boolean isBlockLoop(int rule) {
        return rule == UnicornParser.RULE_graphDecl || rule == UnicornParser.RULE_clusterDecl
                || rule == UnicornParser.RULE_forItem || rule == UnicornParser.RULE_unit
                || rule == UnicornParser.RULE_nodeDecl;
    }

    @Override
    protected void reportNoViableAlternative(Parser recognizer, NoViableAltException e) {
        Token offending = e.getOffendingToken();
        Token start = e.getStartToken();
        String message;
        Optional<String> hint = hint(recognizer, offending, recognizer.getExpectedTokens());
        if (hint.isPresent()) {
            message = hint.get();
        } else if (start != null && start.getTokenIndex() < offending.getTokenIndex() && offending.getType() != Token.EOF) {
            message = "unexpected " + describe(offending) + " after '" + recognizer.getInputStream()
                    .getText(start, recognizer.getInputStream().get(offending.getTokenIndex() - 1)) + "'"
                    + construct(recognizer).map(c -> "; expected " + c).orElse("");
        } else {
            message = unexpected(recognizer, offending, recognizer.getExpectedTokens());
        }
        recognizer.notifyErrorListeners(offending, message, e);
    }

    @Override
    protected void reportInputMismatch(Parser recognizer, InputMismatchException e) {
        Token offending = e.getOffendingToken();
        recognizer.notifyErrorListeners(offending, unexpected(recognizer, offending, e.getExpectedTokens()), e);
    }

    @Override
    protected void reportFailedPredicate(Parser recognizer, FailedPredicateException e) {
        Token offending = e.getOffendingToken();
        recognizer.notifyErrorListeners(offending, "unexpected " + describe(offending)
                + " here; names are written without spaces (Q{q}Valid, .Drop)", e);
    }

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token t = recognizer.getCurrentToken();
        recognizer.notifyErrorListeners(t, unexpected(recognizer, t, getExpectedTokens(recognizer)), null);
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token t = recognizer.getCurrentToken();
        IntervalSet expected = getExpectedTokens(recognizer);
        String message;
        if (t.getType() == Token.EOF) {
            message = unexpected(recognizer, t, expected);
        } else {
            message = "expected " + expectedText(recognizer, expected) + " before " + describe(t);
            if (expected.size() == 1) {
                message += closes(recognizer, expected.getMinElement(), t.getTokenIndex());
            }
        }
        recognizer.notifyErrorListeners(t, message, null);
    }

    private String unexpected(Parser p, Token offending, IntervalSet expected) {
        Optional<String> hint = hint(p, offending, expected);
        if (hint.isPresent()) {
            return hint.get();
        }
        if (offending.getType() == Token.EOF) {
            Optional<Token> unclosed = innermostUnclosed(p.getInputStream(), offending.getTokenIndex(), -1);
            if (unclosed.isPresent()) {
                Token open = unclosed.get();
                return "unexpected end of file: '" + open.getText() + "' at " + open.getLine() + ":"
                        + (open.getCharPositionInLine() + 1) + " is never closed";
            }
            return "unexpected end of file; expected " + expectedText(p, expected);
        }
        String message = "unexpected " + describe(offending) + "; expected " + expectedText(p, expected);
        int closer = wrongCloser(offending.getType(), expected);
        if (closer >= 0) {
            message = "unexpected " + describe(offending) + "; expected " + tokenWord(closer)
                    + closes(p, closer, offending.getTokenIndex());
        }
        if (offending.getType() == UnicornLexer.ID) {
            Optional<String> keyword = new Suggestions(10_000).closest(offending.getText(), keywordsIn(expected));
            if (keyword.isPresent()) {
                message += "; did you mean '" + keyword.get() + "'?";
            }
        }
        return message;
    }

    /** The closing bracket expected instead of the closing bracket {@code found}, or -1. */
    private static int wrongCloser(int found, IntervalSet expected) {
        Set<Integer> closers = Set.of(UnicornLexer.RBRACE, UnicornLexer.RBRACK, UnicornLexer.RPAREN);
        if (!closers.contains(found)) {
            return -1;
        }
        for (int c : closers) {
            if (c != found && expected.contains(c)) {
                return c;
            }
        }
        return -1;
    }

    /** Targeted messages for common slips. */
    private Optional<String> hint(Parser p, Token offending, IntervalSet expected) {
        int type = offending.getType();
        if (type == UnicornLexer.COMMA && expected.contains(UnicornLexer.RBRACK) && inRule(p, UnicornParser.RULE_nodeStmt)) {
            return Optional.of("unexpected ','; targets are separated by spaces, not commas");
        }
        if (type == UnicornLexer.ASSIGN && (expected.contains(UnicornLexer.EQ) || inRule(p, UnicornParser.RULE_predExpr))) {
            return Optional.of("unexpected '='; use '==' to compare a field with a value");
        }
        if (NAME_TOKENS.contains(type) && type != UnicornLexer.ID && expected.contains(UnicornLexer.ID)
                && !expected.contains(type) && !expected.contains(UnicornLexer.INT)) {
            return Optional.of("'" + offending.getText() + "' is a keyword and cannot be used as a name here");
        }
        if (type == UnicornLexer.LT && expected.contains(UnicornLexer.INT) && inRule(p, UnicornParser.RULE_intExpr)) {
            return Optional.of("unexpected '<'; a shift is written '<<' without a space");
        }
        return Optional.empty();
    }

    private static boolean inRule(Parser p, int ruleIndex) {
        for (RuleContext c = p.getContext(); c != null; c = c.parent) {
            if (c.getRuleIndex() == ruleIndex) {
                return true;
            }
        }
        return false;
    }

    private String closes(Parser p, int closer, int beforeIndex) {
        int opener = switch (closer) {
            case UnicornLexer.RBRACE -> UnicornLexer.LBRACE;
            case UnicornLexer.RBRACK -> UnicornLexer.LBRACK;
            case UnicornLexer.RPAREN -> UnicornLexer.LPAREN;
            default -> -1;
        };
        if (opener < 0) {
            return "";
        }
        return innermostUnclosed(p.getInputStream(), beforeIndex, opener)
                .map(t -> " to close '" + t.getText() + "' at " + t.getLine() + ":" + (t.getCharPositionInLine() + 1))
                .orElse("");
    }

    /** The innermost bracket still open before token index {@code before} (of type {@code wanted}, or any if -1). */
    private Optional<Token> innermostUnclosed(TokenStream tokens, int before, int wanted) {
        if (scansLeft-- <= 0) {
            return Optional.empty();
        }
        Deque<Token> open = new ArrayDeque<>();
        for (int i = 0; i < before && i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            switch (t.getType()) {
                case UnicornLexer.LBRACE, UnicornLexer.LBRACK, UnicornLexer.LPAREN -> open.push(t);
                case UnicornLexer.RBRACE -> popIf(open, UnicornLexer.LBRACE);
                case UnicornLexer.RBRACK -> popIf(open, UnicornLexer.LBRACK);
                case UnicornLexer.RPAREN -> popIf(open, UnicornLexer.LPAREN);
                default -> {
                    // not a bracket
                }
            }
        }
        for (Token t : open) {
            if (wanted < 0 || t.getType() == wanted) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static void popIf(Deque<Token> open, int type) {
        if (!open.isEmpty() && open.peek().getType() == type) {
            open.pop();
        }
    }

    private static List<String> keywordsIn(IntervalSet expected) {
        List<String> out = new ArrayList<>();
        for (int type : expected.toList()) {
            if (type != UnicornLexer.ID && NAME_TOKENS.contains(type)) {
                out.add(UnicornLexer.VOCABULARY.getLiteralName(type).replace("'", ""));
            }
        }
        return out;
    }

    /** The expected tokens in words, or a description of the construct when there are many. */
    static String expectedText(Parser p, IntervalSet expected) {
        Set<String> words = new LinkedHashSet<>();
        boolean names = expected.contains(UnicornLexer.ID) && expected.toList().stream().filter(NAME_TOKENS::contains).count() > 10;
        for (int type : expected.toList()) {
            if (names && NAME_TOKENS.contains(type)) {
                words.add("a name");
            } else {
                words.add(tokenWord(type));
            }
        }
        if (words.size() > MAX_LISTED) {
            Optional<String> construct = construct(p);
            if (construct.isPresent()) {
                return construct.get();
            }
        }
        List<String> list = new ArrayList<>(words);
        if (list.size() > MAX_LISTED) {
            list = new ArrayList<>(list.subList(0, MAX_LISTED));
            list.add("...");
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }

    private static Optional<String> construct(Parser p) {
        for (RuleContext c = p.getContext(); c != null; c = c.parent) {
            switch (c.getRuleIndex()) {
                case UnicornParser.RULE_nodeStmt, UnicornParser.RULE_nodeDecl:
                    return Optional.of("a node statement (attr, implementation, cycles, port, predicate, spawn, "
                            + "type, function, uses, for) or '}'");
                case UnicornParser.RULE_value:
                    return Optional.of("a value (a number, 0xHEX, a.b.c.d, aa:bb:cc:dd:ee:ff, a symbol or {EXPR})");
                case UnicornParser.RULE_predExpr, UnicornParser.RULE_predTerm, UnicornParser.RULE_predPrimary,
                        UnicornParser.RULE_field:
                    return Optional.of("a predicate such as 'ip.proto == tcp'");
                case UnicornParser.RULE_intExpr, UnicornParser.RULE_intSum, UnicornParser.RULE_intOperand:
                    return Optional.of("an integer expression");
                case UnicornParser.RULE_configType, UnicornParser.RULE_coreType, UnicornParser.RULE_tupleField:
                    return Optional.of("a type (Bool, Int LO HI, UInt BITS, Enum(a, b), <T>, [T]<MIN, MAX>, (name: T, ...))");
                case UnicornParser.RULE_reference, UnicornParser.RULE_refSegment, UnicornParser.RULE_dots:
                    return Optional.of("a node reference or ']'");
                case UnicornParser.RULE_item, UnicornParser.RULE_topItem, UnicornParser.RULE_unit,
                        UnicornParser.RULE_graphDecl, UnicornParser.RULE_clusterDecl, UnicornParser.RULE_forItem:
                    return Optional.of("a declaration (node, boolean, and, or, nand, nor, config, cluster, for, "
                            + "param, resource, import)");
                default:
                    break;
            }
        }
        return Optional.empty();
    }

    static String tokenWord(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case UnicornLexer.ID -> "a name";
            case UnicornLexer.INT -> "a number";
            case UnicornLexer.HEX -> "a hex number";
            case UnicornLexer.IPV4 -> "an IPv4 address";
            case UnicornLexer.MAC -> "a MAC address";
            case UnicornLexer.STRING -> "a string";
            default -> {
                String literal = UnicornLexer.VOCABULARY.getLiteralName(type);
                yield literal != null ? literal : UnicornLexer.VOCABULARY.getDisplayName(type);
            }
        };
    }

    static String describe(Token t) {
        if (t.getType() == Token.EOF) {
            return "end of file";
        }
        String text = t.getText();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return t.getType() == UnicornLexer.STRING ? "string " + text : "'" + text + "'";
    }
}
