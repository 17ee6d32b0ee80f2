package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simplifies one (large) predicate under many contexts of fixed field values, sharing the work
 * between contexts that look the same to it.
 *
 * <p>{@link Predicates#simplify} replaces every atom on a fixed field by its truth value, so its
 * result depends only on those truth values. Two contexts that give every atom of the predicate
 * the same value — e.g. two endpoints on ports no steering filter names — get the same result,
 * which is computed once. The key of a context is, per field the predicate has atoms on, the
 * truth vector of those atoms at the context's value.
 */
public final class ContextSimplifier {
    private final Predicate predicate;
    /** Distinct atoms of the predicate, per field ordinal (empty list: no atoms on that field). */
    private final List<List<Predicate>> atoms;
    private final Map<Key, Predicate> cache = new HashMap<>();
    /**
     * Per compound subterm, the fields its atoms are on (bit per field ordinal): a subterm with
     * no atom on a fixed field simplifies to itself, so simplification skips it.
     */
    private final Map<Predicate, Long> fieldMasks = new IdentityHashMap<>();

    public ContextSimplifier(Predicate predicate) {
        this.predicate = predicate;
        List<Map<Predicate, Boolean>> byField = new ArrayList<>();
        for (int i = 0; i < HeaderField.values().length; i++) {
            byField.add(new LinkedHashMap<>());
        }
        collect(predicate, byField, new IdentityHashMap<>());
        mask(predicate);
        this.atoms = new ArrayList<>();
        byField.forEach(m -> atoms.add(List.copyOf(m.keySet())));
    }

    private static void collect(Predicate p, List<Map<Predicate, Boolean>> byField, Map<Predicate, Boolean> seen) {
        if (seen.put(p, Boolean.TRUE) != null) {
            return;
        }
        HeaderField f = Predicates.fieldOf(p);
        if (f != null) {
            byField.get(f.ordinal()).put(p, Boolean.TRUE);
        } else if (p instanceof Predicate.And a) {
            a.terms().forEach(t -> collect(t, byField, seen));
        } else if (p instanceof Predicate.Or o) {
            o.terms().forEach(t -> collect(t, byField, seen));
        } else if (p instanceof Predicate.Not n) {
            collect(n.term(), byField, seen);
        }
    }

    public Predicate predicate() {
        return predicate;
    }

    /** The predicate simplified under {@code fixed} (values by field ordinal, null where unknown). */
    public Predicate simplify(Long[] fixed) {
        long[] packet = new long[fixed.length];
        List<long[]> vectors = new ArrayList<>();
        boolean any = false;
        for (int f = 0; f < fixed.length; f++) {
            List<Predicate> onField = atoms.get(f);
            if (fixed[f] == null || onField.isEmpty()) {
                vectors.add(null);
                continue;
            }
            any = true;
            packet[f] = fixed[f];
            long[] bits = new long[(onField.size() + 63) / 64];
            for (int i = 0; i < onField.size(); i++) {
                if (PacketEvaluator.test(onField.get(i), packet)) {
                    bits[i >>> 6] |= 1L << (i & 63);
                }
            }
            vectors.add(bits);
        }
        if (!any) {
            return predicate;
        }
        long fixedMask = fixedMask(fixed);
        // A compound subterm with no atom on a fixed field simplifies to itself: skip walking it.
        return cache.computeIfAbsent(new Key(vectors), k -> Predicates.simplify(predicate, fixed,
                new IdentityHashMap<>(fieldMasks.size()), q -> {
                    Long m = fieldMasks.get(q);
                    return m != null && (m & fixedMask) == 0;
                }));
    }

    /** The fields {@code p} has atoms on, one bit per field ordinal. */
    private long mask(Predicate p) {
        Long known = fieldMasks.get(p);
        if (known != null) {
            return known;
        }
        HeaderField f = Predicates.fieldOf(p);
        long m = 0;
        if (f != null) {
            return 1L << f.ordinal();
        } else if (p instanceof Predicate.And a) {
            for (Predicate t : a.terms()) {
                m |= mask(t);
            }
        } else if (p instanceof Predicate.Or o) {
            for (Predicate t : o.terms()) {
                m |= mask(t);
            }
        } else if (p instanceof Predicate.Not n) {
            m = mask(n.term());
        }
        fieldMasks.put(p, m);
        return m;
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
