package io.nicplan.unicorn.format;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes predicates in Unicorn's text so that parsing gives back an equal value (the inverse of
 * the text-to-value mapping of docs/predicates.md). Nested conjunctions and disjunctions keep
 * their parentheses, because the parser builds one {@link Predicate.And} per written chain.
 */
final class PredicatePrinter {
    private static final int OR = 1;
    private static final int AND = 2;

    private PredicatePrinter() {
    }

    /** The text of {@code p}; throws for values no text parses to (And of fewer than two terms, ...). */
    static String format(Predicate p) {
        return print(p, 0);
    }

    private static String print(Predicate p, int level) {
        if (p instanceof Predicate.True) {
            return "true";
        }
        if (p instanceof Predicate.False) {
            return "false";
        }
        if (p instanceof Predicate.Masked m) {
            return masked(m, "==");
        }
        if (p instanceof Predicate.Range r) {
            return r.field() + " in " + value(r.field(), r.lo()) + ".." + value(r.field(), r.hi());
        }
        if (p instanceof Predicate.InSet s) {
            if (s.values().isEmpty()) {
                throw new IllegalArgumentException("an empty set predicate on " + s.field() + " has no Unicorn text");
            }
            return s.field() + " in {" + s.values().stream().map(v -> value(s.field(), v)).collect(Collectors.joining(", ")) + "}";
        }
        if (p instanceof Predicate.Not n) {
            return not(n);
        }
        if (p instanceof Predicate.And a) {
            return chain(a.terms(), " && ", AND, level);
        }
        Predicate.Or o = (Predicate.Or) p;
        return chain(o.terms(), " || ", OR, level);
    }

    private static String not(Predicate.Not n) {
        Predicate inner = n.term();
        if (inner instanceof Predicate.True || inner instanceof Predicate.False || inner instanceof Predicate.Not) {
            throw new IllegalArgumentException("'" + n + "' has no Unicorn text: '!' simplifies it when parsed");
        }
        if (inner instanceof Predicate.Masked m && m.isExact()) {
            return masked(m, "!=");
        }
        return "!(" + print(inner, 0) + ")";
    }

    private static String chain(List<Predicate> terms, String operator, int own, int level) {
        if (terms.size() < 2) {
            throw new IllegalArgumentException("a conjunction or disjunction of " + terms.size()
                    + " terms has no Unicorn text; it parses as its single term or as true/false");
        }
        String text = terms.stream().map(t -> print(t, own)).collect(Collectors.joining(operator));
        // A chain inside a chain of the same or a weaker-binding operator keeps its parentheses.
        return level >= own ? "(" + text + ")" : text;
    }

    private static String masked(Predicate.Masked m, String operator) {
        HeaderField f = m.field();
        if (m.isExact()) {
            return f + " " + operator + " " + value(f, m.value());
        }
        if (operator.equals("==") && f.format() == HeaderField.Format.IPV4) {
            int length = Long.numberOfLeadingZeros(~m.mask() & 0xFFFF_FFFFL) - 32;
            long prefixMask = length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
            if (prefixMask == m.mask()) {
                return f + " in " + ipv4(m.value()) + "/" + length;
            }
        }
        String text = f + " & " + maskValue(f, m.mask()) + " == " + maskValue(f, m.value());
        return operator.equals("==") ? text : "!(" + text + ")";
    }

    /** A value in its field's usual notation, by symbol where the field has one for it. */
    static String value(HeaderField f, long v) {
        String symbol = symbols(f).get(v);
        if (symbol != null) {
            return symbol;
        }
        return switch (f.format()) {
            case HEX -> "0x" + Long.toHexString(v);
            case IPV4 -> ipv4(v);
            case MAC -> mac(v);
            default -> Long.toString(v);
        };
    }

    private static String maskValue(HeaderField f, long v) {
        return switch (f.format()) {
            case IPV4 -> ipv4(v);
            case MAC -> mac(v);
            default -> "0x" + Long.toHexString(v);
        };
    }

    private static Map<Long, String> symbols(HeaderField f) {
        Map<Long, String> byValue = new TreeMap<>();
        new TreeMap<>(f.symbols()).forEach((name, v) -> byValue.putIfAbsent(v, name));
        return byValue;
    }

    private static String ipv4(long v) {
        return (v >>> 24 & 0xFF) + "." + (v >>> 16 & 0xFF) + "." + (v >>> 8 & 0xFF) + "." + (v & 0xFF);
    }

    private static String mac(long v) {
        String hex = String.format("%012x", v);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }
}
