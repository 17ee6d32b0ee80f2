package io.nicplan.graph.predicate;

import java.util.List;
import java.util.StringJoiner;

/**
 * Prints predicates in the Unicorn expression syntax (docs/unicorn.md, "Predicate expressions") so that
 * parsing the text gives back an equal {@link Predicate} value.
 *
 * <p>The mapping (also in docs/predicates.md): a {@code Masked} with the field's full mask prints as
 * {@code f == v}; an IPv4 field with a prefix mask as {@code f in a.b.c.d/len}; any other mask as
 * {@code f & m == v}; {@code Range} as {@code f in lo..hi}; {@code InSet} as {@code f in {a, b}};
 * {@code Not} of a full-mask {@code Masked} as {@code f != v}, any other {@code Not} as {@code !x} for
 * {@code true}/{@code false} and {@code !(x)} otherwise; {@code And} and {@code Or} join their terms
 * with {@code &&} and {@code ||}, parenthesising a term that is an {@code Or} inside an {@code And}
 * (precedence) or a conjunction/disjunction inside one of the same kind (so nesting survives the
 * parser's flattening of {@code a && b && c} into one {@code And}).
 *
 * <p>Exact round trip holds for every predicate in <em>printable form</em> ({@link #isPrintable}):
 * no {@code And}/{@code Or} with fewer than two terms and no empty {@code InSet}. Others print as an
 * equivalent text ({@code And[]} as {@code true}, {@code Or[x]} as {@code x}, {@code in {}} as {@code false}).
 */
public final class PredicateText {

    private PredicateText() {
    }

    /** The canonical text of {@code p}. */
    public static String format(Predicate p) {
        StringBuilder sb = new StringBuilder();
        write(p, sb);
        return sb.toString();
    }

    /** Whether {@link #format} of {@code p} parses back to a predicate equal to {@code p}. */
    public static boolean isPrintable(Predicate p) {
        return p.accept(PRINTABLE);
    }

    private static final Predicate.Visitor<Boolean> PRINTABLE = new Predicate.Visitor<>() {
        @Override public Boolean visitTrue(Predicate.True p) { return true; }
        @Override public Boolean visitFalse(Predicate.False p) { return true; }
        @Override public Boolean visitMasked(Predicate.Masked p) { return true; }
        @Override public Boolean visitRange(Predicate.Range p) { return true; }
        @Override public Boolean visitInSet(Predicate.InSet p) { return !p.values().isEmpty(); }
        @Override public Boolean visitAnd(Predicate.And p) { return junction(p.terms()); }
        @Override public Boolean visitOr(Predicate.Or p) { return junction(p.terms()); }
        @Override public Boolean visitNot(Predicate.Not p) { return p.term().accept(this); }

        private boolean junction(List<Predicate> terms) {
            return terms.size() >= 2 && terms.stream().allMatch(t -> t.accept(this));
        }
    };

    private static void write(Predicate p, StringBuilder sb) {
        p.accept(new Writer(sb));
    }

    /** Appends the text of each kind; returns nothing. */
    private record Writer(StringBuilder sb) implements Predicate.Visitor<Void> {
        @Override
        public Void visitTrue(Predicate.True p) {
            sb.append("true");
            return null;
        }

        @Override
        public Void visitFalse(Predicate.False p) {
            sb.append("false");
            return null;
        }

        @Override
        public Void visitMasked(Predicate.Masked p) {
            writeMasked(p, sb);
            return null;
        }

        @Override
        public Void visitRange(Predicate.Range r) {
            sb.append(r.field().fieldName()).append(" in ").append(FieldValues.formatNumber(r.field(), r.lo()))
                    .append("..").append(FieldValues.formatNumber(r.field(), r.hi()));
            return null;
        }

        @Override
        public Void visitInSet(Predicate.InSet p) {
            writeSet(p, sb);
            return null;
        }

        @Override
        public Void visitAnd(Predicate.And p) {
            writeJunction(p.terms(), " && ", true, sb);
            return null;
        }

        @Override
        public Void visitOr(Predicate.Or p) {
            writeJunction(p.terms(), " || ", false, sb);
            return null;
        }

        @Override
        public Void visitNot(Predicate.Not p) {
            writeNot(p, sb);
            return null;
        }
    }

    private static void writeMasked(Predicate.Masked m, StringBuilder sb) {
        HeaderField f = m.field();
        sb.append(f.fieldName());
        if (m.isExact()) {
            sb.append(" == ").append(FieldValues.format(f, m.value()));
            return;
        }
        int prefix = prefixLength(f, m.mask());
        if (f.format() == HeaderField.Format.IPV4 && prefix >= 0) {
            sb.append(" in ").append(FieldValues.formatNumber(f, m.value())).append('/').append(prefix);
            return;
        }
        sb.append(" & ").append(FieldValues.formatMask(f, m.mask())).append(" == ").append(maskedValue(f, m.value()));
    }

    /** Values under a partial mask: addresses in their own notation, other fields as symbol or padded hex. */
    private static String maskedValue(HeaderField f, long value) {
        if (f.format() == HeaderField.Format.IPV4 || f.format() == HeaderField.Format.MAC) {
            return FieldValues.formatNumber(f, value);
        }
        String symbolic = FieldValues.format(f, value);
        return symbolic.equals(FieldValues.formatNumber(f, value)) ? FieldValues.formatMask(f, value) : symbolic;
    }

    private static void writeSet(Predicate.InSet s, StringBuilder sb) {
        if (s.values().isEmpty()) {
            sb.append("false");
            return;
        }
        StringJoiner j = new StringJoiner(", ", s.field().fieldName() + " in {", "}");
        for (long v : s.values()) {
            j.add(FieldValues.format(s.field(), v));
        }
        sb.append(j);
    }

    private static void writeNot(Predicate.Not n, StringBuilder sb) {
        Predicate t = n.term();
        if (t instanceof Predicate.Masked m && m.isExact()) {
            sb.append(m.field().fieldName()).append(" != ").append(FieldValues.format(m.field(), m.value()));
        } else if (t instanceof Predicate.True || t instanceof Predicate.False) {
            sb.append('!');
            write(t, sb);
        } else {
            sb.append("!(");
            write(t, sb);
            sb.append(')');
        }
    }

    private static void writeJunction(List<Predicate> terms, String op, boolean conjunction, StringBuilder sb) {
        if (terms.isEmpty()) {
            sb.append(conjunction ? "true" : "false");
            return;
        }
        if (terms.size() == 1) {
            write(terms.get(0), sb);
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            if (i > 0) {
                sb.append(op);
            }
            Predicate t = terms.get(i);
            // an Or inside an And for precedence; a junction inside one of its own kind to keep the
            // nesting; a junction of fewer than two terms (not printable exactly) to stay equivalent
            boolean parens = t.accept(conjunction ? IN_CONJUNCTION : IN_DISJUNCTION);
            if (parens) {
                sb.append('(');
                write(t, sb);
                sb.append(')');
            } else {
                write(t, sb);
            }
        }
    }

    private static final Predicate.Visitor<Boolean> IN_CONJUNCTION = new NeedsParentheses(true);
    private static final Predicate.Visitor<Boolean> IN_DISJUNCTION = new NeedsParentheses(false);

    /** Whether a term of a conjunction (or disjunction) prints in parentheses. */
    private record NeedsParentheses(boolean inConjunction) implements Predicate.Visitor<Boolean> {
        @Override public Boolean visitTrue(Predicate.True p) { return false; }
        @Override public Boolean visitFalse(Predicate.False p) { return false; }
        @Override public Boolean visitMasked(Predicate.Masked p) { return false; }
        @Override public Boolean visitRange(Predicate.Range p) { return false; }
        @Override public Boolean visitInSet(Predicate.InSet p) { return false; }
        @Override public Boolean visitNot(Predicate.Not p) { return false; }

        @Override
        public Boolean visitAnd(Predicate.And p) {
            return inConjunction || p.terms().size() < 2;
        }

        @Override
        public Boolean visitOr(Predicate.Or p) {
            return true;
        }
    }

    /** The prefix length of a mask made of leading ones (0..width-1), or -1 when it is not one. */
    static int prefixLength(HeaderField f, long mask) {
        long full = f.fullMask();
        long inverted = ~mask & full;
        if ((inverted & (inverted + 1)) != 0) {
            return -1;
        }
        return f.width() - Long.bitCount(inverted);
    }
}
