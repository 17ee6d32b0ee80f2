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
    /** Initial capacity of the memos (the default, 32, allocates a 64-slot table per map). */
    private static final int SMALL = 4;

    /*
     * A compiler is made per question, and most questions (a path to one node, a port condition) meet few
     * junctions: the memos are made when the first junction below the root is evaluated (the root cannot be
     * met again inside itself), and estimates only for conjunctions with complex terms.
     */
    private Map<Predicate, HeaderSpace> positive;
    private Map<Predicate, HeaderSpace> negative;
    /** Junctions under evaluation: the outermost one is not remembered. */
    private int depth;
    private Estimate plainEstimate;
    private Estimate negatedEstimate;

    private final Eval positiveEval = new Eval(false);
    private final Eval negativeEval = new Eval(true);

    HeaderSpace eval(Predicate p, boolean negated) {
        return p.accept(negated ? negativeEval : positiveEval);
    }

    /** The space of a predicate, or of its negation when {@code negated}. */
    private final class Eval implements Predicate.Visitor<HeaderSpace> {
        private final boolean negated;

        Eval(boolean negated) {
            this.negated = negated;
        }

        @Override
        public HeaderSpace visitTrue(Predicate.True p) {
            return negated ? HeaderSpace.empty() : HeaderSpace.all();
        }

        @Override
        public HeaderSpace visitFalse(Predicate.False p) {
            return negated ? HeaderSpace.all() : HeaderSpace.empty();
        }

        @Override
        public HeaderSpace visitMasked(Predicate.Masked p) {
            return HeaderSpace.ofBox(atomBox(p, negated));
        }

        @Override
        public HeaderSpace visitRange(Predicate.Range p) {
            return HeaderSpace.ofBox(atomBox(p, negated));
        }

        @Override
        public HeaderSpace visitInSet(Predicate.InSet p) {
            return HeaderSpace.ofBox(atomBox(p, negated));
        }

        @Override
        public HeaderSpace visitNot(Predicate.Not p) {
            return eval(p.term(), !negated);
        }

        @Override
        public HeaderSpace visitAnd(Predicate.And p) {
            return junction(p, p.terms(), !negated);
        }

        @Override
        public HeaderSpace visitOr(Predicate.Or p) {
            return junction(p, p.terms(), negated);
        }

        /** A conjunction or disjunction; {@code conjunction} after pushing the negation in. */
        private HeaderSpace junction(Predicate p, List<Predicate> terms, boolean conjunction) {
            Map<Predicate, HeaderSpace> memo = negated ? negative : positive;
            HeaderSpace known = memo == null ? null : memo.get(p);
            if (known != null) {
                return known;
            }
            depth++;
            HeaderSpace result;
            try {
                result = conjunction ? conjunction(terms, negated) : disjunction(terms, negated);
            } finally {
                depth--;
            }
            if (depth > 0) {
                if (memo == null) {
                    positive = new IdentityHashMap<>(SMALL);
                    negative = new IdentityHashMap<>(SMALL);
                    memo = negated ? negative : positive;
                }
                memo.put(p, result);
            }
            return result;
        }
    }

    private HeaderSpace disjunction(List<Predicate> terms, boolean negated) {
        List<Box> boxes = new ArrayList<>(terms.size());
        for (int i = 0; i < terms.size(); i++) {
            HeaderSpace s = eval(terms.get(i), negated);
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
        HeaderSpace current = c.sets == null ? HeaderSpace.all() : HeaderSpace.ofBox(Box.ofSets(c.sets));
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
        /** Per field ordinal; null until the first atom (many conjunctions the embedder asks about have none). */
        FieldSet[] sets;
        final List<Term> complex = new ArrayList<>();

        private final Flatten positiveTerm = new Flatten(false);
        private final Flatten negativeTerm = new Flatten(true);

        /** Adds the terms; false as soon as the conjunction is known to be empty. */
        boolean flatten(List<Predicate> terms, boolean negated) {
            for (int i = 0; i < terms.size(); i++) {
                if (!add(terms.get(i), negated)) {
                    return false;
                }
            }
            return true;
        }

        private boolean add(Predicate term, boolean negated) {
            return term.accept(negated ? negativeTerm : positiveTerm);
        }

        /** Adds one term (negated or not); false when that makes the conjunction empty. */
        private final class Flatten implements Predicate.Visitor<Boolean> {
            private final boolean neg;

            Flatten(boolean neg) {
                this.neg = neg;
            }

            @Override
            public Boolean visitTrue(Predicate.True p) {
                return !neg;
            }

            @Override
            public Boolean visitFalse(Predicate.False p) {
                return neg;
            }

            @Override
            public Boolean visitMasked(Predicate.Masked p) {
                return atom(p);
            }

            @Override
            public Boolean visitRange(Predicate.Range p) {
                return atom(p);
            }

            @Override
            public Boolean visitInSet(Predicate.InSet p) {
                return atom(p);
            }

            @Override
            public Boolean visitNot(Predicate.Not p) {
                return add(p.term(), !neg);
            }

            @Override
            public Boolean visitAnd(Predicate.And p) {
                // a conjunction inside a conjunction folds in; a negated one is a disjunction
                return neg ? complex(p) : flatten(p.terms(), false);
            }

            @Override
            public Boolean visitOr(Predicate.Or p) {
                return neg ? flatten(p.terms(), true) : complex(p);
            }

            private boolean complex(Predicate p) {
                complex.add(new Term(p, neg, false, 0));
                return true;
            }

            private boolean atom(Predicate.Atom t) {
                FieldSet s = FieldSet.of(t, neg);
                int i = t.field().ordinal();
                if (sets == null) {
                    sets = new FieldSet[Box.FIELDS.length];
                }
                sets[i] = sets[i] == null ? s : sets[i].intersect(s);
                return !sets[i].isEmpty();
            }
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
        return p.accept(new Misses(negated, box));
    }

    /** {@link #missesAll} for one box: a literal of the conjunction that excludes it. */
    private record Misses(boolean negated, Box box) implements Predicate.Visitor<Boolean> {
        @Override
        public Boolean visitTrue(Predicate.True p) {
            return negated;
        }

        @Override
        public Boolean visitFalse(Predicate.False p) {
            return !negated;
        }

        @Override
        public Boolean visitMasked(Predicate.Masked p) {
            return atom(p);
        }

        @Override
        public Boolean visitRange(Predicate.Range p) {
            return atom(p);
        }

        @Override
        public Boolean visitInSet(Predicate.InSet p) {
            return atom(p);
        }

        @Override
        public Boolean visitNot(Predicate.Not p) {
            return misses(p.term(), !negated, box);
        }

        @Override
        public Boolean visitAnd(Predicate.And p) {
            return !negated && anyMisses(p.terms());
        }

        @Override
        public Boolean visitOr(Predicate.Or p) {
            // a negated disjunction is the conjunction of the negated terms
            return negated && anyMisses(p.terms());
        }

        private boolean anyMisses(List<Predicate> terms) {
            for (Predicate t : terms) {
                if (t.accept(this)) {
                    return true;
                }
            }
            return false;
        }

        private boolean atom(Predicate.Atom p) {
            FieldSet s = box.get(p.field().ordinal());
            return s != null && literalMisses(p, negated, s);
        }
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
    private long estimate(Predicate p, boolean negated) {
        if (plainEstimate == null) {
            plainEstimate = new Estimate(false);
            negatedEstimate = new Estimate(true);
        }
        return p.accept(negated ? negatedEstimate : plainEstimate);
    }

    /**
     * {@link #estimate}: one box per atom or constant, products over conjunctions, sums over
     * disjunctions. Remembered per junction object: a queue's predicate is a disjunction of paths
     * that share their prefixes, and walking it as a tree would visit each shared prefix once per
     * path.
     */
    private final class Estimate implements Predicate.Visitor<Long> {
        private final boolean negated;
        private final Map<Predicate, Long> memo = new IdentityHashMap<>(SMALL);

        Estimate(boolean negated) {
            this.negated = negated;
        }

        @Override public Long visitTrue(Predicate.True p) { return 1L; }
        @Override public Long visitFalse(Predicate.False p) { return 1L; }
        @Override public Long visitMasked(Predicate.Masked p) { return 1L; }
        @Override public Long visitRange(Predicate.Range p) { return 1L; }
        @Override public Long visitInSet(Predicate.InSet p) { return 1L; }
        @Override public Long visitNot(Predicate.Not p) { return estimate(p.term(), !negated); }
        @Override public Long visitAnd(Predicate.And p) { return junction(p, p.terms(), !negated); }
        @Override public Long visitOr(Predicate.Or p) { return junction(p, p.terms(), negated); }

        private long junction(Predicate p, List<Predicate> terms, boolean conjunction) {
            Long known = memo.get(p);
            if (known != null) {
                return known;
            }
            long acc = conjunction ? 1 : 0;
            for (int i = 0; i < terms.size(); i++) {
                long e = terms.get(i).accept(this);
                acc = conjunction ? (acc > CAP / Math.max(e, 1) ? CAP : acc * e) : Math.min(CAP, acc + e);
            }
            long result = Math.max(acc, 1);
            memo.put(p, result);
            return result;
        }
    }

    static boolean isAtom(Predicate p) {
        return p instanceof Predicate.Atom;
    }

    /** The box of an atom or of its negation; null when that is empty. */
    private static Box atomBox(Predicate atom, boolean negated) {
        return Box.of(field(atom), FieldSet.of(atom, negated));
    }

    static HeaderField field(Predicate atom) {
        return ((Predicate.Atom) atom).field();
    }
}
