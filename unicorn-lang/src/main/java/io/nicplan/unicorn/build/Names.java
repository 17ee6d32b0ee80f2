package io.nicplan.unicorn.build;

import io.nicplan.unicorn.ParseLimits;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.syntax.Locator;
import io.nicplan.unicorn.syntax.SyntaxParser;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Evaluates what may contain {@code {EXPR}} parts: declared names, references (where
 * {@code {LO..HI}} expands to several targets) and string literals. Checks that the parts of a
 * name are written without spaces between them.
 */
final class Names {

    /** A string literal split into literal text and interpolated expressions, parsed once per token. */
    private record Template(List<Object> parts, boolean broken) {
    }

    /** An interpolated expression of a string, with the locator that maps it into the file. */
    private record Hole(UnicornParser.FragmentExprContext expression, Locator at) {
    }

    private final IntEvaluator evaluator;
    private final Reporter reporter;
    private final ParseLimits limits;
    private final Map<Token, Template> templates = new IdentityHashMap<>();

    Names(IntEvaluator evaluator, Reporter reporter, ParseLimits limits) {
        this.evaluator = evaluator;
        this.reporter = reporter;
        this.limits = limits;
    }

    // ------------------------------------------------------------------ declared names

    /** The name a declaration gives (node, cluster, port, spawn label); empty after reporting a problem. */
    Optional<String> declared(UnicornParser.DeclNameContext ctx, Scope scope, Locator at) {
        String first = ctx.anyIdent().getText();
        List<UnicornParser.NamePartContext> parts = ctx.namePart();
        if (parts.isEmpty()) {
            return Optional.of(first);
        }
        StringBuilder name = new StringBuilder(first);
        Token previous = ctx.anyIdent().getStop();
        boolean ok = true;
        for (UnicornParser.NamePartContext part : parts) {
            ok &= adjacent(previous, part.getStart(), ctx, at);
            previous = part.getStop();
            if (part.nameWord() != null) {
                name.append(part.nameWord().getText());
                continue;
            }
            UnicornParser.InterpolationContext hole = part.interpolation();
            if (hole.DOTDOT() != null) {
                reporter.report(at.error(hole.getStart(), "a range '{LO..HI}' may only appear in references, "
                        + "not in declared names; use a 'for' loop"));
                ok = false;
                continue;
            }
            OptionalLong v = nonNegative(hole.intExpr(0), scope, at);
            if (v.isEmpty()) {
                ok = false;
            } else {
                name.append(v.getAsLong());
            }
        }
        return ok ? Optional.of(name.toString()) : Optional.empty();
    }

    // ------------------------------------------------------------------ references

    /**
     * The absolute node ids a reference written in cluster {@code from} denotes: leading dots
     * climb, dotted paths descend, {@code {LO..HI}} parts expand. Empty after reporting a problem.
     */
    Optional<List<String>> reference(UnicornParser.ReferenceContext ctx, ClusterPath from, Scope scope, Locator at) {
        List<UnicornParser.RefSegmentContext> segments = ctx.refSegment();
        if (ctx.dots() == null && segments.size() == 1 && segments.get(0).namePart().isEmpty()) {
            return Optional.of(List.of(from.prefix() + segments.get(0).getText()));
        }
        boolean ok = checkSurface(ctx, at);
        int dots = 0;
        if (ctx.dots() != null) {
            dots = ctx.dots().getText().length();
        }
        if (dots > from.depth()) {
            String where = from.depth() == 0 ? "at the top level"
                    : "in cluster '" + from.dotted() + "', " + from.depth() + (from.depth() == 1 ? " level" : " levels") + " deep";
            reporter.report(at.error(ctx.getStart(), "reference '" + ctx.getText() + "' climbs " + dots
                    + (dots == 1 ? " cluster level" : " cluster levels") + " but is written " + where));
            ok = false;
        }
        List<String> ids = new ArrayList<>(List.of(ok ? from.climb(dots).prefix() : ""));
        long count = 1;
        for (int s = 0; s < segments.size(); s++) {
            Optional<List<String>> values = segment(segments.get(s), scope, at);
            if (values.isEmpty()) {
                ok = false;
                continue;
            }
            count *= Math.max(1, values.get().size());
            if (count > limits.maxLoopIterations()) {
                reporter.report(at.error(ctx.getStart(), "reference '" + ctx.getText() + "' expands to more than "
                        + limits.maxLoopIterations() + " targets (the per-loop limit)"));
                return Optional.empty();
            }
            if (!ok) {
                continue;
            }
            List<String> next = new ArrayList<>(ids.size() * values.get().size());
            for (String base : ids) {
                for (String v : values.get()) {
                    next.add(s == 0 ? base + v : base + "." + v);
                }
            }
            ids = next;
        }
        return ok ? Optional.of(ids) : Optional.empty();
    }

    /** The values of one dotted segment; several when it has {@code {LO..HI}} parts. */
    private Optional<List<String>> segment(UnicornParser.RefSegmentContext ctx, Scope scope, Locator at) {
        List<String> values = new ArrayList<>(List.of(ctx.anyIdent().getText()));
        boolean ok = true;
        for (UnicornParser.NamePartContext part : ctx.namePart()) {
            if (part.nameWord() != null) {
                String word = part.nameWord().getText();
                values.replaceAll(v -> v + word);
                continue;
            }
            UnicornParser.InterpolationContext hole = part.interpolation();
            OptionalLong lo = nonNegative(hole.intExpr(0), scope, at);
            if (hole.DOTDOT() == null) {
                if (lo.isEmpty()) {
                    ok = false;
                } else {
                    String v = Long.toString(lo.getAsLong());
                    values.replaceAll(x -> x + v);
                }
                continue;
            }
            OptionalLong hi = nonNegative(hole.intExpr(1), scope, at);
            if (lo.isEmpty() || hi.isEmpty()) {
                ok = false;
                continue;
            }
            long span = hi.getAsLong() - lo.getAsLong();
            if (span >= limits.maxLoopIterations() || (span + 1) * Math.max(1, values.size()) > limits.maxLoopIterations()) {
                reporter.report(at.error(hole.getStart(), "range {" + lo.getAsLong() + ".." + hi.getAsLong()
                        + "} expands to more than " + limits.maxLoopIterations() + " targets (the per-loop limit)"));
                return Optional.empty();
            }
            List<String> next = new ArrayList<>();
            for (String v : values) {
                for (long i = lo.getAsLong(); i <= hi.getAsLong(); i++) {
                    next.add(v + i);
                }
            }
            values = next;
        }
        return ok ? Optional.of(values) : Optional.empty();
    }

    /** Checks that dots, segments and name parts of a reference touch each other. */
    private boolean checkSurface(UnicornParser.ReferenceContext ctx, Locator at) {
        List<ParseTree> pieces = new ArrayList<>();
        if (ctx.dots() != null) {
            for (int i = 0; i < ctx.dots().getChildCount(); i++) {
                pieces.add(ctx.dots().getChild(i));
            }
        }
        for (int i = 0; i < ctx.getChildCount(); i++) {
            ParseTree child = ctx.getChild(i);
            if (child instanceof UnicornParser.RefSegmentContext segment) {
                for (int j = 0; j < segment.getChildCount(); j++) {
                    pieces.add(segment.getChild(j));
                }
            } else if (child instanceof TerminalNode) {
                pieces.add(child);
            }
        }
        boolean ok = true;
        for (int i = 1; i < pieces.size() && ok; i++) {
            ok = adjacent(stop(pieces.get(i - 1)), start(pieces.get(i)), ctx, at);
        }
        return ok;
    }

    private static Token start(ParseTree t) {
        return t instanceof TerminalNode n ? n.getSymbol() : ((ParserRuleContext) t).getStart();
    }

    private static Token stop(ParseTree t) {
        return t instanceof TerminalNode n ? n.getSymbol() : ((ParserRuleContext) t).getStop();
    }

    private boolean adjacent(Token previous, Token next, ParserRuleContext whole, Locator at) {
        if (previous.getStopIndex() + 1 == next.getStartIndex()) {
            return true;
        }
        reporter.report(at.error(next, "the parts of a name are written without spaces: '" + whole.getText() + "'"));
        return false;
    }

    private OptionalLong nonNegative(UnicornParser.IntExprContext expr, Scope scope, Locator at) {
        OptionalLong v = evaluator.evaluate(expr, scope, at);
        if (v.isPresent() && v.getAsLong() < 0) {
            reporter.report(at.error(expr.getStart(), "a name part is " + v.getAsLong() + "; names cannot contain '-'"));
            return OptionalLong.empty();
        }
        return v;
    }

    // ------------------------------------------------------------------ strings

    /** The text of a string literal with escapes decoded and {@code {EXPR}} parts interpolated. */
    Optional<String> string(Token token, Scope scope, Locator at) {
        String text = token.getText();
        if (text.indexOf('{') < 0 && text.indexOf('}') < 0 && text.indexOf('\\') < 0) {
            return Optional.of(text.substring(1, text.length() - 1));
        }
        Template template = templates.computeIfAbsent(token, t -> parseTemplate(t, at));
        if (template.broken()) {
            return Optional.empty();
        }
        if (template.parts().size() == 1 && template.parts().get(0) instanceof String literal) {
            return Optional.of(literal);
        }
        StringBuilder out = new StringBuilder();
        for (Object part : template.parts()) {
            if (part instanceof String literal) {
                out.append(literal);
            } else {
                Hole hole = (Hole) part;
                OptionalLong v = evaluator.evaluate(hole.expression(), scope, hole.at());
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                out.append(v.getAsLong());
            }
        }
        return Optional.of(out.toString());
    }

    /** The text of a string literal with escapes decoded, where interpolation is not allowed. */
    Optional<String> plainString(Token token, Locator at) {
        Template template = templates.computeIfAbsent(token, t -> parseTemplate(t, at));
        if (template.broken()) {
            return Optional.empty();
        }
        if (template.parts().stream().anyMatch(p -> p instanceof Hole)) {
            reporter.report(at.error(token, "this string cannot contain '{EXPR}'; write '\\{' for a literal brace"));
            return Optional.empty();
        }
        return Optional.of(String.join("", template.parts().stream().map(String.class::cast).toList()));
    }

    private Template parseTemplate(Token token, Locator at) {
        String text = token.getText();
        String body = text.substring(1, text.length() - 1);
        int line = at.line(token);
        int column = at.column(token) + 1;
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean broken = false;
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            int here = column + body.codePointCount(0, i);
            if (c == '\\') {
                char e = body.charAt(i + 1);
                switch (e) {
                    case '"', '\\', '{', '}' -> literal.append(e);
                    case 'n' -> literal.append('\n');
                    case 't' -> literal.append('\t');
                    case 'r' -> literal.append('\r');
                    default -> {
                        reporter.report(at.source().error(line, here, "unknown escape '\\" + e
                                + "'; known escapes are \\\" \\\\ \\{ \\} \\n \\t \\r"));
                        broken = true;
                    }
                }
                i += 2;
            } else if (c == '{') {
                int close = body.indexOf('}', i + 1);
                if (close < 0) {
                    reporter.report(at.source().error(line, here, "'{' in a string starts an interpolation '{EXPR}' "
                            + "and needs a '}'; write '\\{' for a literal brace"));
                    return new Template(parts, true);
                }
                String expression = body.substring(i + 1, close);
                if (expression.isBlank()) {
                    reporter.report(at.source().error(line, here, "empty '{}' in a string; write '\\{\\}' for literal braces"));
                    broken = true;
                } else {
                    Locator inner = Locator.of(at.source()).fragmentAt(line, here + 1);
                    Optional<SyntaxParser.Parsed<UnicornParser.FragmentExprContext>> parsed =
                            SyntaxParser.parseFragment(expression, inner, limits.maxDepth(), reporter);
                    if (parsed.isEmpty() || !parsed.get().clean()) {
                        broken = true;
                    } else {
                        if (literal.length() > 0) {
                            parts.add(literal.toString());
                            literal.setLength(0);
                        }
                        parts.add(new Hole(parsed.get().tree(), inner));
                    }
                }
                i = close + 1;
            } else if (c == '}') {
                reporter.report(at.source().error(line, here, "a lone '}' in a string; write '\\}' for a literal brace"));
                broken = true;
                i++;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0 || parts.isEmpty()) {
            parts.add(literal.toString());
        }
        return new Template(List.copyOf(parts), broken);
    }

    /** Forgets what was cached per parse-tree node, so the trees can be collected. */
    void clearCache() {
        templates.clear();
    }
}
