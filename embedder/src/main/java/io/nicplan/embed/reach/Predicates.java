package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.graph.predicate.PredicateWalk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Syntactic operations on predicates that the embedder needs on top of satisfiability: what a
 * predicate mentions, forgetting a field a node overwrites, and simplifying under known field
 * values. All walk shared sub-predicates once (identity memo), since path predicates are DAGs
 * that share their prefixes.
 */
public final class Predicates {
    private Predicates() {
    }

    /** Whether any atom of {@code p} is about {@code field}. Walks without recursion, each shared subterm once. */
    public static boolean mentions(Predicate p, HeaderField field) {
        Map<Predicate, Boolean> seen = new IdentityHashMap<>();
        Deque<Predicate> work = new ArrayDeque<>();
        work.push(p);
        while (!work.isEmpty()) {
            Predicate q = work.pop();
            if (seen.put(q, Boolean.TRUE) != null) {
                continue;
            }
            if (fieldOf(q) == field) {
                return true;
            }
            for (Predicate t : PredicateWalk.children(q)) {
                work.push(t);
            }
        }
        return false;
    }

    /**
     * A predicate that holds whenever {@code p} holds for some value of {@code field}: what is
     * known about a packet after a node overwrites that field. Atoms on the field, in negation
     * normal form, become {@code true}; this is exact when the field's atoms sit in conjunctions
     * with the rest (the shapes the shipped graphs produce) and otherwise errs towards allowing
     * more packets, which keeps dead-port decisions sound.
     */
    public static Predicate forget(Predicate p, HeaderField field) {
        if (!mentions(p, field)) {
            return p;
        }
        return Forget.of(field).apply(p);
    }

    /**
     * {@link #forget} in negation normal form: one instance per polarity ({@code negated}: the result
     * is for the negation of the node), each with its memo. Recurses as deep as the predicate: path
     * predicates are built shallow (see {@link Reachability}), and descriptions' predicates are as
     * deep as the parser's nesting limit allows.
     */
    private static final class Forget implements Predicate.Visitor<Predicate> {
        private final HeaderField field;
        private final boolean negated;
        private final Map<Predicate, Predicate> memo = new IdentityHashMap<>();
        private Forget flipped;

        private Forget(HeaderField field, boolean negated) {
            this.field = field;
            this.negated = negated;
        }

        static Forget of(HeaderField field) {
            Forget pos = new Forget(field, false);
            Forget neg = new Forget(field, true);
            pos.flipped = neg;
            neg.flipped = pos;
            return pos;
        }

        Predicate apply(Predicate p) {
            Predicate known = memo.get(p);
            if (known != null) {
                return known;
            }
            Predicate result = p.accept(this);
            memo.put(p, result);
            return result;
        }

        @Override
        public Predicate visitTrue(Predicate.True p) {
            return literal(p);
        }

        @Override
        public Predicate visitFalse(Predicate.False p) {
            return literal(p);
        }

        @Override
        public Predicate visitMasked(Predicate.Masked p) {
            return atom(p);
        }

        @Override
        public Predicate visitRange(Predicate.Range p) {
            return atom(p);
        }

        @Override
        public Predicate visitInSet(Predicate.InSet p) {
            return atom(p);
        }

        @Override
        public Predicate visitAnd(Predicate.And p) {
            List<Predicate> terms = applyAll(p.terms());
            return negated ? Predicate.or(terms) : Predicate.and(terms);
        }

        @Override
        public Predicate visitOr(Predicate.Or p) {
            List<Predicate> terms = applyAll(p.terms());
            return negated ? Predicate.and(terms) : Predicate.or(terms);
        }

        @Override
        public Predicate visitNot(Predicate.Not p) {
            return flipped.apply(p.term());
        }

        private List<Predicate> applyAll(List<Predicate> terms) {
            List<Predicate> out = new ArrayList<>(terms.size());
            for (Predicate t : terms) {
                out.add(apply(t));
            }
            return out;
        }

        private Predicate atom(Predicate.Atom p) {
            return p.field() == field ? Predicate.TRUE : literal(p);
        }

        private Predicate literal(Predicate p) {
            return negated ? Predicate.not(p) : p;
        }
    }

    /**
     * The fields predicates mention, remembered per predicate object: path predicates share
     * their prefixes, so each shared part is walked once however many predicates contain it.
     */
    public static final class FieldIndex {
        private final Map<Predicate, Set<HeaderField>> known = new IdentityHashMap<>();

        public Set<HeaderField> of(Predicate p) {
            Set<HeaderField> s = known.get(p);
            if (s != null) {
                return s;
            }
            // children first, without recursion; subterms already known are not walked again
            for (Predicate q : PredicateWalk.postOrder(List.of(p), known::containsKey)) {
                if (known.containsKey(q)) {
                    continue;
                }
                Set<HeaderField> out = EnumSet.noneOf(HeaderField.class);
                HeaderField f = fieldOf(q);
                if (f != null) {
                    out.add(f);
                }
                for (Predicate t : PredicateWalk.children(q)) {
                    out.addAll(known.get(t));
                }
                known.put(q, Collections.unmodifiableSet(out));
            }
            return known.get(p);
        }
    }

    /** Whether atom {@code atom} holds when its field has value {@code v} (what {@link PacketEvaluator} decides). */
    static boolean holdsAt(Predicate atom, long v) {
        if (atom instanceof Predicate.Atom a) {
            return a.holdsAt(v);
        }
        throw new IllegalArgumentException("not an atom: " + atom);
    }

    /** The field of an atom, or null for connectives and constants. */
    static HeaderField fieldOf(Predicate p) {
        return p instanceof Predicate.Atom a ? a.field() : null;
    }

    /**
     * Exact values of fields that every packet satisfying {@code p} has ({@code field == v} atoms
     * in its conjunctions, or in every branch of a disjunction): a context under which other
     * predicates can be simplified.
     * Index by {@link HeaderField#ordinal()}; {@code null} entries are unknown.
     */
    public static Long[] fixedFields(Predicate p) {
        return fixed(p, new IdentityHashMap<>()).clone();
    }

    /** {@link #fixedFields} remembered per predicate object, for callers that ask about shared predicates often. */
    public static final class FixedIndex {
        private final Map<Predicate, Long[]> memo = new IdentityHashMap<>();

        /** The fixed fields of {@code p}; the array is shared, do not change it. */
        public Long[] of(Predicate p) {
            return fixed(p, memo);
        }
    }

    /**
     * Fields fixed by every packet {@code p} allows: exact atoms in conjunctions, and in a
     * disjunction the fields all branches fix to the same value.
     */
    private static Long[] fixed(Predicate p, Map<Predicate, Long[]> memo) {
        Long[] known = memo.get(p);
        if (known != null) {
            return known;
        }
        // children first, without recursion; subterms already known are not walked again
        Fixed rule = new Fixed(memo);
        for (Predicate q : PredicateWalk.postOrder(List.of(p), memo::containsKey)) {
            if (!memo.containsKey(q)) {
                memo.put(q, q.accept(rule));
            }
        }
        return memo.get(p);
    }

    /** The fixed fields of one node from those of its terms (already in {@code memo}). */
    private record Fixed(Map<Predicate, Long[]> memo) implements Predicate.Visitor<Long[]> {
        @Override
        public Long[] visitTrue(Predicate.True p) {
            return none();
        }

        @Override
        public Long[] visitFalse(Predicate.False p) {
            return none();
        }

        @Override
        public Long[] visitMasked(Predicate.Masked m) {
            Long[] out = none();
            if (m.isExact()) {
                out[m.field().ordinal()] = m.value();
            }
            return out;
        }

        @Override
        public Long[] visitRange(Predicate.Range r) {
            return none();
        }

        @Override
        public Long[] visitInSet(Predicate.InSet s) {
            Long[] out = none();
            if (s.values().size() == 1) {
                out[s.field().ordinal()] = s.values().first();
            }
            return out;
        }

        @Override
        public Long[] visitAnd(Predicate.And a) {
            Long[] out = none();
            for (Predicate t : a.terms()) {
                Long[] sub = memo.get(t);
                for (int i = 0; i < out.length; i++) {
                    if (sub[i] != null) {
                        out[i] = sub[i];
                    }
                }
            }
            return out;
        }

        @Override
        public Long[] visitOr(Predicate.Or o) {
            Long[] out = none();
            if (o.terms().isEmpty()) {
                return out;
            }
            System.arraycopy(memo.get(o.terms().get(0)), 0, out, 0, out.length);
            for (int k = 1; k < o.terms().size(); k++) {
                Long[] sub = memo.get(o.terms().get(k));
                for (int i = 0; i < out.length; i++) {
                    if (out[i] != null && !out[i].equals(sub[i])) {
                        out[i] = null;
                    }
                }
            }
            return out;
        }

        @Override
        public Long[] visitNot(Predicate.Not n) {
            return none();
        }

        private static Long[] none() {
            return new Long[HeaderField.values().length];
        }
    }

    /**
     * {@code p} with every atom about a field in {@code fixed} replaced by its truth value, and
     * constants folded. Equivalent to {@code p} for every packet with those field values, and
     * usually far smaller: a path through 2,000 flow-director filters keeps only the filters
     * that agree with the fixed fields.
     */
    public static Predicate simplify(Predicate p, Long[] fixed) {
        return simplify(p, fixed, new IdentityHashMap<>(), q -> false);
    }

    /**
     * {@link #simplify(Predicate, Long[])}, returning as they are the subterms {@code unaffected} names
     * (a caller that knows a subterm has no atom on a fixed field saves walking it).
     */
    static Predicate simplify(Predicate p, Long[] fixed, Map<Predicate, Predicate> memo,
                              java.util.function.Predicate<Predicate> unaffected) {
        return new Simplify(fixed, memo, unaffected).apply(p);
    }

    /** {@link #simplify} of one predicate; recurses as deep as the predicate (see {@link Forget}). */
    private record Simplify(Long[] fixed, Map<Predicate, Predicate> memo, java.util.function.Predicate<Predicate> unaffected)
            implements Predicate.Visitor<Predicate> {

        Predicate apply(Predicate p) {
            if (p instanceof Predicate.Atom a) {
                // Atoms and constants are decided on the spot: memoising them (most of a path
                // predicate's nodes) only grew the memo.
                return atom(a);
            }
            if (p instanceof Predicate.True || p instanceof Predicate.False || unaffected.test(p)) {
                return p;
            }
            Predicate known = memo.get(p);
            if (known != null) {
                return known;
            }
            Predicate result = p.accept(this);
            memo.put(p, result);
            return result;
        }

        @Override
        public Predicate visitTrue(Predicate.True p) {
            return p;
        }

        @Override
        public Predicate visitFalse(Predicate.False p) {
            return p;
        }

        @Override
        public Predicate visitMasked(Predicate.Masked p) {
            return atom(p);
        }

        @Override
        public Predicate visitRange(Predicate.Range p) {
            return atom(p);
        }

        @Override
        public Predicate visitInSet(Predicate.InSet p) {
            return atom(p);
        }

        @Override
        public Predicate visitAnd(Predicate.And a) {
            List<Predicate> terms = new ArrayList<>(a.terms().size());
            boolean changed = false;
            for (Predicate t : a.terms()) {
                Predicate s = apply(t);
                changed |= s != t;
                if (s instanceof Predicate.False) {
                    return Predicate.FALSE;
                }
                terms.add(s);
            }
            return changed ? Predicate.and(terms) : a;
        }

        @Override
        public Predicate visitOr(Predicate.Or o) {
            List<Predicate> terms = new ArrayList<>(o.terms().size());
            boolean changed = false;
            for (Predicate t : o.terms()) {
                Predicate s = apply(t);
                changed |= s != t;
                if (s instanceof Predicate.True) {
                    return Predicate.TRUE;
                }
                terms.add(s);
            }
            return changed ? Predicate.or(terms) : o;
        }

        @Override
        public Predicate visitNot(Predicate.Not n) {
            Predicate s = apply(n.term());
            return s == n.term() ? n : Predicate.not(s);
        }

        private Predicate atom(Predicate.Atom p) {
            Long v = fixed[p.field().ordinal()];
            return v == null ? p : p.holdsAt(v) ? Predicate.TRUE : Predicate.FALSE;
        }
    }
}
