package io.nicplan.graph.predicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The visitor is the exhaustiveness guard of Java 17 (no pattern switch): these tests keep it in step
 * with the sealed hierarchy, and keep the depth-safe walks right.
 */
class PredicateVisitorTest {

    /** The concrete kinds of predicate: permitted subclasses of {@link Predicate}, through sealed sub-interfaces. */
    private static Set<Class<?>> concreteKinds() {
        Set<Class<?>> out = new HashSet<>();
        Deque<Class<?>> work = new ArrayDeque<>(List.of(Predicate.class));
        while (!work.isEmpty()) {
            Class<?> c = work.pop();
            if (c.isSealed()) {
                work.addAll(Arrays.asList(c.getPermittedSubclasses()));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void everyKindOfPredicateHasExactlyOneVisitMethodWithoutDefault() {
        Set<Class<?>> kinds = concreteKinds();
        List<Method> methods = Arrays.asList(Predicate.Visitor.class.getDeclaredMethods());
        Set<Class<?>> visited = methods.stream().map(m -> m.getParameterTypes()[0]).collect(Collectors.toSet());

        assertThat(kinds).hasSize(8);
        assertThat(visited).isEqualTo(kinds);
        assertThat(methods).hasSameSizeAs(kinds);
        assertThat(methods).allSatisfy(m -> {
            assertThat(m.isDefault()).as(m.getName() + " is abstract").isFalse();
            assertThat(m.getParameterCount()).isEqualTo(1);
            assertThat(m.getName()).isEqualTo("visit" + m.getParameterTypes()[0].getSimpleName());
        });
    }

    @Test
    void everyKindIsFinalAndDispatchesToItsOwnVisitMethod() throws Exception {
        for (Class<?> kind : concreteKinds()) {
            assertThat(Modifier.isFinal(kind.getModifiers())).as(kind + " is final").isTrue();
            assertThat(kind.getDeclaredMethod("accept", Predicate.Visitor.class)).isNotNull();
        }
        HeaderField f = HeaderField.L4_DPORT;
        List<Predicate> one = List.of(Predicate.TRUE, Predicate.FALSE, Predicate.eq(f, 80), Predicate.range(f, 1, 9),
                Predicate.in(f, List.of(1L, 2L)), new Predicate.And(List.of()), new Predicate.Or(List.of()),
                new Predicate.Not(Predicate.TRUE));
        List<String> names = new ArrayList<>();
        for (Predicate p : one) {
            names.add(p.accept(new Predicate.Visitor<String>() {
                @Override public String visitTrue(Predicate.True q) { return "True"; }
                @Override public String visitFalse(Predicate.False q) { return "False"; }
                @Override public String visitMasked(Predicate.Masked q) { return "Masked"; }
                @Override public String visitRange(Predicate.Range q) { return "Range"; }
                @Override public String visitInSet(Predicate.InSet q) { return "InSet"; }
                @Override public String visitAnd(Predicate.And q) { return "And"; }
                @Override public String visitOr(Predicate.Or q) { return "Or"; }
                @Override public String visitNot(Predicate.Not q) { return "Not"; }
            }));
        }
        assertThat(names).containsExactlyElementsOf(one.stream().map(p -> p.getClass().getSimpleName()).toList());
        assertThat(concreteKinds()).isEqualTo(one.stream().map(p -> (Class<?>) p.getClass()).collect(Collectors.toSet()));
    }

    @Test
    void postOrderListsSharedSubtermsOnceChildrenFirstWithoutRecursion() {
        Predicate a = Predicate.eq(HeaderField.L4_DPORT, 1);
        Predicate b = Predicate.eq(HeaderField.L4_SPORT, 2);
        Predicate shared = new Predicate.And(List.of(a, b));
        Predicate root = new Predicate.Or(List.of(shared, new Predicate.Not(shared)));

        List<Predicate> order = PredicateWalk.postOrder(root);

        assertThat(order).hasSize(5);
        assertThat(order.get(order.size() - 1)).isSameAs(root);
        assertThat(order.indexOf(shared)).isLessThan(order.indexOf(new Predicate.Not(shared)));
        assertThat(order.indexOf(a)).isLessThan(order.indexOf(shared));
        assertThat(PredicateWalk.treeSize(root)).isEqualTo(8);
        assertThat(PredicateWalk.depth(root)).isEqualTo(4);
    }

    @Test
    void walksOverAHundredThousandDeepPredicateNeedNoStack() {
        Predicate p = Predicate.eq(HeaderField.L4_DPORT, 7);
        for (int i = 0; i < 100_000; i++) {
            p = new Predicate.And(List.of(p, Predicate.not(Predicate.eq(HeaderField.L4_SPORT, i % 65536))));
        }
        assertThat(PredicateWalk.depth(p)).isEqualTo(100_002); // 100,000 conjunctions, a negation, an atom
        assertThat(PredicateLogic.fields(p)).containsExactly(HeaderField.L4_SPORT, HeaderField.L4_DPORT);
        assertThat(PredicateLogic.size(p)).isEqualTo(1 + 3 * 100_000);
    }
}
