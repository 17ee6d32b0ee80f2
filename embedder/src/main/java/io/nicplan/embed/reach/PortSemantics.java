package io.nicplan.embed.reach;

import io.nicplan.graph.Node;
import io.nicplan.graph.Port;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
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

    /** The condition under which each port of an F-node is active, in port order (symbolic view). */
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
        return out;
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

    private static List<Predicate> conjuncts(Predicate p) {
        if (p instanceof Predicate.And and) {
            List<Predicate> out = new ArrayList<>();
            and.terms().forEach(t -> out.addAll(conjuncts(t)));
            return out;
        }
        return List.of(p);
    }

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
        if (p instanceof Predicate.Masked m) {
            return m.field();
        } else if (p instanceof Predicate.Range r) {
            return r.field();
        } else if (p instanceof Predicate.InSet s) {
            return s.field();
        }
        return null;
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
