package io.nicplan.unicorn.build;

import io.nicplan.unicorn.parser.UnicornBaseVisitor;
import io.nicplan.unicorn.parser.UnicornLexer;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.report.Suggestions;
import io.nicplan.unicorn.syntax.Locator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Evaluates integer expressions in 64-bit signed arithmetic. Overflow, division by zero, bad
 * shifts and unknown names are reported at the operator or name and give an empty result, which
 * the enclosing expression passes on without reporting again.
 */
final class IntEvaluator extends UnicornBaseVisitor<OptionalLong> {
    private final Reporter reporter;
    private final Suggestions suggestions;
    private Scope scope;
    private Locator at;

    IntEvaluator(Reporter reporter, Suggestions suggestions) {
        this.reporter = reporter;
        this.suggestions = suggestions;
    }

    /** Values of expressions that name nothing (literals only), evaluated once per place in the text. */
    private final Map<ParserRuleContext, OptionalLong> constant = new IdentityHashMap<>();

    OptionalLong evaluate(ParserRuleContext expression, Scope inScope, Locator locator) {
        OptionalLong known = constant.get(expression);
        if (known != null) {
            return known;
        }
        OptionalLong value = evaluateNow(expression, inScope, locator);
        if (namesNothing(expression)) {
            constant.put(expression, value);
        }
        return value;
    }

    private static boolean namesNothing(ParseTree tree) {
        if (tree instanceof TerminalNode t) {
            return t.getSymbol().getType() != UnicornLexer.ID;
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            if (!namesNothing(tree.getChild(i))) {
                return false;
            }
        }
        return true;
    }

    private OptionalLong evaluateNow(ParserRuleContext expression, Scope inScope, Locator locator) {
        Scope savedScope = scope;
        Locator savedAt = at;
        scope = inScope;
        at = locator;
        try {
            return visit(expression);
        } finally {
            scope = savedScope;
            at = savedAt;
        }
    }

    @Override
    public OptionalLong visitFragmentExpr(UnicornParser.FragmentExprContext ctx) {
        return visit(ctx.intExpr());
    }

    @Override
    public OptionalLong visitIntExpr(UnicornParser.IntExprContext ctx) {
        List<UnicornParser.IntAddContext> operands = ctx.intAdd();
        List<UnicornParser.ShiftOpContext> operators = ctx.shiftOp();
        OptionalLong result = visit(operands.get(0));
        for (int i = 1; i < operands.size(); i++) {
            UnicornParser.ShiftOpContext op = operators.get(i - 1);
            Token first = op.getStart();
            Token second = op.getStop();
            boolean adjacent = first.getStopIndex() + 1 == second.getStartIndex();
            OptionalLong right = visit(operands.get(i));
            if (!adjacent) {
                reporter.report(at.error(second, "a shift is written '" + first.getText() + second.getText()
                        + "' without a space"));
                result = OptionalLong.empty();
                continue;
            }
            result = combine(result, right, first, first.getType() == UnicornLexer.LT ? '<' : '>');
        }
        return result;
    }

    @Override
    public OptionalLong visitIntAdd(UnicornParser.IntAddContext ctx) {
        return chain(ctx);
    }

    @Override
    public OptionalLong visitIntMul(UnicornParser.IntMulContext ctx) {
        return chain(ctx);
    }

    /** Left-to-right evaluation of operand (operator operand)*. */
    private OptionalLong chain(ParserRuleContext ctx) {
        OptionalLong result = visit(ctx.getChild(0));
        for (int i = 1; i + 1 < ctx.getChildCount(); i += 2) {
            Token op = ((TerminalNode) ctx.getChild(i)).getSymbol();
            OptionalLong right = visit(ctx.getChild(i + 1));
            result = combine(result, right, op, op.getText().charAt(0));
        }
        return result;
    }

    private OptionalLong combine(OptionalLong left, OptionalLong right, Token op, char kind) {
        if (left.isEmpty() || right.isEmpty()) {
            return OptionalLong.empty();
        }
        long a = left.getAsLong();
        long b = right.getAsLong();
        try {
            return switch (kind) {
                case '+' -> OptionalLong.of(Math.addExact(a, b));
                case '-' -> OptionalLong.of(Math.subtractExact(a, b));
                case '*' -> OptionalLong.of(Math.multiplyExact(a, b));
                case '/', '%' -> divide(a, b, op, kind);
                case '<' -> shiftLeft(a, b, op);
                default -> shiftRight(a, b, op);
            };
        } catch (ArithmeticException overflow) {
            return fail(op, "integer overflow: " + a + " " + op.getText() + " " + b + " does not fit in 64 bits");
        }
    }

    private OptionalLong divide(long a, long b, Token op, char kind) {
        if (b == 0) {
            return fail(op, "division by zero: " + a + " " + op.getText() + " 0");
        }
        if (a == Long.MIN_VALUE && b == -1) {
            return kind == '/' ? fail(op, "integer overflow: " + a + " / -1 does not fit in 64 bits") : OptionalLong.of(0);
        }
        return OptionalLong.of(kind == '/' ? a / b : a % b);
    }

    private OptionalLong shiftLeft(long a, long b, Token op) {
        if (b < 0 || b > 63) {
            return fail(op, "shift by " + b + " is outside 0..63");
        }
        long r = a << b;
        if (r >> b != a) {
            return fail(op, "integer overflow: " + a + " << " + b + " does not fit in 64 bits");
        }
        return OptionalLong.of(r);
    }

    private OptionalLong shiftRight(long a, long b, Token op) {
        if (b < 0 || b > 63) {
            return fail(op, "shift by " + b + " is outside 0..63");
        }
        return OptionalLong.of(a >> b);
    }

    @Override
    public OptionalLong visitIntUnary(UnicornParser.IntUnaryContext ctx) {
        OptionalLong v = visit(ctx.intPrimary());
        List<TerminalNode> minus = ctx.MINUS();
        if (v.isEmpty() || minus.isEmpty()) {
            return v;
        }
        long value = v.getAsLong();
        for (int i = minus.size() - 1; i >= 0; i--) {
            if (value == Long.MIN_VALUE) {
                return fail(minus.get(i).getSymbol(), "integer overflow: -(" + value + ") does not fit in 64 bits");
            }
            value = -value;
        }
        return OptionalLong.of(value);
    }

    @Override
    public OptionalLong visitIntPrimary(UnicornParser.IntPrimaryContext ctx) {
        if (ctx.intExpr() != null) {
            return visit(ctx.intExpr());
        }
        Token t = ctx.getStart();
        switch (t.getType()) {
            case UnicornLexer.INT:
                return decimal(t);
            case UnicornLexer.HEX:
                return hex(t);
            default:
                return name(t);
        }
    }

    private OptionalLong decimal(Token t) {
        OptionalLong v = Literals.decimal(t.getText());
        return v.isPresent() ? v : fail(t, "number " + t.getText() + " does not fit in 64 bits");
    }

    private OptionalLong hex(Token t) {
        OptionalLong v = Literals.hex(t.getText());
        return v.isPresent() ? v : fail(t, "number " + t.getText() + " does not fit in 64 bits (signed)");
    }

    private OptionalLong name(Token t) {
        String name = t.getText();
        OptionalLong v = scope.lookup(name);
        if (v.isPresent()) {
            return v;
        }
        String hint = suggestions.closest(name, scope.names()).map(s -> "; did you mean '" + s + "'?").orElse("");
        return fail(t, "unknown name '" + name + "' (not a loop variable, param or resource declared before this point)" + hint);
    }

    private OptionalLong fail(Token t, String message) {
        reporter.report(at.error(t, message));
        return OptionalLong.empty();
    }

    @Override
    protected OptionalLong defaultResult() {
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong visitChildren(org.antlr.v4.runtime.tree.RuleNode node) {
        // Only the rules above are integer expressions; anything else is a grammar/evaluator mismatch.
        throw new IllegalStateException("not an integer expression: " + node.getClass().getSimpleName());
    }

    /** Forgets what was cached per parse-tree node, so the trees can be collected. */
    void clearCache() {
        constant.clear();
    }
}
