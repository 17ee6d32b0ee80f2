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
    /**
     * Initial capacity of per-call memos: most calls walk a port condition or a short path, and the
     * default (32) allocates a 64-slot table each time.
     */
    private static final int SMALL = 4;

    private Predicates() {
    }

    /** Whether any atom of {@code p} is about {@code field}. Walks without recursion, each shared subterm once. */
    public static boolean mentions(Predicate p, HeaderField field) {
        if (p instanceof Predicate.Atom a) {
            return a.field() == field;
        }
        Map<Predicate, Boolean> seen = new IdentityHashMap<>(SMALL);
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
            List<Predicate> children = PredicateWalk.children(q);
            for (int k = 0; k < children.size(); k++) {
                work.push(children.get(k));
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
        /** The distinct answers, by field bit mask: predicates mention few distinct sets of fields. */
        private static final Map<Long, Set<HeaderField>> SETS = new java.util.concurrent.ConcurrentHashMap<>();
        private static final HeaderField[] FIELDS = HeaderField.values();

        private final Map<Predicate, Long> masks = new IdentityHashMap<>();

        public Set<HeaderField> of(Predicate p) {
            return setOf(mask(p));
        }

        /** The fields the junction {@code p} mentions as a bit per field ordinal, null when not yet asked about. */
        Long knownMask(Predicate p) {
            return masks.get(p);
        }

        /** The fields of {@code p} as a bit per field ordinal. */
        long mask(Predicate p) {
            if (isLeaf(p)) {
                return leafMask(p);
            }
            Long known = masks.get(p);
            if (known != null) {
                return known;
            }
            // children first, without recursion; subterms already known are not walked again, and
            // atoms and constants (most of a path's nodes) are read off directly, not remembered
            PredicateWalk.postOrderUnknown(p, q -> isLeaf(q) || masks.containsKey(q), q -> {
                long out = 0;
                List<Predicate> children = PredicateWalk.children(q);
                for (int k = 0; k < children.size(); k++) {
                    Predicate c = children.get(k);
                    out |= isLeaf(c) ? leafMask(c) : masks.get(c);
                }
                masks.put(q, out);
            });
            return masks.get(p);
        }

        private static boolean isLeaf(Predicate p) {
            return p instanceof Predicate.Atom || p instanceof Predicate.True || p instanceof Predicate.False;
        }

        private static long leafMask(Predicate leaf) {
            HeaderField f = fieldOf(leaf);
            return f == null ? 0 : 1L << f.ordinal();
        }

        private static Set<HeaderField> setOf(long mask) {
            return SETS.computeIfAbsent(mask, m -> {
                Set<HeaderField> out = EnumSet.noneOf(HeaderField.class);
                for (long rest = m; rest != 0; rest &= rest - 1) {
                    out.add(FIELDS[Long.numberOfTrailingZeros(rest)]);
                }
                return Collections.unmodifiableSet(out);
            });
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
        PredicateWalk.postOrderUnknown(p, memo::containsKey, q -> memo.put(q, q.accept(rule)));
        return memo.get(p);
    }

    /**
     * The fixed fields of one node from those of its terms (already in {@code memo}). The arrays are
     * shared and never changed: a node that fixes nothing, or nothing beyond what one of its terms
     * fixes, gets that array (most of a path predicate's nodes), not a new one.
     */
    private record Fixed(Map<Predicate, Long[]> memo) implements Predicate.Visitor<Long[]> {
        private static final Long[] NONE = new Long[HeaderField.values().length];

        @Override
        public Long[] visitTrue(Predicate.True p) {
            return NONE;
        }

        @Override
        public Long[] visitFalse(Predicate.False p) {
            return NONE;
        }

        @Override
        public Long[] visitMasked(Predicate.Masked m) {
            return m.isExact() ? only(m.field(), m.value()) : NONE;
        }

        @Override
        public Long[] visitRange(Predicate.Range r) {
            return NONE;
        }

        @Override
        public Long[] visitInSet(Predicate.InSet s) {
            return s.values().size() == 1 ? only(s.field(), s.values().first()) : NONE;
        }

        @Override
        public Long[] visitAnd(Predicate.And a) {
            // a later term's value wins, as the terms are taken in order
            List<Predicate> terms = a.terms();
            Long[] out = NONE;
            boolean copied = false;
            for (int k = 0; k < terms.size(); k++) {
                Long[] sub = memo.get(terms.get(k));
                if (sub == NONE || sub == out) {
                    continue;
                }
                if (out == NONE) {
                    out = sub;
                    continue;
                }
                for (int i = 0; i < sub.length; i++) {
                    if (sub[i] != null && !sub[i].equals(out[i])) {
                        if (!copied) {
                            out = out.clone();
                            copied = true;
                        }
                        out[i] = sub[i];
                    }
                }
            }
            return out;
        }

        @Override
        public Long[] visitOr(Predicate.Or o) {
            List<Predicate> terms = o.terms();
            if (terms.isEmpty()) {
                return NONE;
            }
            Long[] out = memo.get(terms.get(0));
            boolean copied = false;
            for (int k = 1; k < terms.size() && out != NONE; k++) {
                Long[] sub = memo.get(terms.get(k));
                if (sub == out) {
                    continue;
                }
                for (int i = 0; i < out.length; i++) {
                    if (out[i] != null && !out[i].equals(sub[i])) {
                        if (!copied) {
                            out = out.clone();
                            copied = true;
                        }
                        out[i] = null;
                    }
                }
            }
            return out;
        }

        @Override
        public Long[] visitNot(Predicate.Not n) {
            return NONE;
        }

        private static Long[] only(HeaderField field, long value) {
            Long[] out = new Long[NONE.length];
            out[field.ordinal()] = value;
            return out;
        }
    }

    /**
     * {@code p} with every atom about a field in {@code fixed} replaced by its truth value, and
     * constants folded. Equivalent to {@code p} for every packet with those field values, and
     * usually far smaller: a path through 2,000 flow-director filters keeps only the filters
     * that agree with the fixed fields.
     */
    public static Predicate simplify(Predicate p, Long[] fixed) {
        // The memo is made once a subterm below the root is kept (the root cannot be met again in
        // its own walk): simplifying a port condition or a short path then allocates none.
        Simplify s = new Simplify(fixed, null, q -> false);
        return p instanceof Predicate.Atom || p instanceof Predicate.True || p instanceof Predicate.False ? s.apply(p) : p.accept(s);
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
    private static final class Simplify implements Predicate.Visitor<Predicate> {
        private final Long[] fixed;
        /** Simplified junctions by identity; null until the first is kept. */
        private Map<Predicate, Predicate> memo;
        private final java.util.function.Predicate<Predicate> unaffected;

        Simplify(Long[] fixed, Map<Predicate, Predicate> memo, java.util.function.Predicate<Predicate> unaffected) {
            this.fixed = fixed;
            this.memo = memo;
            this.unaffected = unaffected;
        }

        Predicate apply(Predicate p) {
            if (p instanceof Predicate.Atom a) {
                // Atoms and constants are decided on the spot: memoising them (most of a path
                // predicate's nodes) only grew the memo.
                return atom(a);
            }
            if (p instanceof Predicate.True || p instanceof Predicate.False || unaffected.test(p)) {
                return p;
            }
            Predicate known = memo == null ? null : memo.get(p);
            if (known != null) {
                return known;
            }
            Predicate result = p.accept(this);
            if (memo == null) {
                memo = new IdentityHashMap<>();
            }
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
            List<Predicate> terms = simplifiedTerms(a.terms(), Predicate.False.class);
            return terms == null ? Predicate.FALSE : terms == a.terms() ? a : Predicate.and(terms);
        }

        @Override
        public Predicate visitOr(Predicate.Or o) {
            List<Predicate> terms = simplifiedTerms(o.terms(), Predicate.True.class);
            return terms == null ? Predicate.TRUE : terms == o.terms() ? o : Predicate.or(terms);
        }

        /**
         * The terms simplified: {@code terms} itself when none changed (most subterms of a path keep
         * their atoms), null as soon as one becomes the {@code absorbing} constant.
         */
        private List<Predicate> simplifiedTerms(List<Predicate> terms, Class<? extends Predicate> absorbing) {
            List<Predicate> out = null;
            for (int k = 0; k < terms.size(); k++) {
                Predicate t = terms.get(k);
                Predicate s = apply(t);
                if (absorbing.isInstance(s)) {
                    return null;
                }
                if (out == null && s != t) {
                    out = new ArrayList<>(terms.size());
                    out.addAll(terms.subList(0, k));
                }
                if (out != null) {
                    out.add(s);
                }
            }
            return out == null ? terms : out;
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
