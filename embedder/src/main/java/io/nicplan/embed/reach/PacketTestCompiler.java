package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.Predicate;
import java.util.List;

/** Compiles predicates into {@link PacketTest}s: the closure for each kind of predicate. */
final class PacketTestCompiler implements Predicate.Visitor<PacketTest> {
    static final PacketTestCompiler INSTANCE = new PacketTestCompiler();

    private PacketTestCompiler() {
    }

    @Override
    public PacketTest visitTrue(Predicate.True p) {
        return PacketTest.ALWAYS;
    }

    @Override
    public PacketTest visitFalse(Predicate.False p) {
        return PacketTest.NEVER;
    }

    @Override
    public PacketTest visitMasked(Predicate.Masked m) {
        int f = m.field().ordinal();
        long mask = m.mask();
        long value = m.value();
        return packet -> (packet[f] & mask) == value;
    }

    @Override
    public PacketTest visitRange(Predicate.Range r) {
        int f = r.field().ordinal();
        long lo = r.lo();
        long hi = r.hi();
        return packet -> packet[f] >= lo && packet[f] <= hi;
    }

    @Override
    public PacketTest visitInSet(Predicate.InSet s) {
        int f = s.field().ordinal();
        long[] values = s.values().stream().mapToLong(Long::longValue).toArray();
        return packet -> java.util.Arrays.binarySearch(values, packet[f]) >= 0;
    }

    @Override
    public PacketTest visitAnd(Predicate.And a) {
        PacketTest[] terms = compileAll(a.terms());
        return packet -> {
            for (PacketTest t : terms) {
                if (!t.test(packet)) {
                    return false;
                }
            }
            return true;
        };
    }

    @Override
    public PacketTest visitOr(Predicate.Or o) {
        PacketTest[] terms = compileAll(o.terms());
        return packet -> {
            for (PacketTest t : terms) {
                if (t.test(packet)) {
                    return true;
                }
            }
            return false;
        };
    }

    @Override
    public PacketTest visitNot(Predicate.Not n) {
        PacketTest inner = n.term().accept(this);
        return packet -> !inner.test(packet);
    }

    private PacketTest[] compileAll(List<Predicate> terms) {
        PacketTest[] out = new PacketTest[terms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = terms.get(i).accept(this);
        }
        return out;
    }
}
