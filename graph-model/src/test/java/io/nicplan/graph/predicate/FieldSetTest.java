package io.nicplan.graph.predicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-field layer checked exhaustively: {@link FieldSet} works for any width, so on 12-bit
 * fields every operation is compared with a {@link BitSet} of all 4096 values.
 */
class FieldSetTest {
    private static final int W = 12;
    private static final int N = 1 << W;

    @Test
    void complementOfAPointIsTwoIntervals() {
        FieldSet s = FieldSet.point(16, 53).complement();
        assertThat(s.isIntervals()).isTrue();
        assertThat(s.bounds()).containsExactly(0, 52, 54, 65535);
    }

    @Test
    void lowBitMaskOnAWideFieldBecomesADiagram() {
        // ip.dst & 0.0.0.255 == 5: 2^24 blocks as intervals, one ternary
        FieldSet s = FieldSet.ternary(32, 5, 0xff);
        assertThat(s.isIntervals()).isFalse();
        assertThat(s.contains(0x0a000005L)).isTrue();
        assertThat(s.contains(0x0a000006L)).isFalse();
    }

    @Test
    void lowOctetMaskMeetsPrefixAndBecomesAPoint() {
        FieldSet lowOctet = FieldSet.ternary(32, 5, 0xff);
        FieldSet prefix = FieldSet.ternary(32, 0x0a000000L, 0xffffff00L);
        FieldSet both = lowOctet.intersect(prefix);
        assertThat(both.isIntervals()).isTrue();
        assertThat(both.bounds()).containsExactly(0x0a000005L, 0x0a000005L);
    }

    @Test
    void complementOfAMaskIsAsSmallAsTheMask() {
        // ip.src & 0.0.1.1 != 0.0.1.1: two diagram nodes, like the mask itself
        FieldSet mask = FieldSet.ternary(32, 0x101, 0x101);
        FieldSet s = mask.complement();
        assertThat(s.isIntervals()).isFalse();
        assertThat(s.pieces()).isEqualTo(2);
        assertThat(s.contains(0x0a000100L)).isTrue();
        assertThat(s.contains(0x0a000101L)).isFalse();
        assertThat(s.complement()).isEqualTo(mask);
    }

    @Test
    void negatedMaskAndNegatedPointShareStructure() {
        // !(ip.src == 10.0.0.1) && !(ip.src & 0.0.1.1 == 0.0.1.1): about one node per bit, no pieces
        FieldSet notPoint = FieldSet.point(32, 0x0a000001L).complement();
        FieldSet notMask = FieldSet.ternary(32, 0x101, 0x101).complement();
        FieldSet both = notPoint.intersect(notMask);
        assertThat(both.pieces()).isLessThanOrEqualTo(40);
        assertThat(both.contains(0x0a000001L)).isFalse();
        assertThat(both.contains(0x0a000101L)).isFalse();
        assertThat(both.contains(0x0a000100L)).isTrue();
        assertThat(both.complement().contains(0x0a000001L)).isTrue();
    }

    @Test
    void evenAndOddMasksUniteToTheFullSet() {
        FieldSet even = FieldSet.ternary(32, 0, 1);
        FieldSet odd = FieldSet.ternary(32, 1, 1);
        assertThat(even.union(odd).isFull()).isTrue();
        assertThat(even.complement()).isEqualTo(odd);
        assertThat(even.intersect(odd).isEmpty()).isTrue();
    }

    @Test
    void everyOperationAgreesWithBitSetsOnAllValuesOfATwelveBitField() {
        Random rnd = new Random(7);
        int diagramOperands = 0;
        for (int round = 0; round < 400; round++) {
            FieldSet a = randomSet(rnd);
            FieldSet b = randomSet(rnd);
            diagramOperands += (a.isIntervals() ? 0 : 1) + (b.isIntervals() ? 0 : 1);
            BitSet ba = bits(a);
            BitSet bb = bits(b);

            BitSet and = (BitSet) ba.clone();
            and.and(bb);
            BitSet or = (BitSet) ba.clone();
            or.or(bb);
            BitSet minus = (BitSet) ba.clone();
            minus.andNot(bb);
            BitSet not = (BitSet) ba.clone();
            not.flip(0, N);

            assertThat(bits(a.intersect(b))).as("%s & %s", a, b).isEqualTo(and);
            assertThat(bits(a.union(b))).as("%s | %s", a, b).isEqualTo(or);
            assertThat(bits(a.minus(b))).as("%s - %s", a, b).isEqualTo(minus);
            assertThat(bits(a.complement())).as("~%s", a).isEqualTo(not);
            assertThat(a.intersects(b)).as("%s meets %s", a, b).isEqualTo(!and.isEmpty());
            assertThat(a.containsAll(b)).as("%s contains %s", a, b).isEqualTo(minus(bb, ba).isEmpty());
            assertThat(a.isEmpty()).isEqualTo(ba.isEmpty());
            if (a.isIntervals()) {
                long lo = rnd.nextInt(N);
                long hi = Math.min(N - 1, lo + rnd.nextInt(N / 4));
                FieldSet range = FieldSet.interval(W, lo, hi);
                assertThat(a.meets(lo, hi)).as("%s meets %d..%d", a, lo, hi).isEqualTo(a.intersects(range));
                assertThat(a.within(lo, hi)).as("%s within %d..%d", a, lo, hi).isEqualTo(range.containsAll(a));
            }
            assertThat(a.isFull()).isEqualTo(ba.cardinality() == N);
            if (!ba.isEmpty()) {
                assertThat(ba.get((int) a.sample())).isTrue();
                if (a.isIntervals()) {
                    assertThat(a.sample()).isEqualTo(ba.nextSetBit(0));
                }
            }
        }
        // both representations were exercised
        assertThat(diagramOperands).isGreaterThan(40);
    }

    @Test
    void intervalFormIsCanonicalSoEqualSetsAreEqualObjects() {
        FieldSet viaRange = FieldSet.interval(16, 1024, 2047);
        FieldSet viaMask = FieldSet.ternary(16, 1024, 0xfc00);
        FieldSet viaUnion = FieldSet.interval(16, 1024, 1500).union(FieldSet.interval(16, 1501, 2047));
        assertThat(viaMask).isEqualTo(viaRange);
        assertThat(viaUnion).isEqualTo(viaRange);
        assertThat(viaUnion.hashCode()).isEqualTo(viaRange.hashCode());
    }

    private static BitSet minus(BitSet a, BitSet b) {
        BitSet r = (BitSet) a.clone();
        r.andNot(b);
        return r;
    }

    /**
     * Unions of intervals, points and masks; half of the sets are built from masks with a low care bit
     * only, which need more than {@link FieldSet#MAX_BLOCKS} intervals and so stay diagrams.
     */
    private static FieldSet randomSet(Random rnd) {
        if (rnd.nextBoolean()) {
            FieldSet s = lowBitMask(rnd);
            int more = rnd.nextInt(3);
            for (int i = 0; i < more; i++) {
                FieldSet m = lowBitMask(rnd);
                s = switch (rnd.nextInt(3)) {
                    case 0 -> s.union(m);
                    case 1 -> s.intersect(m.complement());
                    default -> s.minus(m).union(FieldSet.point(W, rnd.nextInt(N)));
                };
            }
            return s;
        }
        FieldSet s = FieldSet.empty(W);
        int parts = 1 + rnd.nextInt(3);
        for (int i = 0; i < parts; i++) {
            FieldSet part;
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    long lo = rnd.nextInt(N);
                    long hi = Math.min(N - 1, lo + rnd.nextInt(200));
                    part = FieldSet.interval(W, lo, hi);
                }
                case 1 -> part = FieldSet.point(W, rnd.nextInt(N));
                default -> {
                    long mask = rnd.nextInt(N);
                    part = FieldSet.ternary(W, rnd.nextInt(N) & mask, mask);
                }
            }
            s = rnd.nextBoolean() ? s.union(part) : s.union(part.complement()).intersect(randomInterval(rnd));
        }
        return s;
    }

    /** A mask with bit 0 and one or two high bits cared for: 2^8 or more blocks. */
    private static FieldSet lowBitMask(Random rnd) {
        long mask = 1L | (1L << (W - 1 - rnd.nextInt(2)));
        if (rnd.nextBoolean()) {
            mask |= 1L << (1 + rnd.nextInt(3));
        }
        return FieldSet.ternary(W, rnd.nextInt(N) & mask, mask);
    }

    private static FieldSet randomInterval(Random rnd) {
        long lo = rnd.nextInt(N / 2);
        return FieldSet.interval(W, lo, lo + rnd.nextInt(N / 2));
    }

    private static BitSet bits(FieldSet s) {
        BitSet b = new BitSet(N);
        for (int v = 0; v < N; v++) {
            if (s.contains(v)) {
                b.set(v);
            }
        }
        return b;
    }
}
