package io.nicplan.graph.predicate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exact set of values of one header field, closed under intersection, union and complement.
 *
 * <p>Two forms, chosen by what keeps the set small:
 * <ul>
 *   <li><b>intervals</b>: sorted, disjoint, non-adjacent inclusive bounds {@code [lo0, hi0, lo1, hi1, ...]}.
 *       Values, ranges, sets, prefixes, masks with few blocks and their complements stay in this form;
 *       every operation is a linear merge, and the form is canonical.</li>
 *   <li><b>bit diagram</b> ({@link BitDiagram}): used when a mask with a don't-care bit above a care bit
 *       (e.g. {@code ip.dst & 0.0.0.255 == 5}) would need more than {@link #MAX_BLOCKS} intervals.
 *       An operation with one such operand turns the other into a diagram too (at most two nodes per
 *       bit and interval), and the result goes back to intervals whenever it has at most
 *       {@link #MAX_BLOCKS} of them.</li>
 * </ul>
 * Each form is canonical, so two sets in the same form are equal exactly when their representations
 * are; a set with few intervals may still be held as a diagram (the block count of its cubes decides),
 * which only costs a missed merge, never a wrong answer.
 */
final class FieldSet {
    /** Largest number of intervals a bit diagram is expanded into. */
    static final int MAX_BLOCKS = 256;

    private static final long[] NONE = new long[0];

    final int width;
    final long max;
    /** Interval bounds, or null in diagram form. */
    private final long[] bounds;
    /** The set as a diagram, or null in interval form; never empty or full. */
    private final BitDiagram diagram;
    private int hash;

    private FieldSet(int width, long[] bounds, BitDiagram diagram) {
        this.width = width;
        this.max = (1L << width) - 1;
        this.bounds = bounds;
        this.diagram = diagram;
    }

    static FieldSet empty(int width) {
        return new FieldSet(width, NONE, null);
    }

    static FieldSet full(int width) {
        return interval(width, 0, (1L << width) - 1);
    }

    static FieldSet interval(int width, long lo, long hi) {
        return new FieldSet(width, new long[] {lo, hi}, null);
    }

    static FieldSet point(int width, long v) {
        return interval(width, v, v);
    }

    /** The set {@code {x | x & mask == value}}. */
    static FieldSet ternary(int width, long value, long mask) {
        long full = (1L << width) - 1;
        long low = mask == 0 ? full : Long.lowestOneBit(mask) - 1;
        long free = full & ~mask & ~low;
        if (free == 0) {
            // an exact value or a prefix (the usual atoms): one aligned block
            return interval(width, value, value | low);
        }
        if (Long.bitCount(free) > Integer.numberOfTrailingZeros(MAX_BLOCKS)) {
            return new FieldSet(width, null, BitDiagram.ternary(width, value, mask));
        }
        // the aligned blocks of the ternary: one per assignment of its free bits above the lowest care bit
        long[] b = new long[2 << Long.bitCount(free)];
        int k = 0;
        long s = 0;
        do {
            long start = value | s;
            b[k++] = start;
            b[k++] = start | low;
            s = (s - free) & free;
        } while (s != 0);
        return fromUnsortedIntervals(width, b);
    }

    /** The set of the given values, in ascending order. */
    static FieldSet values(int width, long[] sorted) {
        long[] b = new long[sorted.length * 2];
        int n = 0;
        for (long v : sorted) {
            if (n > 0 && v <= b[n - 1] + 1) {
                b[n - 1] = Math.max(b[n - 1], v);
            } else {
                b[n++] = v;
                b[n++] = v;
            }
        }
        return new FieldSet(width, Arrays.copyOf(b, n), null);
    }

    /** The field set an atom describes. */
    static FieldSet of(Predicate atom) {
        return of(atom, false);
    }

    /**
     * The field set an atom describes, or its complement when {@code negated}; remembered for the atoms met
     * recently (equal atoms share one set, which never changes): the embedder asks thousands of
     * satisfiability questions about the same steering filters, and each converts every atom it meets.
     */
    static FieldSet of(Predicate atom, boolean negated) {
        Map<Predicate, FieldSet> known = negated ? KNOWN_COMPLEMENTS : KNOWN_SETS;
        FieldSet s = known.get(atom);
        if (s == null) {
            s = negated ? of(atom, false).complement() : atom.accept(OF_ATOM);
            if (known.size() >= KNOWN_ATOMS) {
                // a bound, not an eviction policy: the atoms in use come back at once
                known.clear();
            }
            known.put(atom, s);
        }
        return s;
    }

    /** How many atoms' sets (and as many complements) {@link #of(Predicate, boolean)} keeps. */
    private static final int KNOWN_ATOMS = 4096;
    private static final Map<Predicate, FieldSet> KNOWN_SETS = new ConcurrentHashMap<>();
    private static final Map<Predicate, FieldSet> KNOWN_COMPLEMENTS = new ConcurrentHashMap<>();

    private static final Predicate.Visitor<FieldSet> OF_ATOM = new Predicate.Visitor<>() {
        @Override
        public FieldSet visitMasked(Predicate.Masked m) {
            return ternary(m.field().width(), m.value(), m.mask());
        }

        @Override
        public FieldSet visitRange(Predicate.Range r) {
            return interval(r.field().width(), r.lo(), r.hi());
        }

        @Override
        public FieldSet visitInSet(Predicate.InSet s) {
            long[] vs = s.values().stream().mapToLong(Long::longValue).toArray();
            return values(s.field().width(), vs);
        }

        @Override public FieldSet visitTrue(Predicate.True p) { return notAnAtom(p); }
        @Override public FieldSet visitFalse(Predicate.False p) { return notAnAtom(p); }
        @Override public FieldSet visitAnd(Predicate.And p) { return notAnAtom(p); }
        @Override public FieldSet visitOr(Predicate.Or p) { return notAnAtom(p); }
        @Override public FieldSet visitNot(Predicate.Not p) { return notAnAtom(p); }

        private FieldSet notAnAtom(Predicate p) {
            throw new IllegalArgumentException("not an atom: " + p);
        }
    };

    boolean isIntervals() {
        return bounds != null;
    }

    /** A set in diagram form is never empty or full, so only intervals need looking at. */
    boolean isEmpty() {
        return bounds != null && bounds.length == 0;
    }

    boolean isFull() {
        return bounds != null && bounds.length == 2 && bounds[0] == 0 && bounds[1] == max;
    }

    /** True when the set holds exactly one value. */
    boolean isPoint() {
        return bounds != null && bounds.length == 2 && bounds[0] == bounds[1];
    }

    /** Number of intervals, or of diagram nodes. */
    int pieces() {
        return bounds != null ? bounds.length / 2 : diagram.size();
    }

    /** Interval bounds; only in interval form. */
    long[] bounds() {
        return bounds;
    }

    /** The smallest member of a non-empty set. */
    long sample() {
        return bounds != null ? bounds[0] : diagram.min();
    }

    boolean contains(long x) {
        if (bounds == null) {
            return diagram.contains(x);
        }
        int lo = 0;
        int hi = bounds.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (x < bounds[2 * mid]) {
                hi = mid - 1;
            } else if (x > bounds[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Whether some value in {@code lo..hi} is in this interval-form set; allocates nothing. */
    boolean meets(long lo, long hi) {
        int a = 0;
        int b = bounds.length / 2 - 1;
        // first interval ending at or after lo
        while (a <= b) {
            int mid = (a + b) >>> 1;
            if (bounds[2 * mid + 1] < lo) {
                a = mid + 1;
            } else {
                b = mid - 1;
            }
        }
        return 2 * a < bounds.length && bounds[2 * a] <= hi;
    }

    /** Whether every value of this interval-form set lies in {@code lo..hi}. */
    boolean within(long lo, long hi) {
        return bounds.length == 0 || (bounds[0] >= lo && bounds[bounds.length - 1] <= hi);
    }

    /** Whether this set and {@code o} share a value; allocates nothing when both are intervals. */
    boolean intersects(FieldSet o) {
        if (bounds != null && o.bounds != null) {
            long[] a = bounds;
            long[] b = o.bounds;
            int i = 0;
            int j = 0;
            while (i < a.length && j < b.length) {
                if (a[i + 1] < b[j]) {
                    i += 2;
                } else if (b[j + 1] < a[i]) {
                    j += 2;
                } else {
                    return true;
                }
            }
            return false;
        }
        if (isPoint()) {
            return o.contains(bounds[0]);
        }
        if (o.isPoint()) {
            return contains(o.bounds[0]);
        }
        return !intersect(o).isEmpty();
    }

    /** Whether every value of {@code o} is in this set. */
    boolean containsAll(FieldSet o) {
        if (o.isEmpty() || isFull()) {
            return true;
        }
        if (bounds != null && o.bounds != null) {
            long[] a = bounds;
            long[] b = o.bounds;
            int i = 0;
            for (int j = 0; j < b.length; j += 2) {
                while (i < a.length && a[i + 1] < b[j]) {
                    i += 2;
                }
                if (i == a.length || a[i] > b[j] || a[i + 1] < b[j + 1]) {
                    return false;
                }
            }
            return true;
        }
        if (o.isPoint()) {
            return contains(o.bounds[0]);
        }
        return o.minus(this).isEmpty();
    }

    FieldSet complement() {
        if (bounds == null) {
            return new FieldSet(width, null, diagram.not());
        }
        long[] b = new long[bounds.length + 2];
        int n = 0;
        long next = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            if (bounds[i] > next) {
                b[n++] = next;
                b[n++] = bounds[i] - 1;
            }
            next = bounds[i + 1] + 1;
        }
        if (bounds.length == 0 || bounds[bounds.length - 1] < max) {
            b[n++] = next;
            b[n++] = max;
        }
        return new FieldSet(width, Arrays.copyOf(b, n), null);
    }

    FieldSet intersect(FieldSet o) {
        if (isFull() || o.isEmpty()) {
            return o;
        }
        if (o.isFull() || isEmpty()) {
            return this;
        }
        if (bounds == null || o.bounds == null) {
            if (isPoint()) {
                return o.contains(bounds[0]) ? this : empty(width);
            }
            if (o.isPoint()) {
                return contains(o.bounds[0]) ? o : empty(width);
            }
            return fromDiagram(width, asDiagram().and(o.asDiagram()));
        }
        long[] a = bounds;
        long[] b = o.bounds;
        long[] out = new long[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long lo = Math.max(a[i], b[j]);
            long hi = Math.min(a[i + 1], b[j + 1]);
            if (lo <= hi) {
                out[n++] = lo;
                out[n++] = hi;
            }
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return new FieldSet(width, Arrays.copyOf(out, n), null);
    }

    FieldSet union(FieldSet o) {
        if (isEmpty() || o.isFull()) {
            return o;
        }
        if (o.isEmpty() || isFull()) {
            return this;
        }
        if (bounds == null || o.bounds == null) {
            return fromDiagram(width, asDiagram().or(o.asDiagram()));
        }
        long[] a = bounds;
        long[] b = o.bounds;
        long[] out = new long[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            long lo;
            long hi;
            if (j >= b.length || (i < a.length && a[i] <= b[j])) {
                lo = a[i];
                hi = a[i + 1];
                i += 2;
            } else {
                lo = b[j];
                hi = b[j + 1];
                j += 2;
            }
            if (n > 0 && lo <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], hi);
            } else {
                out[n++] = lo;
                out[n++] = hi;
            }
        }
        return new FieldSet(width, Arrays.copyOf(out, n), null);
    }

    /** This set without the values of {@code o}. */
    FieldSet minus(FieldSet o) {
        return intersect(o.complement());
    }

    private BitDiagram asDiagram() {
        return diagram != null ? diagram : BitDiagram.intervals(width, bounds);
    }

    /** A diagram's set in interval form when it has at most {@link #MAX_BLOCKS} blocks, in diagram form otherwise. */
    private static FieldSet fromDiagram(int width, BitDiagram d) {
        if (d.isEmpty()) {
            return empty(width);
        }
        if (d.isFull()) {
            return full(width);
        }
        long full = (1L << width) - 1;
        long[] b = new long[2 * MAX_BLOCKS];
        int[] n = {0};
        boolean small = d.forEachCube((value, mask) -> {
            long low = mask == 0 ? full : Long.lowestOneBit(mask) - 1;
            long free = full & ~mask & ~low;
            if (Long.bitCount(free) > Integer.numberOfTrailingZeros(MAX_BLOCKS) || n[0] + (2L << Long.bitCount(free)) > b.length) {
                return false;
            }
            long s = 0;
            do {
                long start = value | s;
                b[n[0]++] = start;
                b[n[0]++] = start | low;
                s = (s - free) & free;
            } while (s != 0);
            return true;
        });
        return small ? fromUnsortedIntervals(width, Arrays.copyOf(b, n[0])) : new FieldSet(width, null, d);
    }

    private static FieldSet fromUnsortedIntervals(int width, long[] b) {
        int count = b.length / 2;
        long[][] pairs = new long[count][];
        for (int i = 0; i < count; i++) {
            pairs[i] = new long[] {b[2 * i], b[2 * i + 1]};
        }
        Arrays.sort(pairs, (x, y) -> Long.compare(x[0], y[0]));
        long[] out = new long[b.length];
        int n = 0;
        for (long[] p : pairs) {
            if (n > 0 && p[0] <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], p[1]);
            } else {
                out[n++] = p[0];
                out[n++] = p[1];
            }
        }
        return new FieldSet(width, Arrays.copyOf(out, n), null);
    }

    /**
     * A predicate on {@code field} that holds exactly for the values of this set, written as the
     * shorter of the set itself and the negation of its complement.
     */
    Predicate toPredicate(HeaderField field) {
        if (isEmpty()) {
            return Predicate.FALSE;
        }
        if (isFull()) {
            return Predicate.TRUE;
        }
        if (bounds == null) {
            Predicate direct = cubesPredicate(field, diagram);
            Predicate inverse = Predicate.not(cubesPredicate(field, diagram.not()));
            return PredicateLogic.size(inverse) < PredicateLogic.size(direct) ? inverse : direct;
        }
        Predicate direct = intervalsPredicate(field, bounds);
        if (bounds.length > 2) {
            Predicate inverse = Predicate.not(intervalsPredicate(field, complement().bounds));
            if (PredicateLogic.size(inverse) < PredicateLogic.size(direct)) {
                return inverse;
            }
        }
        return direct;
    }

    private static Predicate cubesPredicate(HeaderField field, BitDiagram d) {
        List<Predicate> terms = new ArrayList<>();
        d.forEachCube((value, mask) -> terms.add(new Predicate.Masked(field, value, mask)));
        return Predicate.or(terms);
    }

    private static Predicate intervalsPredicate(HeaderField field, long[] b) {
        TreeSet<Long> points = new TreeSet<>();
        List<Predicate> ranges = new ArrayList<>();
        for (int i = 0; i < b.length; i += 2) {
            if (b[i] == b[i + 1]) {
                points.add(b[i]);
            } else {
                ranges.add(intervalAtom(field, b[i], b[i + 1]));
            }
        }
        List<Predicate> terms = new ArrayList<>(ranges.size() + 1);
        if (points.size() == 1) {
            terms.add(Predicate.eq(field, points.first()));
        } else if (points.size() > 1) {
            terms.add(new Predicate.InSet(field, points));
        }
        terms.addAll(ranges);
        return Predicate.or(terms);
    }

    /** An interval as an atom: a prefix for an aligned block of an address field, a range otherwise. */
    private static Predicate intervalAtom(HeaderField field, long lo, long hi) {
        long size = hi - lo + 1;
        boolean address = field.format() == HeaderField.Format.IPV4 || field.format() == HeaderField.Format.MAC;
        if (address && Long.bitCount(size) == 1 && (lo & (size - 1)) == 0) {
            return new Predicate.Masked(field, lo, field.fullMask() & ~(size - 1));
        }
        return new Predicate.Range(field, lo, hi);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FieldSet f) || f.width != width) {
            return false;
        }
        return bounds != null ? Arrays.equals(bounds, f.bounds) : diagram.equals(f.diagram);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = bounds != null ? Arrays.hashCode(bounds) : diagram.hashCode();
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        if (bounds == null) {
            StringBuilder sb = new StringBuilder("{");
            diagram.forEachCube((value, mask) -> {
                sb.append(sb.length() > 1 ? ", " : "").append("0x").append(Long.toHexString(value))
                        .append("/0x").append(Long.toHexString(mask));
                return sb.length() < 400;
            });
            return sb.append('}').toString();
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < bounds.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(bounds[i]);
            if (bounds[i + 1] != bounds[i]) {
                sb.append("..").append(bounds[i + 1]);
            }
        }
        return sb.append('}').toString();
    }
}
