package io.nicplan.graph.predicate;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A literal reading of the predicate grammar in docs/unicorn.md with the value mapping of
 * docs/predicates.md, used only to prove that {@link PredicateText} prints text that parses back to the
 * same predicate. The real parser lives in unicorn-lang.
 */
final class DocsGrammarParser {
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(&&|\\|\\||==|!=|<=|>=|\\.\\.|[!(){},&<>/])"
                    + "|([0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2}){5})"
                    + "|([0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+)"
                    + "|(0[xX][0-9a-fA-F]+|[0-9]+)"
                    + "|([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*))");

    private final List<String> tokens = new ArrayList<>();
    private int pos;

    private DocsGrammarParser(String text) {
        Matcher m = TOKEN.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (text.substring(at).isBlank()) {
                break;
            }
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("cannot read '" + text.substring(at) + "'");
            }
            for (int g = 1; g <= 5; g++) {
                if (m.group(g) != null) {
                    tokens.add(m.group(g));
                }
            }
            at = m.end();
        }
    }

    static Predicate parse(String text) {
        DocsGrammarParser p = new DocsGrammarParser(text);
        Predicate result = p.or();
        if (p.pos != p.tokens.size()) {
            throw new IllegalArgumentException("trailing '" + p.tokens.get(p.pos) + "'");
        }
        return result;
    }

    private Predicate or() {
        List<Predicate> terms = new ArrayList<>();
        terms.add(and());
        while (accept("||")) {
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : new Predicate.Or(terms);
    }

    private Predicate and() {
        List<Predicate> terms = new ArrayList<>();
        terms.add(unary());
        while (accept("&&")) {
            terms.add(unary());
        }
        return terms.size() == 1 ? terms.get(0) : new Predicate.And(terms);
    }

    private Predicate unary() {
        if (accept("!")) {
            return new Predicate.Not(unary());
        }
        if (accept("(")) {
            Predicate inner = or();
            expect(")");
            return inner;
        }
        if (accept("true")) {
            return Predicate.TRUE;
        }
        if (accept("false")) {
            return Predicate.FALSE;
        }
        return atom();
    }

    private Predicate atom() {
        String name = next();
        HeaderField f = HeaderField.byName(name).orElseThrow(() -> new IllegalArgumentException("unknown field " + name));
        String op = next();
        switch (op) {
            case "==":
                return Predicate.eq(f, value(f));
            case "!=":
                return new Predicate.Not(Predicate.eq(f, value(f)));
            case "&": {
                long mask = value(f);
                expect("==");
                return new Predicate.Masked(f, value(f), mask);
            }
            case "<":
                return new Predicate.Range(f, 0, value(f) - 1);
            case "<=":
                return new Predicate.Range(f, 0, value(f));
            case ">":
                return new Predicate.Range(f, value(f) + 1, f.maxValue());
            case ">=":
                return new Predicate.Range(f, value(f), f.maxValue());
            case "in":
                return in(f);
            default:
                throw new IllegalArgumentException("unexpected '" + op + "' after " + name);
        }
    }

    private Predicate in(HeaderField f) {
        if (accept("{")) {
            TreeSet<Long> values = new TreeSet<>();
            do {
                values.add(value(f));
            } while (accept(","));
            expect("}");
            return new Predicate.InSet(f, values);
        }
        long lo = value(f);
        if (accept("/")) {
            int len = Integer.parseInt(next());
            long mask = len == 0 ? 0 : f.fullMask() & ~((1L << (f.width() - len)) - 1);
            return new Predicate.Masked(f, lo & mask, mask);
        }
        expect("..");
        return new Predicate.Range(f, lo, value(f));
    }

    private long value(HeaderField f) {
        String text = next();
        FieldValues.Parsed p = FieldValues.parse(f, text);
        return p.value().orElseThrow(() -> new IllegalArgumentException(p.error().orElseThrow()));
    }

    private boolean accept(String token) {
        if (pos < tokens.size() && tokens.get(pos).equals(token)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw new IllegalArgumentException("expected '" + token + "' at token " + pos + " of " + tokens);
        }
    }

    private String next() {
        if (pos >= tokens.size()) {
            throw new IllegalArgumentException("unexpected end of " + tokens);
        }
        return tokens.get(pos++);
    }
}
