package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.graph.predicate.PredicateWalk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simplifies (large) predicates under many contexts of fixed field values, sharing the work
 * between contexts that look the same to them and between predicates that share subterms.
 *
 * <p>{@link Predicates#simplify} replaces every atom on a fixed field by its truth value, so its
 * result depends only on those truth values. Two contexts that give every atom the same value —
 * e.g. two endpoints on ports no steering filter names — get the same result, which is computed
 * once. The key of a context is, per field the predicates have atoms on, the truth vector of
 * those atoms at the context's value.
 *
 * <p>The queue predicates of one configured graph are paths through the same steering tables,
 * so they share most of their subterms (the 16 queues of the 82599 with filters: 901 distinct
 * subterms in all, 728 – 791 per queue). A simplifier over several predicates keeps one memo of
 * simplified subterms per context key, so a subterm shared by several queues is simplified once
 * per key, not once per queue. The result for a predicate is the same predicate (equal, and
 * built from the same atoms) as simplifying it alone.
 */
public final class ContextSimplifier {
    /** Distinct atoms of the predicates, per field ordinal (empty list: no atoms on that field). */
    private final List<List<Predicate>> atoms;
    private final Map<Key, Context> contexts = new HashMap<>();
    /**
     * Per compound subterm, the fields its atoms are on (bit per field ordinal): a subterm with
     * no atom on a fixed field simplifies to itself, so simplification skips it.
     */
    private final Predicates.FieldIndex subtermFields = new Predicates.FieldIndex();
    private final Predicate single;

    /** A simplifier of one predicate. */
    public ContextSimplifier(Predicate predicate) {
        this(List.of(predicate), predicate);
    }

    /** A simplifier of several predicates (and their subterms) that shares work between them. */
    public static ContextSimplifier of(Collection<Predicate> predicates) {
        return new ContextSimplifier(predicates, null);
    }

    private ContextSimplifier(Collection<Predicate> predicates, Predicate single) {
        this.single = single;
        List<Map<Predicate, Boolean>> byField = new ArrayList<>();
        for (int i = 0; i < HeaderField.values().length; i++) {
            byField.add(new LinkedHashMap<>());
        }
        Map<Predicate, Boolean> seen = new IdentityHashMap<>();
        for (Predicate p : predicates) {
            collect(p, byField, seen);
            subtermFields.mask(p);
        }
        this.atoms = new ArrayList<>();
        byField.forEach(m -> atoms.add(List.copyOf(m.keySet())));
    }

    private static void collect(Predicate p, List<Map<Predicate, Boolean>> byField, Map<Predicate, Boolean> seen) {
        PredicateWalk.postOrderUnknown(p, seen::containsKey, q -> {
            seen.put(q, Boolean.TRUE);
            if (q instanceof Predicate.Atom a) {
                byField.get(a.field().ordinal()).put(q, Boolean.TRUE);
            }
        });
    }

    /** The predicate of a single-predicate simplifier. */
    public Predicate predicate() {
        if (single == null) {
            throw new IllegalStateException("a simplifier of several predicates");
        }
        return single;
    }

    /** The predicate simplified under {@code fixed} (values by field ordinal, null where unknown). */
    public Predicate simplify(Long[] fixed) {
        return simplify(predicate(), fixed);
    }

    /**
     * {@code p} (one of this simplifier's predicates or a subterm of one) simplified under
     * {@code fixed} (values by field ordinal, null where unknown).
     */
    public Predicate simplify(Predicate p, Long[] fixed) {
        return simplify(p, context(fixed));
    }

    /**
     * The context {@code fixed} stands for: callers that simplify several predicates under the
     * same fixed values work out its key once.
     */
    public Context context(Long[] fixed) {
        List<long[]> vectors = new ArrayList<>();
        boolean any = false;
        for (int f = 0; f < fixed.length; f++) {
            List<Predicate> onField = atoms.get(f);
            if (fixed[f] == null || onField.isEmpty()) {
                vectors.add(null);
                continue;
            }
            any = true;
            long v = fixed[f];
            long[] bits = new long[(onField.size() + 63) / 64];
            for (int i = 0; i < onField.size(); i++) {
                if (Predicates.holdsAt(onField.get(i), v)) {
                    bits[i >>> 6] |= 1L << (i & 63);
                }
            }
            vectors.add(bits);
        }
        if (!any) {
            return Context.NONE;
        }
        // The first context with a key stands for all that share it: its values give every atom
        // the same truth value as theirs, so simplifying under it gives their result.
        return contexts.computeIfAbsent(new Key(vectors), k -> new Context(fixed.clone(), fixedMask(fixed)));
    }

    /** {@code p} (one of this simplifier's predicates or a subterm of one) simplified in {@code context}. */
    public Predicate simplify(Predicate p, Context context) {
        if (context == Context.NONE) {
            return p;
        }
        long fixedMask = context.mask;
        // A compound subterm with no atom on a fixed field simplifies to itself: skip walking it.
        return Predicates.simplify(p, context.fixed, context.memo, q -> {
            Long m = subtermFields.knownMask(q);
            return m != null && (m & fixedMask) == 0;
        });
    }

    private static long fixedMask(Long[] fixed) {
        long m = 0;
        for (int f = 0; f < fixed.length; f++) {
            if (fixed[f] != null) {
                m |= 1L << f;
            }
        }
        return m;
    }

    /** Fixed field values as this simplifier sees them, with the subterms already simplified under them. */
    public static final class Context {
        /** Fixes no field any atom is on: every predicate simplifies to itself. */
        static final Context NONE = new Context(new Long[0], 0);

        private final Long[] fixed;
        private final long mask;
        private final Map<Predicate, Predicate> memo = new IdentityHashMap<>();

        private Context(Long[] fixed, long mask) {
            this.fixed = fixed;
            this.mask = mask;
        }
    }

    /** Truth vectors per field; fields without a fixed value or without atoms are null. */
    private static final class Key {
        private final List<long[]> vectors;
        private final int hash;

        Key(List<long[]> vectors) {
            this.vectors = vectors;
            int h = 1;
            for (long[] v : vectors) {
                h = 31 * h + (v == null ? 0 : Arrays.hashCode(v));
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || k.hash != hash) {
                return false;
            }
            for (int i = 0; i < vectors.size(); i++) {
                if (!Arrays.equals(vectors.get(i), k.vectors.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
