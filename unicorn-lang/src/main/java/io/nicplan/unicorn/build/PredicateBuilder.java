package io.nicplan.unicorn.build;

import io.nicplan.graph.predicate.FieldValues;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Ipv6Field;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.Ipv6Prefix;
import io.nicplan.unicorn.parser.UnicornBaseVisitor;
import io.nicplan.unicorn.parser.UnicornLexer;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.report.Suggestions;
import io.nicplan.unicorn.syntax.Locator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.RuleNode;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds {@link Predicate} values from predicate expressions, following the text-to-value
 * mapping of docs/predicates.md: {@code ==} is a full-mask {@link Predicate.Masked};
 * {@code !=} and {@code !} go through {@link Predicate#not}; {@code f & m == v} is
 * {@code Masked(f, v, m)}; a prefix is a Masked with the prefix mask; ranges and comparisons are
 * {@link Predicate.Range}; sets are {@link Predicate.InSet}; a chain {@code a && b && c} is one
 * {@link Predicate.And} of its terms (likewise {@code ||}); parentheses add nothing.
 * Unknown fields and symbols, values wider than their field, bad prefixes and empty ranges are
 * reported at their position.
 */
final class PredicateBuilder extends UnicornBaseVisitor<Optional<Predicate>> {
    private final IntEvaluator evaluator;
    private final Reporter reporter;
    private final Suggestions suggestions;
    private Scope scope;
    private Locator at;

    PredicateBuilder(IntEvaluator evaluator, Reporter reporter, Suggestions suggestions) {
        this.evaluator = evaluator;
        this.reporter = reporter;
        this.suggestions = suggestions;
    }

    /** Predicates without {@code {EXPR}} values, built once per place in the text and then shared. */
    private final Map<UnicornParser.PredExprContext, Optional<Predicate>> constant = new IdentityHashMap<>();

    Optional<Predicate> build(UnicornParser.PredExprContext expression, Scope inScope, Locator locator) {
        Optional<Predicate> known = constant.get(expression);
        if (known != null) {
            return known;
        }
        scope = inScope;
        at = locator;
        Optional<Predicate> built = visit(expression);
        if (isConstant(expression)) {
            constant.put(expression, built);
        }
        return built;
    }

    /** True when no value of the predicate is an interpolation, so it is the same in every loop iteration. */
    private static boolean isConstant(ParseTree tree) {
        if (tree instanceof UnicornParser.ValueContext v) {
            return v.LBRACE() == null;
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            if (!isConstant(tree.getChild(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A flat chain {@code term (op term)*}: runs of {@code &&} become one {@link Predicate.And},
     * and those joined by {@code ||} one {@link Predicate.Or} ({@code &&} binds tighter).
     */
    @Override
    public Optional<Predicate> visitPredExpr(UnicornParser.PredExprContext ctx) {
        List<UnicornParser.PredTermContext> terms = ctx.predTerm();
        if (terms.size() == 1) {
            return visit(terms.get(0));
        }
        List<Predicate> disjuncts = new ArrayList<>();
        List<Predicate> conjuncts = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < terms.size(); i++) {
            Optional<Predicate> term = visit(terms.get(i));
            ok &= term.isPresent();
            term.ifPresent(conjuncts::add);
            // Child 2i+1 is the operator after term i.
            boolean endOfConjunction = i == terms.size() - 1
                    || ((TerminalNode) ctx.getChild(2 * i + 1)).getSymbol().getType() == UnicornLexer.OROR;
            if (endOfConjunction) {
                disjuncts.add(conjuncts.size() == 1 ? conjuncts.get(0) : new Predicate.And(conjuncts));
                conjuncts = new ArrayList<>();
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(disjuncts.size() == 1 ? disjuncts.get(0) : new Predicate.Or(disjuncts));
    }

    @Override
    public Optional<Predicate> visitPredTerm(UnicornParser.PredTermContext ctx) {
        Optional<Predicate> p = visit(ctx.predPrimary());
        int negations = ctx.BANG().size();
        for (int i = 0; i < negations && p.isPresent(); i++) {
            p = Optional.of(Predicate.not(p.get()));
        }
        return p;
    }

    @Override
    public Optional<Predicate> visitParenPred(UnicornParser.ParenPredContext ctx) {
        return visit(ctx.predExpr());
    }

    @Override
    public Optional<Predicate> visitTruePred(UnicornParser.TruePredContext ctx) {
        return Optional.of(Predicate.TRUE);
    }

    @Override
    public Optional<Predicate> visitFalsePred(UnicornParser.FalsePredContext ctx) {
        return Optional.of(Predicate.FALSE);
    }

    @Override
    public Optional<Predicate> visitEqAtom(UnicornParser.EqAtomContext ctx) {
        Optional<HeaderField> field = field(ctx.field());
        if (field.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong v = value(ctx.value(), field.get());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Predicate eq = Predicate.eq(field.get(), v.getAsLong());
        return Optional.of(ctx.NE() != null ? Predicate.not(eq) : eq);
    }

    @Override
    public Optional<Predicate> visitMaskAtom(UnicornParser.MaskAtomContext ctx) {
        Optional<HeaderField> field = field(ctx.field());
        if (field.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong mask = value(ctx.value(0), field.get());
        OptionalLong v = value(ctx.value(1), field.get());
        if (mask.isEmpty() || v.isEmpty()) {
            return Optional.empty();
        }
        if ((v.getAsLong() & ~mask.getAsLong()) != 0) {
            return fail(ctx.value(1).getStart(), "value 0x" + Long.toHexString(v.getAsLong()) + " has bits outside the mask 0x"
                    + Long.toHexString(mask.getAsLong()) + ", so '" + Locator.text(ctx) + "' holds for no packet");
        }
        return Optional.of(Predicate.masked(field.get(), v.getAsLong(), mask.getAsLong()));
    }

    @Override
    public Optional<Predicate> visitCompareAtom(UnicornParser.CompareAtomContext ctx) {
        Optional<HeaderField> field = field(ctx.field());
        if (field.isEmpty()) {
            return Optional.empty();
        }
        HeaderField f = field.get();
        OptionalLong value = value(ctx.value(), f);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        long v = value.getAsLong();
        Token op = ctx.value().getStart();
        switch (((TerminalNode) ctx.getChild(1)).getSymbol().getType()) {
            case UnicornLexer.LT:
                return v == 0 ? fail(op, "'" + f + " < 0' holds for no packet") : Optional.of(Predicate.range(f, 0, v - 1));
            case UnicornLexer.LE:
                return Optional.of(Predicate.range(f, 0, v));
            case UnicornLexer.GT:
                return v == f.maxValue() ? fail(op, "'" + f + " > " + v + "' holds for no packet (" + f + " is at most "
                        + f.maxValue() + ")") : Optional.of(Predicate.range(f, v + 1, f.maxValue()));
            default:
                return Optional.of(Predicate.range(f, v, f.maxValue()));
        }
    }

    @Override
    public Optional<Predicate> visitRangeAtom(UnicornParser.RangeAtomContext ctx) {
        Optional<HeaderField> field = field(ctx.field());
        if (field.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong lo = value(ctx.value(0), field.get());
        OptionalLong hi = value(ctx.value(1), field.get());
        if (lo.isEmpty() || hi.isEmpty()) {
            return Optional.empty();
        }
        if (lo.getAsLong() > hi.getAsLong()) {
            return fail(ctx.value(0).getStart(), "empty range " + ctx.value(0).getText() + ".." + ctx.value(1).getText()
                    + " for " + field.get() + ": the low end is above the high end");
        }
        return Optional.of(Predicate.range(field.get(), lo.getAsLong(), hi.getAsLong()));
    }

    @Override
    public Optional<Predicate> visitSetAtom(UnicornParser.SetAtomContext ctx) {
        Optional<HeaderField> field = field(ctx.field());
        if (field.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<Long> values = new TreeSet<>();
        boolean ok = true;
        for (UnicornParser.ValueContext valueCtx : ctx.value()) {
            OptionalLong v = value(valueCtx, field.get());
            if (v.isEmpty()) {
                ok = false;
            } else if (!values.add(v.getAsLong())) {
                reporter.report(at.warning(valueCtx.getStart(), "value " + valueCtx.getText() + " is listed twice in the set"));
            }
        }
        return ok ? Optional.of(Predicate.in(field.get(), values)) : Optional.empty();
    }

    @Override
    public Optional<Predicate> visitPrefixAtom(UnicornParser.PrefixAtomContext ctx) {
        Optional<HeaderField> field = field(ctx.field());
        if (field.isEmpty()) {
            return Optional.empty();
        }
        HeaderField f = field.get();
        if (f.format() != HeaderField.Format.IPV4) {
            return fail(ctx.IPV4().getSymbol(), "a prefix 'a.b.c.d/LEN' needs an IPv4 address field (ip.src, ip.dst), not " + f);
        }
        OptionalLong address = ipv4(ctx.IPV4().getSymbol());
        Token lengthToken = ctx.INT().getSymbol();
        OptionalLong length = Literals.decimal(lengthToken.getText());
        if (length.isEmpty() || length.getAsLong() > 32) {
            return fail(lengthToken, "prefix length " + lengthToken.getText() + " is not in 0..32");
        }
        if (address.isEmpty()) {
            return Optional.empty();
        }
        long mask = length.getAsLong() == 0 ? 0 : (0xFFFF_FFFFL << (32 - length.getAsLong())) & 0xFFFF_FFFFL;
        if ((address.getAsLong() & ~mask) != 0) {
            return fail(ctx.IPV4().getSymbol(), ctx.IPV4().getText() + "/" + length.getAsLong()
                    + " has bits set after the prefix; did you mean " + FieldValues.formatNumber(f, address.getAsLong() & mask) + "/"
                    + length.getAsLong() + "?");
        }
        return Optional.of(Predicate.masked(f, address.getAsLong(), mask));
    }

    /** {@code ip6.src == 2001:db8::1}: the conjunction over the address's four words ({@link Ipv6Field}). */
    @Override
    public Optional<Predicate> visitIpv6EqAtom(UnicornParser.Ipv6EqAtomContext ctx) {
        Optional<Ipv6Field> field = ipv6Field(ctx.field(), ctx.IPV6().getSymbol());
        Optional<Ipv6Address> address = ipv6(ctx.IPV6().getSymbol());
        if (field.isEmpty() || address.isEmpty()) {
            return Optional.empty();
        }
        Predicate eq = field.get().eq(address.get());
        return Optional.of(ctx.NE() != null ? Predicate.not(eq) : eq);
    }

    /** {@code ip6.dst in fe80::/10}: a masked value on each word the prefix covers. */
    @Override
    public Optional<Predicate> visitIpv6PrefixAtom(UnicornParser.Ipv6PrefixAtomContext ctx) {
        Token addressToken = ctx.IPV6().getSymbol();
        Optional<Ipv6Field> field = ipv6Field(ctx.field(), addressToken);
        Optional<Ipv6Address> address = ipv6(addressToken);
        Token lengthToken = ctx.INT().getSymbol();
        OptionalLong length = Literals.decimal(lengthToken.getText());
        if (length.isEmpty() || length.getAsLong() > 128) {
            return fail(lengthToken, "prefix length " + lengthToken.getText() + " is not in 0..128");
        }
        if (field.isEmpty() || address.isEmpty()) {
            return Optional.empty();
        }
        int len = (int) length.getAsLong();
        Ipv6Address a = address.get();
        Ipv6Address masked = new Ipv6Address(a.high() & Ipv6Prefix.maskHigh(len), a.low() & Ipv6Prefix.maskLow(len));
        if (!masked.equals(a)) {
            return fail(addressToken, a + "/" + len + " has bits set after the prefix; did you mean " + masked + "/" + len + "?");
        }
        return Optional.of(field.get().in(new Ipv6Prefix(a, len)));
    }

    private Optional<Ipv6Field> ipv6Field(UnicornParser.FieldContext ctx, Token value) {
        Optional<Ipv6Field> field = Ipv6Field.byName(ctx.getText());
        if (field.isEmpty()) {
            reporter.report(at.error(value, "an IPv6 address needs an IPv6 address field (ip6.src, ip6.dst), not '"
                    + ctx.getText() + "'"));
        }
        return field;
    }

    private Optional<Ipv6Address> ipv6(Token t) {
        try {
            return Optional.of(Ipv6Address.parse(t.getText()));
        } catch (IllegalArgumentException e) {
            reporter.report(at.error(t, e.getMessage()));
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ fields and values

    private Optional<HeaderField> field(UnicornParser.FieldContext ctx) {
        for (int i = 1; i < ctx.getChildCount(); i++) {
            Token previous = ((TerminalNode) ctx.getChild(i - 1)).getSymbol();
            Token next = ((TerminalNode) ctx.getChild(i)).getSymbol();
            if (previous.getStopIndex() + 1 != next.getStartIndex()) {
                reporter.report(at.error(next, "a field name is written without spaces: '" + ctx.getText() + "'"));
                return Optional.empty();
            }
        }
        String name = ctx.getText();
        Optional<HeaderField> field = HeaderField.byName(name);
        if (field.isEmpty()) {
            String hint = suggestions.closest(name, List.of(HeaderField.names()))
                    .map(s -> "; did you mean '" + s + "'?").orElse("; fields are " + String.join(", ", HeaderField.names()));
            reporter.report(at.error(ctx.getStart(), "unknown field '" + name + "'" + hint));
        }
        return field;
    }

    /**
     * A value for {@code field}. Literals are read by {@link FieldValues#parse}, the same reading the
     * rest of nicplan uses (an address only for an address field, a value no wider than the field);
     * symbols get a "did you mean"; an interpolated {@code {EXPR}} is checked against the width here.
     */
    private OptionalLong value(UnicornParser.ValueContext ctx, HeaderField field) {
        Token t = ctx.getStart();
        switch (t.getType()) {
            case UnicornLexer.INT, UnicornLexer.HEX, UnicornLexer.IPV4, UnicornLexer.MAC: {
                FieldValues.Parsed parsed = FieldValues.parse(field, t.getText());
                return parsed.isOk() ? OptionalLong.of(parsed.get()) : failLong(t, parsed.error().orElse("bad value"));
            }
            case UnicornLexer.LBRACE: {
                OptionalLong v = evaluator.evaluate(ctx.intExpr(), scope, at);
                if (v.isPresent() && (v.getAsLong() < 0 || v.getAsLong() > field.maxValue())) {
                    return failLong(t, "value {" + Locator.text(ctx.intExpr()) + "} is " + v.getAsLong() + ", which does not fit "
                            + field + " (" + field.width() + " bits, 0.." + field.maxValue() + ")");
                }
                return v;
            }
            default:
                return symbol(t, field);
        }
    }

    private OptionalLong symbol(Token t, HeaderField field) {
        String name = t.getText();
        Optional<Long> v = field.symbol(name);
        if (v.isPresent()) {
            return OptionalLong.of(v.get());
        }
        String message;
        if (field.symbols().isEmpty()) {
            message = field + " has no symbolic values; write a number";
        } else {
            message = "unknown symbol '" + name + "' for " + field
                    + suggestions.closest(name, new TreeSet<>(field.symbols().keySet())).map(s -> "; did you mean '" + s + "'?")
                    .orElse("; known symbols are " + String.join(", ", new TreeSet<>(field.symbols().keySet())));
        }
        if (scope.lookup(name).isPresent()) {
            message += " (to use the value of '" + name + "', write '{" + name + "}')";
        }
        return failLong(t, message);
    }

    private OptionalLong ipv4(Token t) {
        FieldValues.Parsed parsed = FieldValues.parse(HeaderField.IP_SRC, t.getText());
        return parsed.isOk() ? OptionalLong.of(parsed.get()) : failLong(t, parsed.error().orElse("bad address"));
    }

    private Optional<Predicate> fail(Token t, String message) {
        reporter.report(at.error(t, message));
        return Optional.empty();
    }

    private OptionalLong failLong(Token t, String message) {
        reporter.report(at.error(t, message));
        return OptionalLong.empty();
    }

    @Override
    protected Optional<Predicate> defaultResult() {
        return Optional.empty();
    }

    /** Forgets what was cached per parse-tree node, so the trees can be collected. */
    void clearCache() {
        constant.clear();
    }
}
