package io.nicplan.embed.reach;

import io.nicplan.graph.predicate.Predicate;
import java.util.List;

/**
 * Decides a predicate on one concrete packet by walking its syntax tree: the plain, obviously
 * correct evaluation the reference interpreter uses. A packet is its header fields indexed by
 * {@link io.nicplan.graph.predicate.HeaderField#ordinal()}.
 */
public final class PacketEvaluator {
    private PacketEvaluator() {
    }

    public static boolean test(Predicate p, long[] packet) {
        return p.accept(new Evaluation(packet));
    }

    /** The value of each kind on the packet. */
    private record Evaluation(long[] packet) implements Predicate.Visitor<Boolean> {
        @Override
        public Boolean visitTrue(Predicate.True p) {
            return true;
        }

        @Override
        public Boolean visitFalse(Predicate.False p) {
            return false;
        }

        @Override
        public Boolean visitMasked(Predicate.Masked m) {
            return (packet[m.field().ordinal()] & m.mask()) == m.value();
        }

        @Override
        public Boolean visitRange(Predicate.Range r) {
            long v = packet[r.field().ordinal()];
            return v >= r.lo() && v <= r.hi();
        }

        @Override
        public Boolean visitInSet(Predicate.InSet s) {
            return s.values().contains(packet[s.field().ordinal()]);
        }

        @Override
        public Boolean visitAnd(Predicate.And a) {
            // Indexed loops: the embedder tests millions of subterms per embedding, and an
            // iterator per compound term was most of what it allocated.
            List<Predicate> terms = a.terms();
            for (int i = 0; i < terms.size(); i++) {
                if (!terms.get(i).accept(this)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Boolean visitOr(Predicate.Or o) {
            List<Predicate> terms = o.terms();
            for (int i = 0; i < terms.size(); i++) {
                if (terms.get(i).accept(this)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Boolean visitNot(Predicate.Not n) {
            return !n.term().accept(this);
        }
    }
}
