package io.nicplan.embed.reach;

import io.nicplan.graph.Node;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * When each port of an F-node is active, made exact from the description's port predicates.
 *
 * <p>An F-node activates exactly one port per packet. nicplan reads a node's ports in declaration
 * order: a port with a predicate is active when its predicate holds and no earlier port's does
 * (so overlapping predicates resolve first-declared-first); a port without a predicate is active
 * when no port with one is. Several ports without predicates stand for a choice the model cannot
 * make (e.g. the ARP opcode, which has no field): analysis treats each as possible, and the
 * concrete interpreter takes the first.
 */
public final class PortSemantics {
    private PortSemantics() {
    }

    /**
     * The condition under which each port of an F-node is active, in port order (symbolic view), unmodifiable.
     * Worked out on every call: callers keep it with the graph the node is in (the reachability's wiring of a
     * graph, the engine's facts of an LPG), so it goes with that graph. A process-wide memo by node outlived the
     * short-lived nodes of each plan's configured graphs until its weak keys were cleared, and the young collections
     * of a busy service copied and promoted what it held (docs/PERFORMANCE.md "HTTP service").
     */
    public static List<Predicate> effective(Node node) {
        List<Port> ports = node.ports();
        List<Predicate> explicit = new ArrayList<>();
        for (Port p : ports) {
            if (p.hasPredicate()) {
                explicit.add(p.predicate());
            }
        }
        Predicate noneExplicit = Predicate.not(Predicate.or(explicit));
        List<Predicate> out = new ArrayList<>(ports.size());
        List<Predicate> earlier = new ArrayList<>();
        for (Port p : ports) {
            if (!p.hasPredicate()) {
                out.add(noneExplicit);
                continue;
            }
            List<Predicate> terms = new ArrayList<>();
            terms.add(p.predicate());
            for (Predicate e : earlier) {
                if (!obviouslyDisjoint(p.predicate(), e)) {
                    terms.add(Predicate.not(e));
                }
            }
            out.add(Predicate.and(terms));
            earlier.add(p.predicate());
        }
        return List.copyOf(out);
    }

    /**
     * True when the two predicates plainly exclude each other: some conjunct of one and some
     * conjunct of the other constrain the same field to disjoint value sets. A cheap syntactic
     * test; false means "not shown", not "overlapping".
     */
    public static boolean obviouslyDisjoint(Predicate a, Predicate b) {
        for (Predicate x : conjuncts(a)) {
            for (Predicate y : conjuncts(b)) {
                if (literalsDisjoint(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The conjuncts of {@code p} through nested conjunctions, in order; without recursion. */
    private static List<Predicate> conjuncts(Predicate p) {
        List<Predicate> out = new ArrayList<>();
        Deque<Predicate> work = new ArrayDeque<>();
        work.push(p);
        while (!work.isEmpty()) {
            Predicate q = work.pop();
            List<Predicate> inner = q.accept(CONJUNCTS);
            if (inner == null) {
                out.add(q);
            } else {
                for (int i = inner.size() - 1; i >= 0; i--) {
                    work.push(inner.get(i));
                }
            }
        }
        return out;
    }

    /** The terms of a conjunction; null for a predicate that is one conjunct. */
    private static final Predicate.Visitor<List<Predicate>> CONJUNCTS = new Predicate.Visitor<>() {
        @Override public List<Predicate> visitTrue(Predicate.True p) { return null; }
        @Override public List<Predicate> visitFalse(Predicate.False p) { return null; }
        @Override public List<Predicate> visitMasked(Predicate.Masked p) { return null; }
        @Override public List<Predicate> visitRange(Predicate.Range p) { return null; }
        @Override public List<Predicate> visitInSet(Predicate.InSet p) { return null; }
        @Override public List<Predicate> visitAnd(Predicate.And p) { return p.terms(); }
        @Override public List<Predicate> visitOr(Predicate.Or p) { return null; }
        @Override public List<Predicate> visitNot(Predicate.Not p) { return null; }
    };

    private static boolean literalsDisjoint(Predicate x, Predicate y) {
        if (x instanceof Predicate.Not nx && nx.term().equals(y) || y instanceof Predicate.Not ny && ny.term().equals(x)) {
            return true;
        }
        HeaderField fx = field(x);
        HeaderField fy = field(y);
        if (fx == null || fx != fy) {
            return false;
        }
        SortedSet<Long> vx = smallValueSet(x);
        SortedSet<Long> vy = smallValueSet(y);
        if (vx != null && vy != null) {
            return vx.stream().noneMatch(vy::contains);
        }
        if (x instanceof Predicate.Masked mx && y instanceof Predicate.Masked my) {
            return ((mx.value() ^ my.value()) & mx.mask() & my.mask()) != 0;
        }
        if (x instanceof Predicate.Range rx && y instanceof Predicate.Range ry) {
            return rx.hi() < ry.lo() || ry.hi() < rx.lo();
        }
        Predicate.Range r = x instanceof Predicate.Range rr ? rr : y instanceof Predicate.Range rr2 ? rr2 : null;
        SortedSet<Long> v = x instanceof Predicate.Range ? vy : vx;
        if (r != null && v != null) {
            return v.stream().noneMatch(val -> val >= r.lo() && val <= r.hi());
        }
        return false;
    }

    private static HeaderField field(Predicate p) {
        return p instanceof Predicate.Atom a ? a.field() : null;
    }

    /** The values an exact match or a set allows; null for other literals. */
    private static SortedSet<Long> smallValueSet(Predicate p) {
        if (p instanceof Predicate.Masked m && m.isExact()) {
            return new TreeSet<>(Set.of(m.value()));
        } else if (p instanceof Predicate.InSet s) {
            return s.values();
        }
        return null;
    }
}
