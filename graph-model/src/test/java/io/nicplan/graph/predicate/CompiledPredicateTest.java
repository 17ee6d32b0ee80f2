package io.nicplan.graph.predicate;

import static io.nicplan.graph.predicate.HeaderField.IP_PROTO;
import static io.nicplan.graph.predicate.HeaderField.L4_DPORT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledPredicateTest {

    @Test
    void compiledFormAgreesWithTheTreeWalkOnRandomPredicatesAndPackets() {
        RandomPredicates gen = new RandomPredicates(21);
        for (int i = 0; i < 300; i++) {
            Predicate p = gen.predicate(4);
            CompiledPredicate c = CompiledPredicate.compile(p);
            for (int k = 0; k < 100; k++) {
                PacketFields x = gen.packet();
                assertThat(c.test(x)).as("%s on %s", p, x).isEqualTo(PredicateLogic.test(p, x));
            }
        }
    }

    @Test
    void eachAtomIsEmittedOnceEvenUnderNegationAndNesting() {
        Predicate udp = Predicate.eq(IP_PROTO, 17);
        Predicate dns = Predicate.eq(L4_DPORT, 53);
        Predicate p = Predicate.or(Predicate.and(udp, new Predicate.Not(dns)), new Predicate.Not(Predicate.or(udp, dns)));
        assertThat(CompiledPredicate.compile(p).size()).isEqualTo(4);
    }

    @Test
    void constantsCompileToNoTests() {
        assertThat(CompiledPredicate.compile(Predicate.TRUE).test(PacketFields.zero())).isTrue();
        assertThat(CompiledPredicate.compile(Predicate.FALSE).test(PacketFields.zero())).isFalse();
        assertThat(CompiledPredicate.compile(new Predicate.And(List.of())).size()).isZero();
        assertThat(CompiledPredicate.compile(new Predicate.Or(List.of())).test(PacketFields.zero())).isFalse();
    }

    @Test
    void filterChainPathSelectsOnlyItsFlow() {
        List<Predicate> filters = PredicateLogicTest.exactFilters(128, 9);
        CompiledPredicate path = CompiledPredicate.compile(PredicateLogicTest.pathTo(filters, 37));
        PacketFields flow37 = PredicateLogic.witness(filters.get(37)).orElseThrow();
        PacketFields flow38 = PredicateLogic.witness(filters.get(38)).orElseThrow();
        assertThat(path.test(flow37)).isTrue();
        assertThat(path.test(flow38)).isFalse();
        assertThat(path.test(flow37.with(L4_DPORT, 1))).isFalse();
    }
}
