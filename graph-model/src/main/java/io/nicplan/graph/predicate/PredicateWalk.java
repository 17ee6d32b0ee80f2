package io.nicplan.graph.predicate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Walks over predicate trees that take no stack: for predicates whose depth a user controls (a
 * description's nesting, a path through thousands of filters), where recursion would end in a
 * {@link StackOverflowError}.
 *
 * <p>{@link #postOrder} lists the distinct sub-predicates (by identity, since path predicates are DAGs
 * that share their prefixes) children first, so a caller can compute a value per node from its
 * children's values in one loop. What a node's children are is said once, by {@link #children}.
 */
public final class PredicateWalk {
    private static final Predicate.Visitor<List<Predicate>> CHILDREN = new Predicate.Visitor<>() {
        @Override public List<Predicate> visitTrue(Predicate.True p) { return List.of(); }
        @Override public List<Predicate> visitFalse(Predicate.False p) { return List.of(); }
        @Override public List<Predicate> visitMasked(Predicate.Masked p) { return List.of(); }
        @Override public List<Predicate> visitRange(Predicate.Range p) { return List.of(); }
        @Override public List<Predicate> visitInSet(Predicate.InSet p) { return List.of(); }
        @Override public List<Predicate> visitAnd(Predicate.And p) { return p.terms(); }
        @Override public List<Predicate> visitOr(Predicate.Or p) { return p.terms(); }
        @Override public List<Predicate> visitNot(Predicate.Not p) { return List.of(p.term()); }
    };

    private PredicateWalk() {
    }

    /** The direct sub-predicates of {@code p}: the terms of a conjunction or disjunction, the negated term. */
    public static List<Predicate> children(Predicate p) {
        return p.accept(CHILDREN);
    }

    /** {@link #postOrder(Collection, java.util.function.Predicate)} of one root, descending everywhere. */
    public static List<Predicate> postOrder(Predicate root) {
        return postOrder(List.of(root), q -> false);
    }

    /**
     * The sub-predicates of {@code roots} (roots included), each distinct object once, every one after
     * its children; without recursion. The walk does not descend into a predicate {@code skip} accepts
     * (it is listed, its children are not, unless reached another way): callers skip what they already
     * know.
     */
    public static List<Predicate> postOrder(Collection<? extends Predicate> roots, java.util.function.Predicate<Predicate> skip) {
        List<Predicate> out = new ArrayList<>();
        Map<Predicate, Boolean> seen = new IdentityHashMap<>();
        for (Predicate root : roots) {
            walk(root, q -> seen.put(q, Boolean.TRUE) != null, skip, out::add);
        }
        return out;
    }

    /**
     * Visits the sub-predicates of {@code root} (root included) every one after its children, without
     * recursion, for a caller that works out one value per sub-predicate into a memo: {@code known} says
     * which it has (the walk neither visits them nor descends into them), and {@code visit} must make its
     * argument known. Each sub-predicate is visited once, and the walk keeps no list or set of its own:
     * in a depth-first walk of a DAG a sub-predicate met again has been visited already.
     */
    public static void postOrderUnknown(Predicate root, java.util.function.Predicate<Predicate> known, Consumer<Predicate> visit) {
        walk(root, known, null, visit);
    }

    /**
     * The depth-first walk both post-orders share: a predicate {@code passed} accepts is passed over; any
     * other is walked (its children too unless {@code leaf}, when given, accepts it) and then visited.
     */
    private static void walk(Predicate root, java.util.function.Predicate<Predicate> passed, java.util.function.Predicate<Predicate> leaf,
                             Consumer<Predicate> visit) {
        if (passed.test(root)) {
            return;
        }
        // The stack of frames, in three arrays (a frame object per node was a tenth of what the walks
        // allocated): a predicate, its children, the index of the next child to visit.
        Predicate[] nodes = new Predicate[8];
        List<?>[] kids = new List<?>[8];
        int[] next = new int[8];
        int top = 0;
        nodes[0] = root;
        kids[0] = leaf != null && leaf.test(root) ? List.of() : children(root);
        while (top >= 0) {
            if (next[top] < kids[top].size()) {
                Predicate child = (Predicate) kids[top].get(next[top]++);
                if (!passed.test(child)) {
                    if (++top == nodes.length) {
                        nodes = Arrays.copyOf(nodes, 2 * top);
                        kids = Arrays.copyOf(kids, 2 * top);
                        next = Arrays.copyOf(next, 2 * top);
                    }
                    nodes[top] = child;
                    kids[top] = leaf != null && leaf.test(child) ? List.of() : children(child);
                    next[top] = 0;
                }
            } else {
                visit.accept(nodes[top]);
                nodes[top] = null;
                kids[top] = null;
                top--;
            }
        }
    }

    /** Number of nodes of the tree {@code p} (a shared subterm counts once per occurrence); no recursion. */
    public static long treeSize(Predicate p) {
        long size = 0;
        Deque<Predicate> work = new ArrayDeque<>();
        work.push(p);
        while (!work.isEmpty()) {
            Predicate q = work.pop();
            size++;
            for (Predicate c : children(q)) {
                work.push(c);
            }
        }
        return size;
    }

    /** The depth of the tree {@code p} (an atom or constant has depth 1); no recursion. */
    public static int depth(Predicate p) {
        Map<Predicate, Integer> depth = new IdentityHashMap<>();
        for (Predicate q : postOrder(p)) {
            int d = 0;
            for (Predicate c : children(q)) {
                d = Math.max(d, depth.get(c));
            }
            depth.put(q, d + 1);
        }
        return depth.get(p);
    }
}
