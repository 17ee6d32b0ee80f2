package io.nicplan.graph.predicate;

import java.util.Arrays;

/**
 * A set of values of one {@code width}-bit field as a reduced ordered binary decision diagram over its
 * bits, most significant bit first: the fallback form of {@link FieldSet} for masks whose don't-care
 * bits sit above care bits (e.g. {@code ip.dst & 0.0.0.255 == 5}), where interval lists would explode.
 *
 * <p>Immutable and canonical (nodes are numbered in depth-first post-order), so equal sets have equal
 * arrays. A mask costs one node per care bit, an interval at most two per bit; intersection and union
 * cost at most the product of the operands' sizes and usually their sum, because equal sub-diagrams are
 * shared rather than split into disjoint pieces.
 */
final class BitDiagram {
    static final int FALSE = -1;
    static final int TRUE = -2;

    final int width;
    /** Bit tested by each node; children test lower bits. */
    private final byte[] bit;
    private final int[] lo;
    private final int[] hi;
    /** Node index, or {@link #FALSE} / {@link #TRUE}. */
    private final int root;
    private int hash;

    private BitDiagram(int width, byte[] bit, int[] lo, int[] hi, int root) {
        this.width = width;
        this.bit = bit;
        this.lo = lo;
        this.hi = hi;
        this.root = root;
    }

    /** The values {@code x} with {@code x & mask == value}. */
    static BitDiagram ternary(int width, long value, long mask) {
        Builder b = new Builder(Long.bitCount(mask));
        int node = TRUE;
        for (int i = 0; i < width; i++) {
            if ((mask >>> i & 1) != 0) {
                node = (value >>> i & 1) != 0 ? b.mk(i, FALSE, node) : b.mk(i, node, FALSE);
            }
        }
        return b.extract(width, node);
    }

    /** The values of sorted, disjoint intervals {@code [lo0, hi0, lo1, hi1, ...]}. */
    static BitDiagram intervals(int width, long[] bounds) {
        Builder b = new Builder(bounds.length * width);
        int node = b.fromIntervals(bounds, 0, bounds.length / 2, width - 1, 0);
        return b.extract(width, node);
    }

    boolean isEmpty() {
        return root == FALSE;
    }

    boolean isFull() {
        return root == TRUE;
    }

    int size() {
        return bit.length;
    }

    boolean contains(long x) {
        int n = root;
        while (n >= 0) {
            n = (x >>> bit[n] & 1) != 0 ? hi[n] : lo[n];
        }
        return n == TRUE;
    }

    /** The smallest member; the set must not be empty. */
    long min() {
        long x = 0;
        int n = root;
        while (n >= 0) {
            if (reachesTrue(lo[n])) {
                n = lo[n];
            } else {
                x |= 1L << bit[n];
                n = hi[n];
            }
        }
        return x;
    }

    /** Reduced diagrams have no dead ends: every node reaches {@code TRUE}. */
    private static boolean reachesTrue(int n) {
        return n != FALSE;
    }

    BitDiagram not() {
        int[] l = new int[lo.length];
        int[] h = new int[hi.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = flip(lo[i]);
            h[i] = flip(hi[i]);
        }
        return new BitDiagram(width, bit, l, h, flip(root));
    }

    private static int flip(int n) {
        return n == TRUE ? FALSE : n == FALSE ? TRUE : n;
    }

    BitDiagram and(BitDiagram o) {
        return apply(o, true);
    }

    BitDiagram or(BitDiagram o) {
        return apply(o, false);
    }

    private BitDiagram apply(BitDiagram o, boolean and) {
        Builder b = new Builder(size() + o.size());
        int ra = b.load(this);
        int rb = b.load(o);
        int r = b.apply(ra, rb, and);
        return b.extract(width, r);
    }

    /**
     * Calls {@code visitor} with each path to {@code TRUE} as a value/mask pair (the paths are disjoint),
     * stopping and returning false as soon as the visitor does.
     */
    boolean forEachCube(CubeVisitor visitor) {
        return cubes(root, 0, 0, visitor);
    }

    private boolean cubes(int n, long value, long mask, CubeVisitor visitor) {
        if (n == FALSE) {
            return true;
        }
        if (n == TRUE) {
            return visitor.visit(value, mask);
        }
        long m = mask | (1L << bit[n]);
        return cubes(lo[n], value, m, visitor) && cubes(hi[n], value | (1L << bit[n]), m, visitor);
    }

    /** Receives one cube of a diagram; returns false to stop. */
    interface CubeVisitor {
        boolean visit(long value, long mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitDiagram d && d.width == width && d.root == root && Arrays.equals(bit, d.bit)
                && Arrays.equals(lo, d.lo) && Arrays.equals(hi, d.hi);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = ((Arrays.hashCode(bit) * 31 + Arrays.hashCode(lo)) * 31 + Arrays.hashCode(hi)) * 31 + root;
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    /** Nodes under construction, hash-consed, with the memo of one apply. */
    private static final class Builder {
        byte[] bit;
        int[] lo;
        int[] hi;
        int size;
        final LongIntMap unique;
        LongIntMap memo;

        Builder(int expected) {
            int cap = Math.max(16, expected);
            bit = new byte[cap];
            lo = new int[cap];
            hi = new int[cap];
            unique = new LongIntMap(cap);
        }

        int mk(int b, int l, int h) {
            if (l == h) {
                return l;
            }
            long key = ((long) b << 58) | ((long) (l + 2) << 29) | (h + 2);
            int found = unique.get(key);
            if (found != LongIntMap.MISSING) {
                return found;
            }
            if (size == bit.length) {
                int n = size * 2;
                bit = Arrays.copyOf(bit, n);
                lo = Arrays.copyOf(lo, n);
                hi = Arrays.copyOf(hi, n);
            }
            bit[size] = (byte) b;
            lo[size] = l;
            hi[size] = h;
            unique.put(key, size);
            return size++;
        }

        /** Copies a diagram's nodes in (children first, as stored); returns its root here. */
        int load(BitDiagram d) {
            if (d.root < 0) {
                return d.root;
            }
            int[] map = new int[d.bit.length];
            for (int i = 0; i < d.bit.length; i++) {
                int l = d.lo[i] < 0 ? d.lo[i] : map[d.lo[i]];
                int h = d.hi[i] < 0 ? d.hi[i] : map[d.hi[i]];
                map[i] = mk(d.bit[i], l, h);
            }
            return map[d.root];
        }

        int apply(int a, int b, boolean and) {
            if (and) {
                if (a == FALSE || b == FALSE) {
                    return FALSE;
                }
                if (a == TRUE) {
                    return b;
                }
                if (b == TRUE || a == b) {
                    return a;
                }
            } else {
                if (a == TRUE || b == TRUE) {
                    return TRUE;
                }
                if (a == FALSE) {
                    return b;
                }
                if (b == FALSE || a == b) {
                    return a;
                }
            }
            if (memo == null) {
                memo = new LongIntMap(64);
            }
            long key = a < b ? ((long) (a + 2) << 32) | (b + 2) : ((long) (b + 2) << 32) | (a + 2);
            int known = memo.get(key);
            if (known != LongIntMap.MISSING) {
                return known;
            }
            int ba = bit[a];
            int bb = bit[b];
            int top = Math.max(ba, bb);
            int al = ba == top ? lo[a] : a;
            int ah = ba == top ? hi[a] : a;
            int bl = bb == top ? lo[b] : b;
            int bh = bb == top ? hi[b] : b;
            int r = mk(top, apply(al, bl, and), apply(ah, bh, and));
            memo.put(key, r);
            return r;
        }

        /**
         * The diagram of the intervals {@code [from, to)} of {@code bounds} restricted to the aligned block
         * of values {@code base .. base + 2^(b+1) - 1}.
         */
        int fromIntervals(long[] bounds, int from, int to, int b, long base) {
            long end = base + (1L << (b + 1)) - 1;
            // drop intervals outside the block
            while (from < to && bounds[2 * from + 1] < base) {
                from++;
            }
            while (to > from && bounds[2 * (to - 1)] > end) {
                to--;
            }
            if (from == to) {
                return FALSE;
            }
            if (bounds[2 * from] <= base && bounds[2 * from + 1] >= end) {
                return TRUE;
            }
            long mid = base + (1L << b);
            int l = fromIntervals(bounds, from, to, b - 1, base);
            int h = fromIntervals(bounds, from, to, b - 1, mid);
            return mk(b, l, h);
        }

        /** The canonical diagram of the nodes reachable from {@code root}. */
        BitDiagram extract(int width, int root) {
            if (root < 0) {
                return new BitDiagram(width, new byte[0], new int[0], new int[0], root);
            }
            int[] order = new int[size];
            Arrays.fill(order, -3);
            int[] count = {0};
            number(root, order, count);
            int n = count[0];
            byte[] nb = new byte[n];
            int[] nl = new int[n];
            int[] nh = new int[n];
            for (int i = 0; i < size; i++) {
                int k = order[i];
                if (k >= 0) {
                    nb[k] = bit[i];
                    nl[k] = lo[i] < 0 ? lo[i] : order[lo[i]];
                    nh[k] = hi[i] < 0 ? hi[i] : order[hi[i]];
                }
            }
            return new BitDiagram(width, nb, nl, nh, order[root]);
        }

        /** Post-order numbering, low child first: children get smaller numbers than their parents. */
        private void number(int node, int[] order, int[] count) {
            if (node < 0 || order[node] != -3) {
                return;
            }
            number(lo[node], order, count);
            number(hi[node], order, count);
            order[node] = count[0]++;
        }
    }

    /** An open-addressing map from long keys (any but -1, which marks a free slot) to ints. */
    private static final class LongIntMap {
        static final int MISSING = Integer.MIN_VALUE;
        private long[] keys;
        private int[] values;
        private int size;

        LongIntMap(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
            keys = new long[cap];
            Arrays.fill(keys, -1L);
            values = new int[cap];
        }

        int get(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                long k = keys[i];
                if (k == key) {
                    return values[i];
                }
                if (k == -1L) {
                    return MISSING;
                }
            }
        }

        void put(long key, int value) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                if (keys[i] == -1L) {
                    keys[i] = key;
                    values[i] = value;
                    size++;
                    return;
                }
                if (keys[i] == key) {
                    values[i] = value;
                    return;
                }
            }
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            Arrays.fill(keys, -1L);
            values = new int[oldValues.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != -1L) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }
    }
}
