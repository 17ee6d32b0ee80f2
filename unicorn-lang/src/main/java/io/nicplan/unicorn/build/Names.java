package io.nicplan.unicorn.build;

import io.nicplan.unicorn.parse.ParseLimits;
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

    /** A hole {@code {LO..HI}} of a reference part. */
    private record Range(UnicornParser.IntExprContext lo, UnicornParser.IntExprContext hi, Token token) {
    }

    /**
     * A name or reference segment compiled once per place in the text: literal strings and holes
     * ({@code IntExprContext} or {@link Range}); {@code literal} is set when there are no holes.
     */
    private record Plan(List<Object> parts, String literal, boolean ok) {
    }

    /** A reference compiled once: leading dots and segments, {@code literal} when it has no holes. */
    private record RefPlan(int dots, List<Plan> segments, String literal, boolean ok) {
    }

    private final Map<ParserRuleContext, Plan> namePlans = new IdentityHashMap<>();
    private final Map<UnicornParser.ReferenceContext, RefPlan> refPlans = new IdentityHashMap<>();

    /** The name a declaration gives (node, cluster, port, spawn label); empty after reporting a problem. */
    Optional<String> declared(UnicornParser.DeclNameContext ctx, Scope scope, Locator at) {
        if (ctx.getChildCount() == 1) {
            return Optional.of(ctx.getStart().getText());
        }
        Plan plan = namePlans.computeIfAbsent(ctx, c -> plan(ctx, ctx.first, ctx.namePart(), false, at));
        if (!plan.ok()) {
            return Optional.empty();
        }
        if (plan.literal() != null) {
            return Optional.of(plan.literal());
        }
        StringBuilder name = new StringBuilder();
        for (Object part : plan.parts()) {
            if (part instanceof String literal) {
                name.append(literal);
            } else {
                OptionalLong v = nonNegative((UnicornParser.IntExprContext) part, scope, at);
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                name.append(v.getAsLong());
            }
        }
        return Optional.of(name.toString());
    }

    /** Compiles a name: checks that its parts touch, splits it into literals and holes. */
    private Plan plan(ParserRuleContext whole, Token first, List<UnicornParser.NamePartContext> parts,
                      boolean rangesAllowed, Locator at) {
        List<Object> out = new ArrayList<>();
        StringBuilder literal = new StringBuilder(first.getText());
        Token previous = first;
        boolean ok = true;
        for (UnicornParser.NamePartContext part : parts) {
            ok &= adjacent(previous, part.getStart(), whole, at);
            previous = part.getStop();
            if (part.word != null) {
                literal.append(part.word.getText());
                continue;
            }
            UnicornParser.InterpolationContext hole = part.interpolation();
            if (hole.DOTDOT() != null && !rangesAllowed) {
                reporter.report(at.error(hole.getStart(), "a range '{LO..HI}' may only appear in references, "
                        + "not in declared names; use a 'for' loop"));
                ok = false;
                continue;
            }
            if (literal.length() > 0) {
                out.add(literal.toString());
                literal.setLength(0);
            }
            out.add(hole.DOTDOT() != null ? new Range(hole.intExpr(0), hole.intExpr(1), hole.getStart()) : hole.intExpr(0));
        }
        if (literal.length() > 0) {
            out.add(literal.toString());
        }
        String plain = out.size() == 1 && out.get(0) instanceof String only ? only : null;
        return new Plan(List.copyOf(out), plain, ok);
    }

    // ------------------------------------------------------------------ references

    /**
     * The absolute node ids a reference written in cluster {@code from} denotes: leading dots
     * climb, dotted paths descend, {@code {LO..HI}} parts expand. Empty after reporting a problem.
     */
    Optional<List<String>> reference(UnicornParser.ReferenceContext ctx, ClusterPath from, Scope scope, Locator at) {
        RefPlan plan = refPlans.computeIfAbsent(ctx, c -> refPlan(c, at));
        if (!plan.ok()) {
            return Optional.empty();
        }
        if (plan.dots() > from.depth()) {
            String where = from.depth() == 0 ? "at the top level"
                    : "in cluster '" + from.dotted() + "', " + from.depth() + (from.depth() == 1 ? " level" : " levels") + " deep";
            reporter.report(at.error(ctx.getStart(), "reference '" + ctx.getText() + "' climbs " + plan.dots()
                    + (plan.dots() == 1 ? " cluster level" : " cluster levels") + " but is written " + where));
            return Optional.empty();
        }
        String base = from.climb(plan.dots()).prefix();
        if (plan.literal() != null) {
            return Optional.of(List.of(base + plan.literal()));
        }
        List<String> ids = List.of(base);
        long count = 1;
        boolean ok = true;
        for (int s = 0; s < plan.segments().size(); s++) {
            Optional<List<String>> values = segment(plan.segments().get(s), scope, at);
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
            for (String prefix : ids) {
                for (String v : values.get()) {
                    next.add(s == 0 ? prefix + v : prefix + "." + v);
                }
            }
            ids = next;
        }
        return ok ? Optional.of(ids) : Optional.empty();
    }

    private RefPlan refPlan(UnicornParser.ReferenceContext ctx, Locator at) {
        boolean ok = checkSurface(ctx, at);
        int dots = ctx.dots() == null ? 0 : ctx.dots().getText().length();
        List<Plan> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean plain = true;
        for (UnicornParser.RefSegmentContext segment : ctx.refSegment()) {
            Plan p = plan(segment, segment.first, segment.namePart(), true, at);
            ok &= p.ok();
            segments.add(p);
            plain &= p.literal() != null;
            if (p.literal() != null) {
                literal.append(literal.length() == 0 ? "" : ".").append(p.literal());
            }
        }
        return new RefPlan(dots, List.copyOf(segments), plain ? literal.toString() : null, ok);
    }

    /** The values of one dotted segment; several when it has {@code {LO..HI}} parts. */
    private Optional<List<String>> segment(Plan plan, Scope scope, Locator at) {
        if (plan.literal() != null) {
            return Optional.of(List.of(plan.literal()));
        }
        List<String> values = new ArrayList<>(List.of(""));
        boolean ok = true;
        for (Object part : plan.parts()) {
            if (part instanceof String word) {
                values.replaceAll(v -> v + word);
                continue;
            }
            if (part instanceof UnicornParser.IntExprContext hole) {
                OptionalLong v = nonNegative(hole, scope, at);
                if (v.isEmpty()) {
                    ok = false;
                } else {
                    String text = Long.toString(v.getAsLong());
                    values.replaceAll(x -> x + text);
                }
                continue;
            }
            Range range = (Range) part;
            OptionalLong lo = nonNegative(range.lo(), scope, at);
            OptionalLong hi = nonNegative(range.hi(), scope, at);
            if (lo.isEmpty() || hi.isEmpty()) {
                ok = false;
                continue;
            }
            long span = hi.getAsLong() - lo.getAsLong();
            if (span >= limits.maxLoopIterations() || (span + 1) * Math.max(1, values.size()) > limits.maxLoopIterations()) {
                reporter.report(at.error(range.token(), "range {" + lo.getAsLong() + ".." + hi.getAsLong()
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
        namePlans.clear();
        refPlans.clear();
    }
}
