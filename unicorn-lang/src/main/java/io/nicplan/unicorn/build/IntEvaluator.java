package io.nicplan.unicorn.build;

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
 * Evaluates integer expressions in 64-bit signed arithmetic. Each expression is compiled once
 * (per place in the text) into a small tree of {@link Code} nodes, so a loop body evaluated
 * 10^5 times does not walk the parse tree or allocate each time. Overflow, division by zero,
 * bad shifts and unknown names are reported at the operator or name and give an empty result,
 * which the enclosing expression passes on without reporting again.
 */
final class IntEvaluator {

    /** A compiled expression; {@link #eval} returns a value or marks the run failed. */
    private abstract static class Code {
        abstract long eval(Run run);
    }

    /** One evaluation: where names are looked up and whether something failed. */
    private final class Run {
        final Scope scope;
        final Locator at;
        boolean failed;

        Run(Scope scope, Locator at) {
            this.scope = scope;
            this.at = at;
        }

        /** Reports a problem; operators above it see {@code failed} and report nothing more. */
        long fail(Token t, String message) {
            reporter.report(at.error(t, message));
            failed = true;
            return 0;
        }
    }

    private static final class Constant extends Code {
        final long value;

        Constant(long value) {
            this.value = value;
        }

        @Override
        long eval(Run run) {
            return value;
        }
    }

    /** A part that could not be compiled (reported when compiled); evaluating it fails silently. */
    private static final class Broken extends Code {
        @Override
        long eval(Run run) {
            run.failed = true;
            return 0;
        }
    }

    private final class Name extends Code {
        final String name;
        final Token token;

        Name(Token token) {
            this.name = token.getText();
            this.token = token;
        }

        @Override
        long eval(Run run) {
            OptionalLong v = run.scope.lookup(name);
            if (v.isPresent()) {
                return v.getAsLong();
            }
            String hint = suggestions.closest(name, run.scope.names()).map(s -> "; did you mean '" + s + "'?").orElse("");
            return run.fail(token, "unknown name '" + name
                    + "' (not a loop variable, param or resource declared before this point)" + hint);
        }
    }

    private static final class Negate extends Code {
        final Code operand;
        final Token minus;
        final int times;

        Negate(Code operand, Token minus, int times) {
            this.operand = operand;
            this.minus = minus;
            this.times = times;
        }

        @Override
        long eval(Run run) {
            long v = operand.eval(run);
            if (run.failed || times % 2 == 0) {
                return v;
            }
            return v == Long.MIN_VALUE ? run.fail(minus, "integer overflow: -(" + v + ") does not fit in 64 bits") : -v;
        }
    }

    private static final class Binary extends Code {
        final char op;
        final Token token;
        final Code left;
        final Code right;

        Binary(char op, Token token, Code left, Code right) {
            this.op = op;
            this.token = token;
            this.left = left;
            this.right = right;
        }

        @Override
        long eval(Run run) {
            long a = left.eval(run);
            long b = right.eval(run);
            if (run.failed) {
                return 0;
            }
            try {
                return switch (op) {
                    case '+' -> Math.addExact(a, b);
                    case '-' -> Math.subtractExact(a, b);
                    case '*' -> Math.multiplyExact(a, b);
                    case '/', '%' -> divide(run, a, b);
                    case '<' -> shiftLeft(run, a, b);
                    default -> shiftRight(run, a, b);
                };
            } catch (ArithmeticException overflow) {
                return run.fail(token, "integer overflow: " + a + " " + token.getText() + " " + b + " does not fit in 64 bits");
            }
        }

        private long divide(Run run, long a, long b) {
            if (b == 0) {
                return run.fail(token, "division by zero: " + a + " " + token.getText() + " 0");
            }
            if (a == Long.MIN_VALUE && b == -1) {
                return op == '/' ? run.fail(token, "integer overflow: " + a + " / -1 does not fit in 64 bits") : 0;
            }
            return op == '/' ? a / b : a % b;
        }

        private long shiftLeft(Run run, long a, long b) {
            if (b < 0 || b > 63) {
                return run.fail(token, "shift by " + b + " is outside 0..63");
            }
            long r = a << b;
            return r >> b != a ? run.fail(token, "integer overflow: " + a + " << " + b + " does not fit in 64 bits") : r;
        }

        private long shiftRight(Run run, long a, long b) {
            return b < 0 || b > 63 ? run.fail(token, "shift by " + b + " is outside 0..63") : a >> b;
        }
    }

    private final Reporter reporter;
    private final Suggestions suggestions;
    private final Map<ParseTree, Code> compiled = new IdentityHashMap<>();

    IntEvaluator(Reporter reporter, Suggestions suggestions) {
        this.reporter = reporter;
        this.suggestions = suggestions;
    }

    /**
     * The value of an expression rule ({@code fragmentExpr}, {@code intExpr}, {@code intAdd},
     * {@code intUnary}), empty after reporting a problem.
     */
    OptionalLong evaluate(ParserRuleContext expression, Scope scope, Locator at) {
        Code code = compiled.get(expression);
        if (code == null) {
            code = compile(expression, at);
            compiled.put(expression, code);
        }
        Run run = new Run(scope, at);
        long value = code.eval(run);
        return run.failed ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** Forgets what was compiled per parse-tree node, so the trees can be collected. */
    void clearCache() {
        compiled.clear();
    }

    // ------------------------------------------------------------------ compilation

    private Code compile(ParseTree tree, Locator at) {
        if (tree instanceof UnicornParser.FragmentExprContext f) {
            return compile(f.intExpr(), at);
        }
        if (tree instanceof UnicornParser.IntExprContext e) {
            return shifts(e, at);
        }
        if (tree instanceof UnicornParser.IntAddContext || tree instanceof UnicornParser.IntMulContext) {
            return chain((ParserRuleContext) tree, at);
        }
        if (tree instanceof UnicornParser.IntUnaryContext u) {
            Code operand = compile(u.intPrimary(), at);
            List<TerminalNode> minus = u.MINUS();
            return minus.isEmpty() ? operand : new Negate(operand, minus.get(0).getSymbol(), minus.size());
        }
        if (tree instanceof UnicornParser.IntPrimaryContext p) {
            if (p.intExpr() != null) {
                return compile(p.intExpr(), at);
            }
            return literalOrName(p.getStart(), at);
        }
        throw new IllegalStateException("not an integer expression: " + tree.getClass().getSimpleName());
    }

    private Code shifts(UnicornParser.IntExprContext ctx, Locator at) {
        List<UnicornParser.IntAddContext> operands = ctx.intAdd();
        List<UnicornParser.ShiftOpContext> operators = ctx.shiftOp();
        Code result = compile(operands.get(0), at);
        for (int i = 1; i < operands.size(); i++) {
            Token first = operators.get(i - 1).getStart();
            Token second = operators.get(i - 1).getStop();
            Code right = compile(operands.get(i), at);
            if (first.getStopIndex() + 1 != second.getStartIndex()) {
                reporter.report(at.error(second, "a shift is written '" + first.getText() + second.getText()
                        + "' without a space"));
                result = new Broken();
            } else {
                result = new Binary(first.getType() == UnicornLexer.LT ? '<' : '>', first, result, right);
            }
        }
        return result;
    }

    /** Left-to-right operand (operator operand)*. */
    private Code chain(ParserRuleContext ctx, Locator at) {
        Code result = compile(ctx.getChild(0), at);
        for (int i = 1; i + 1 < ctx.getChildCount(); i += 2) {
            Token op = ((TerminalNode) ctx.getChild(i)).getSymbol();
            result = new Binary(op.getText().charAt(0), op, result, compile(ctx.getChild(i + 1), at));
        }
        return result;
    }

    private Code literalOrName(Token t, Locator at) {
        switch (t.getType()) {
            case UnicornLexer.INT: {
                OptionalLong v = Literals.decimal(t.getText());
                if (v.isPresent()) {
                    return new Constant(v.getAsLong());
                }
                reporter.report(at.error(t, "number " + t.getText() + " does not fit in 64 bits"));
                return new Broken();
            }
            case UnicornLexer.HEX: {
                OptionalLong v = Literals.hex(t.getText());
                if (v.isPresent()) {
                    return new Constant(v.getAsLong());
                }
                reporter.report(at.error(t, "number " + t.getText() + " does not fit in 64 bits (signed)"));
                return new Broken();
            }
            default:
                return new Name(t);
        }
    }
}
