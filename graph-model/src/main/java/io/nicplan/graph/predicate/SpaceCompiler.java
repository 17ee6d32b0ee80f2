package io.nicplan.graph.predicate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a predicate into a {@link HeaderSpace} without enumerating atom assignments.
 *
 * <p>Negations are pushed to the atoms (the complement of a per-field set is exact and stays one box).
 * A conjunction is evaluated in three steps: all its atoms (through nested conjunctions and negated
 * disjunctions) are intersected field by field into one box; then its disjunctive terms are intersected
 * in, cheapest first; last, each term whose negation is smaller than itself — typically the negated
 * filters {@code !f1 && !f2 && ...} of a filter chain — is subtracted as the (usually single) box of
 * that negation, unless one of its literals already excludes every box (then it is skipped without
 * being built). Every step stops as soon as the set is empty, and the union is compacted whenever it has
 * doubled. Results of shared subterms are memoised by identity, so a filter referenced from many path
 * predicates is converted once per compiler.
 */
final class SpaceCompiler {
    /** Estimates saturate here; they only rank terms. */
    private static final long CAP = 1L << 40;

    private final Map<Predicate, HeaderSpace> positive = new IdentityHashMap<>();
    private final Map<Predicate, HeaderSpace> negative = new IdentityHashMap<>();

    HeaderSpace eval(Predicate p, boolean negated) {
        while (p instanceof Predicate.Not n) {
            p = n.term();
            negated = !negated;
        }
        if (p instanceof Predicate.True) {
            return negated ? HeaderSpace.empty() : HeaderSpace.all();
        }
        if (p instanceof Predicate.False) {
            return negated ? HeaderSpace.all() : HeaderSpace.empty();
        }
        if (isAtom(p)) {
            return HeaderSpace.ofBox(atomBox(p, negated));
        }
        Map<Predicate, HeaderSpace> memo = negated ? negative : positive;
        HeaderSpace known = memo.get(p);
        if (known != null) {
            return known;
        }
        List<Predicate> terms = p instanceof Predicate.And a ? a.terms() : ((Predicate.Or) p).terms();
        boolean conjunction = (p instanceof Predicate.And) != negated;
        HeaderSpace result = conjunction ? conjunction(terms, negated) : disjunction(terms, negated);
        memo.put(p, result);
        return result;
    }

    private HeaderSpace disjunction(List<Predicate> terms, boolean negated) {
        List<Box> boxes = new ArrayList<>();
        for (Predicate t : terms) {
            HeaderSpace s = eval(t, negated);
            for (Box b : s.boxes()) {
                if (b.constrained == 0) {
                    return HeaderSpace.all();
                }
                boxes.add(b);
            }
        }
        return HeaderSpace.ofBoxes(boxes);
    }

    /** A term of a conjunction with its polarity, and whether it is subtracted rather than intersected. */
    private record Term(Predicate predicate, boolean negated, boolean subtract, long estimate) {
    }

    private HeaderSpace conjunction(List<Predicate> terms, boolean negated) {
        Conjunction c = new Conjunction();
        if (!c.flatten(terms, negated)) {
            return HeaderSpace.empty();
        }
        List<Term> ordered = new ArrayList<>(c.complex.size());
        for (Term t : c.complex) {
            long direct = estimate(t.predicate(), t.negated());
            long inverse = estimate(t.predicate(), !t.negated());
            boolean subtract = inverse < direct;
            ordered.add(new Term(t.predicate(), t.negated(), subtract, subtract ? inverse : direct));
        }
        // intersections first (they shrink the set), then subtractions; cheaper terms first within each
        ordered.sort(Comparator.comparing(Term::subtract).thenComparingLong(Term::estimate));
        HeaderSpace current = HeaderSpace.ofBox(Box.ofSets(c.sets));
        int compactedSize = 1;
        for (Term t : ordered) {
            if (t.subtract()) {
                // the subtrahend is a conjunction; when one of its literals misses every box, it changes nothing
                if (!missesAll(t.predicate(), !t.negated(), current)) {
                    current = current.minus(eval(t.predicate(), !t.negated()), false);
                }
            } else {
                current = current.intersect(eval(t.predicate(), t.negated()));
            }
            if (current.isEmpty()) {
                return current;
            }
            // compacting after every step would cost more than it saves; do it when the union has doubled
            if (current.boxCount() > 2 * compactedSize) {
                current = current.compacted();
                compactedSize = current.boxCount();
            }
        }
        return current.compacted();
    }

    /** The atoms of a conjunction folded into one set per field, and its other terms. */
    private static final class Conjunction {
        final FieldSet[] sets = new FieldSet[Box.FIELDS.length];
        final List<Term> complex = new ArrayList<>();

        /** Adds the terms; false as soon as the conjunction is known to be empty. */
        boolean flatten(List<Predicate> terms, boolean negated) {
            for (Predicate term : terms) {
                Predicate t = term;
                boolean neg = negated;
                while (t instanceof Predicate.Not n) {
                    t = n.term();
                    neg = !neg;
                }
                if (t instanceof Predicate.True || t instanceof Predicate.False) {
                    if ((t instanceof Predicate.False) != neg) {
                        return false;
                    }
                } else if (isAtom(t)) {
                    FieldSet s = FieldSet.of(t);
                    if (neg) {
                        s = s.complement();
                    }
                    int i = field(t).ordinal();
                    sets[i] = sets[i] == null ? s : sets[i].intersect(s);
                    if (sets[i].isEmpty()) {
                        return false;
                    }
                } else if ((t instanceof Predicate.And) != neg) {
                    List<Predicate> inner = t instanceof Predicate.And a ? a.terms() : ((Predicate.Or) t).terms();
                    if (!flatten(inner, neg)) {
                        return false;
                    }
                } else {
                    complex.add(new Term(t, neg, false, 0));
                }
            }
            return true;
        }
    }

    /**
     * Whether the conjunction {@code p} (under {@code negated}) certainly shares no packet with any box of
     * {@code space}: for each box some literal conjunct of {@code p} excludes the box's set on its field.
     * Checks literals without building sets for the usual atoms, so a filter chain's irrelevant filters cost
     * a few comparisons each. False means "not shown", never "overlaps".
     */
    private static boolean missesAll(Predicate p, boolean negated, HeaderSpace space) {
        for (Box b : space.boxes()) {
            if (!misses(p, negated, b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean misses(Predicate p, boolean negated, Box box) {
        while (p instanceof Predicate.Not n) {
            p = n.term();
            negated = !negated;
        }
        if (isAtom(p)) {
            FieldSet s = box.get(field(p).ordinal());
            return s != null && literalMisses(p, negated, s);
        }
        if ((p instanceof Predicate.And) != negated && (p instanceof Predicate.And || p instanceof Predicate.Or)) {
            List<Predicate> terms = p instanceof Predicate.And a ? a.terms() : ((Predicate.Or) p).terms();
            for (Predicate t : terms) {
                if (misses(t, negated, box)) {
                    return true;
                }
            }
        }
        return p instanceof Predicate.False != negated && (p instanceof Predicate.False || p instanceof Predicate.True);
    }

    /** Whether the atom (or its negation) holds for no value of {@code s}. */
    private static boolean literalMisses(Predicate atom, boolean negated, FieldSet s) {
        if (atom instanceof Predicate.Masked m && m.isExact()) {
            return negated ? s.isPoint() && s.sample() == m.value() : !s.contains(m.value());
        }
        if (atom instanceof Predicate.Range r && s.isIntervals()) {
            return negated ? s.within(r.lo(), r.hi()) : !s.meets(r.lo(), r.hi());
        }
        FieldSet a = FieldSet.of(atom);
        return negated ? a.containsAll(s) : !a.intersects(s);
    }

    /** A rough count of the boxes {@code p} evaluates to; only used to order work. */
    private static long estimate(Predicate p, boolean negated) {
        while (p instanceof Predicate.Not n) {
            p = n.term();
            negated = !negated;
        }
        if (!(p instanceof Predicate.And) && !(p instanceof Predicate.Or)) {
            return 1;
        }
        List<Predicate> terms = p instanceof Predicate.And a ? a.terms() : ((Predicate.Or) p).terms();
        boolean conjunction = (p instanceof Predicate.And) != negated;
        long acc = conjunction ? 1 : 0;
        for (Predicate t : terms) {
            long e = estimate(t, negated);
            acc = conjunction ? (acc > CAP / Math.max(e, 1) ? CAP : acc * e) : Math.min(CAP, acc + e);
        }
        return Math.max(acc, 1);
    }

    static boolean isAtom(Predicate p) {
        return p instanceof Predicate.Masked || p instanceof Predicate.Range || p instanceof Predicate.InSet;
    }

    /** The box of an atom or of its negation; null when that is empty. */
    private static Box atomBox(Predicate atom, boolean negated) {
        FieldSet s = FieldSet.of(atom);
        if (negated) {
            s = s.complement();
        }
        return Box.of(field(atom), s);
    }

    static HeaderField field(Predicate atom) {
        if (atom instanceof Predicate.Masked m) {
            return m.field();
        }
        if (atom instanceof Predicate.Range r) {
            return r.field();
        }
        return ((Predicate.InSet) atom).field();
    }
}
