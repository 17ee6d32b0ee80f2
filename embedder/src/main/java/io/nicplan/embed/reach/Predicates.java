package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.Collections;
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

    /** Whether any atom of {@code p} is about {@code field}. */
    public static boolean mentions(Predicate p, HeaderField field) {
        return mentions(p, field, new IdentityHashMap<>());
    }

    private static boolean mentions(Predicate p, HeaderField field, Map<Predicate, Boolean> memo) {
        Boolean known = memo.get(p);
        if (known != null) {
            return known;
        }
        boolean result;
        if (p instanceof Predicate.Masked m) {
            result = m.field() == field;
        } else if (p instanceof Predicate.Range r) {
            result = r.field() == field;
        } else if (p instanceof Predicate.InSet s) {
            result = s.field() == field;
        } else if (p instanceof Predicate.And a) {
            result = a.terms().stream().anyMatch(t -> mentions(t, field, memo));
        } else if (p instanceof Predicate.Or o) {
            result = o.terms().stream().anyMatch(t -> mentions(t, field, memo));
        } else if (p instanceof Predicate.Not n) {
            result = mentions(n.term(), field, memo);
        } else {
            result = false;
        }
        memo.put(p, result);
        return result;
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
        return forget(p, field, false, new IdentityHashMap<>(), new IdentityHashMap<>());
    }

    private static Predicate forget(Predicate p, HeaderField field, boolean negated, Map<Predicate, Predicate> pos,
                                    Map<Predicate, Predicate> neg) {
        Map<Predicate, Predicate> memo = negated ? neg : pos;
        Predicate known = memo.get(p);
        if (known != null) {
            return known;
        }
        Predicate result;
        if (p instanceof Predicate.And a) {
            List<Predicate> terms = new ArrayList<>();
            a.terms().forEach(t -> terms.add(forget(t, field, negated, pos, neg)));
            result = negated ? Predicate.or(terms) : Predicate.and(terms);
        } else if (p instanceof Predicate.Or o) {
            List<Predicate> terms = new ArrayList<>();
            o.terms().forEach(t -> terms.add(forget(t, field, negated, pos, neg)));
            result = negated ? Predicate.and(terms) : Predicate.or(terms);
        } else if (p instanceof Predicate.Not n) {
            result = forget(n.term(), field, !negated, pos, neg);
        } else if (fieldOf(p) == field) {
            result = Predicate.TRUE;
        } else {
            result = negated ? Predicate.not(p) : p;
        }
        memo.put(p, result);
        return result;
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
            Set<HeaderField> out = EnumSet.noneOf(HeaderField.class);
            HeaderField f = fieldOf(p);
            if (f != null) {
                out.add(f);
            } else if (p instanceof Predicate.And a) {
                a.terms().forEach(t -> out.addAll(of(t)));
            } else if (p instanceof Predicate.Or o) {
                o.terms().forEach(t -> out.addAll(of(t)));
            } else if (p instanceof Predicate.Not n) {
                out.addAll(of(n.term()));
            }
            Set<HeaderField> frozen = Collections.unmodifiableSet(out);
            known.put(p, frozen);
            return frozen;
        }
    }

    /** Whether atom {@code atom} holds when its field has value {@code v} (what {@link PacketEvaluator} decides). */
    static boolean holdsAt(Predicate atom, long v) {
        if (atom instanceof Predicate.Masked m) {
            return (v & m.mask()) == m.value();
        } else if (atom instanceof Predicate.Range r) {
            return v >= r.lo() && v <= r.hi();
        } else if (atom instanceof Predicate.InSet s) {
            return s.values().contains(v);
        }
        throw new IllegalArgumentException("not an atom: " + atom);
    }

    /** The field of an atom, or null for connectives and constants. */
    static HeaderField fieldOf(Predicate p) {
        if (p instanceof Predicate.Masked m) {
            return m.field();
        } else if (p instanceof Predicate.Range r) {
            return r.field();
        } else if (p instanceof Predicate.InSet s) {
            return s.field();
        }
        return null;
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
        Long[] out = new Long[HeaderField.values().length];
        if (p instanceof Predicate.And a) {
            for (Predicate t : a.terms()) {
                Long[] sub = fixed(t, memo);
                for (int i = 0; i < out.length; i++) {
                    if (sub[i] != null) {
                        out[i] = sub[i];
                    }
                }
            }
        } else if (p instanceof Predicate.Or o && !o.terms().isEmpty()) {
            Long[] first = fixed(o.terms().get(0), memo);
            System.arraycopy(first, 0, out, 0, out.length);
            for (int k = 1; k < o.terms().size(); k++) {
                Long[] sub = fixed(o.terms().get(k), memo);
                for (int i = 0; i < out.length; i++) {
                    if (out[i] != null && !out[i].equals(sub[i])) {
                        out[i] = null;
                    }
                }
            }
        } else if (p instanceof Predicate.Masked m && m.isExact()) {
            out[m.field().ordinal()] = m.value();
        } else if (p instanceof Predicate.InSet s && s.values().size() == 1) {
            out[s.field().ordinal()] = s.values().first();
        }
        memo.put(p, out);
        return out;
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
        HeaderField atomField = fieldOf(p);
        if (atomField != null || p instanceof Predicate.True || p instanceof Predicate.False) {
            // Atoms and constants are decided on the spot: memoising them (most of a path
            // predicate's nodes) only grew the memo.
            if (atomField != null && fixed[atomField.ordinal()] != null) {
                return holdsAt(p, fixed[atomField.ordinal()]) ? Predicate.TRUE : Predicate.FALSE;
            }
            return p;
        }
        if (unaffected.test(p)) {
            return p;
        }
        Predicate known = memo.get(p);
        if (known != null) {
            return known;
        }
        Predicate result;
        if (p instanceof Predicate.And a) {
            List<Predicate> terms = new ArrayList<>(a.terms().size());
            boolean changed = false;
            for (Predicate t : a.terms()) {
                Predicate s = simplify(t, fixed, memo, unaffected);
                changed |= s != t;
                if (s instanceof Predicate.False) {
                    terms = null;
                    break;
                }
                terms.add(s);
            }
            result = terms == null ? Predicate.FALSE : changed ? Predicate.and(terms) : p;
        } else if (p instanceof Predicate.Or o) {
            List<Predicate> terms = new ArrayList<>(o.terms().size());
            boolean changed = false;
            for (Predicate t : o.terms()) {
                Predicate s = simplify(t, fixed, memo, unaffected);
                changed |= s != t;
                if (s instanceof Predicate.True) {
                    terms = null;
                    break;
                }
                terms.add(s);
            }
            result = terms == null ? Predicate.TRUE : changed ? Predicate.or(terms) : p;
        } else if (p instanceof Predicate.Not n) {
            Predicate s = simplify(n.term(), fixed, memo, unaffected);
            result = s == n.term() ? p : Predicate.not(s);
        } else {
            result = p;
        }
        memo.put(p, result);
        return result;
    }
}
