package io.nicplan.unicorn.build;

import io.nicplan.unicorn.parser.UnicornLexer;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.report.Suggestions;
import io.nicplan.unicorn.syntax.Locator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
            if (run.scope.isValueless(name)) {
                run.failed = true;
                return 0;
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
     * The value of an expression rule ({@code fragmentExpr}, {@code intExpr}, {@code intSum},
     * {@code intOperand}), empty after reporting a problem.
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
        if (tree instanceof UnicornParser.IntExprContext || tree instanceof UnicornParser.IntSumContext) {
            return chain((ParserRuleContext) tree, at);
        }
        if (tree instanceof UnicornParser.IntOperandContext o) {
            return operand(o, at);
        }
        throw new IllegalStateException("not an integer expression: " + tree.getClass().getSimpleName());
    }

    /** {@code '-'* (number | name | '(' expr ')')}. */
    private Code operand(UnicornParser.IntOperandContext ctx, Locator at) {
        List<TerminalNode> minus = ctx.MINUS();
        Code inner = ctx.intExpr() != null ? compile(ctx.intExpr(), at) : literalOrName(ctx.getStop(), at);
        return minus.isEmpty() ? inner : new Negate(inner, minus.get(0).getSymbol(), minus.size());
    }

    /** Binding strength: {@code * / %} over {@code + -} over shifts. */
    private static int precedence(char op) {
        return switch (op) {
            case '*', '/', '%' -> 3;
            case '+', '-' -> 2;
            default -> 1;
        };
    }

    /**
     * A flat {@code operand (operator operand)*} into a tree, left-associative by precedence
     * (operator-precedence parsing with two stacks; no recursion over the chain's length).
     */
    private Code chain(ParserRuleContext ctx, Locator at) {
        List<Code> operands = new ArrayList<>();
        List<Token> operators = new ArrayList<>();
        List<Character> kinds = new ArrayList<>();
        boolean broken = false;
        operands.add(compile(ctx.getChild(0), at));
        int i = 1;
        while (i < ctx.getChildCount()) {
            Token op = ((TerminalNode) ctx.getChild(i)).getSymbol();
            char kind;
            if (op.getType() == UnicornLexer.LT || op.getType() == UnicornLexer.GT) {
                Token second = ((TerminalNode) ctx.getChild(i + 1)).getSymbol();
                if (op.getStopIndex() + 1 != second.getStartIndex()) {
                    reporter.report(at.error(second, "a shift is written '" + op.getText() + second.getText()
                            + "' without a space"));
                    broken = true;
                }
                kind = op.getType() == UnicornLexer.LT ? '<' : '>';
                i += 2;
            } else {
                kind = op.getText().charAt(0);
                i += 1;
            }
            operators.add(op);
            kinds.add(kind);
            operands.add(compile(ctx.getChild(i), at));
            i += 1;
        }
        if (broken) {
            return new Broken();
        }
        Deque<Code> values = new ArrayDeque<>();
        Deque<Integer> pending = new ArrayDeque<>();
        values.push(operands.get(0));
        for (int j = 0; j < kinds.size(); j++) {
            while (!pending.isEmpty() && precedence(kinds.get(pending.peek())) >= precedence(kinds.get(j))) {
                reduce(values, pending, operators, kinds);
            }
            pending.push(j);
            values.push(operands.get(j + 1));
        }
        while (!pending.isEmpty()) {
            reduce(values, pending, operators, kinds);
        }
        return values.pop();
    }

    private static void reduce(Deque<Code> values, Deque<Integer> pending, List<Token> operators, List<Character> kinds) {
        int k = pending.pop();
        Code right = values.pop();
        Code left = values.pop();
        values.push(new Binary(kinds.get(k), operators.get(k), left, right));
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
