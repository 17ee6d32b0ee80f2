package io.nicplan.graph.predicate;

import java.util.Arrays;
import java.util.List;

/**
 * A predicate compiled for fast, allocation-free evaluation on concrete packets (the classifier's
 * per-flow test).
 *
 * <p>The predicate becomes a decision graph over its atoms, stored in flat arrays: each atom test
 * has a successor for "holds" and one for "fails", so {@code &&}, {@code ||} and {@code !} cost only
 * jumps and evaluation short-circuits exactly like the predicate would. Compilation is linear in the
 * predicate's size (each atom is emitted once); a test visits at most one node per atom and does one
 * comparison per node (a binary search for sets).
 */
public final class CompiledPredicate {
    private static final int ACCEPT = -1;
    private static final int REJECT = -2;
    private static final byte MASKED = 0;
    private static final byte RANGE = 1;
    private static final byte SET = 2;

    private final Predicate source;
    private final int entry;
    private final byte[] kind;
    private final int[] field;
    /** MASKED: value; RANGE: lo; SET: offset into {@link #pool}. */
    private final long[] a;
    /** MASKED: mask; RANGE: hi; SET: end offset (exclusive) into {@link #pool}. */
    private final long[] b;
    private final int[] onTrue;
    private final int[] onFalse;
    private final long[] pool;

    private CompiledPredicate(Predicate source, int entry, Emitter e) {
        this.source = source;
        this.entry = entry;
        this.kind = Arrays.copyOf(e.kind, e.size);
        this.field = Arrays.copyOf(e.field, e.size);
        this.a = Arrays.copyOf(e.a, e.size);
        this.b = Arrays.copyOf(e.b, e.size);
        this.onTrue = Arrays.copyOf(e.onTrue, e.size);
        this.onFalse = Arrays.copyOf(e.onFalse, e.size);
        this.pool = Arrays.copyOf(e.pool, e.poolSize);
    }

    public static CompiledPredicate compile(Predicate predicate) {
        Emitter e = new Emitter();
        int entry = e.emit(predicate, ACCEPT, REJECT);
        return new CompiledPredicate(predicate, entry, e);
    }

    /** The predicate this was compiled from. */
    public Predicate source() {
        return source;
    }

    /** Number of atom tests in the decision graph. */
    public int size() {
        return kind.length;
    }

    /** Whether the packet satisfies the predicate. Allocates nothing. */
    public boolean test(PacketFields packet) {
        long[] v = packet.raw();
        int pc = entry;
        while (pc >= 0) {
            long x = v[field[pc]];
            boolean holds;
            byte k = kind[pc];
            if (k == MASKED) {
                holds = (x & b[pc]) == a[pc];
            } else if (k == RANGE) {
                holds = x >= a[pc] && x <= b[pc];
            } else {
                holds = Arrays.binarySearch(pool, (int) a[pc], (int) b[pc], x) >= 0;
            }
            pc = holds ? onTrue[pc] : onFalse[pc];
        }
        return pc == ACCEPT;
    }

    @Override
    public String toString() {
        return "compiled(" + kind.length + " tests) " + source;
    }

    /** Appends atom tests; each call returns the entry node of the code for one predicate. */
    private static final class Emitter {
        byte[] kind = new byte[8];
        int[] field = new int[8];
        long[] a = new long[8];
        long[] b = new long[8];
        int[] onTrue = new int[8];
        int[] onFalse = new int[8];
        long[] pool = new long[8];
        int size;
        int poolSize;

        /** Emits {@code p} so that it continues at {@code yes} when it holds and at {@code no} otherwise. */
        int emit(Predicate p, int yes, int no) {
            return p.accept(new Emit(yes, no));
        }

        /** The code for one predicate between its two successors; returns its entry node. */
        private final class Emit implements Predicate.Visitor<Integer> {
            private final int yes;
            private final int no;

            Emit(int yes, int no) {
                this.yes = yes;
                this.no = no;
            }

            @Override
            public Integer visitTrue(Predicate.True p) {
                return yes;
            }

            @Override
            public Integer visitFalse(Predicate.False p) {
                return no;
            }

            @Override
            public Integer visitNot(Predicate.Not p) {
                return emit(p.term(), no, yes);
            }

            @Override
            public Integer visitAnd(Predicate.And and) {
                // last term first: each term's "holds" successor is the entry of the next term
                List<Predicate> terms = and.terms();
                int next = yes;
                for (int i = terms.size() - 1; i >= 0; i--) {
                    next = emit(terms.get(i), next, no);
                }
                return next;
            }

            @Override
            public Integer visitOr(Predicate.Or or) {
                List<Predicate> terms = or.terms();
                int next = no;
                for (int i = terms.size() - 1; i >= 0; i--) {
                    next = emit(terms.get(i), yes, next);
                }
                return next;
            }

            @Override
            public Integer visitMasked(Predicate.Masked m) {
                int node = add(yes, no);
                kind[node] = MASKED;
                field[node] = m.field().ordinal();
                a[node] = m.value();
                b[node] = m.mask();
                return node;
            }

            @Override
            public Integer visitRange(Predicate.Range r) {
                int node = add(yes, no);
                kind[node] = RANGE;
                field[node] = r.field().ordinal();
                a[node] = r.lo();
                b[node] = r.hi();
                return node;
            }

            @Override
            public Integer visitInSet(Predicate.InSet s) {
                int node = add(yes, no);
                kind[node] = SET;
                field[node] = s.field().ordinal();
                a[node] = poolSize;
                for (long v : s.values()) {
                    if (poolSize == pool.length) {
                        pool = Arrays.copyOf(pool, poolSize * 2);
                    }
                    pool[poolSize++] = v;
                }
                b[node] = poolSize;
                return node;
            }
        }

        private int add(int yes, int no) {
            if (size == kind.length) {
                int n = size * 2;
                kind = Arrays.copyOf(kind, n);
                field = Arrays.copyOf(field, n);
                a = Arrays.copyOf(a, n);
                b = Arrays.copyOf(b, n);
                onTrue = Arrays.copyOf(onTrue, n);
                onFalse = Arrays.copyOf(onFalse, n);
            }
            onTrue[size] = yes;
            onFalse[size] = no;
            return size++;
        }
    }
}
