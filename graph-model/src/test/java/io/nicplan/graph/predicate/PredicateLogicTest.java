package io.nicplan.graph.predicate;

import static io.nicplan.graph.predicate.HeaderField.ETH_FCS_OK;
import static io.nicplan.graph.predicate.HeaderField.IP_DST;
import static io.nicplan.graph.predicate.HeaderField.IP_PROTO;
import static io.nicplan.graph.predicate.HeaderField.IP_SRC;
import static io.nicplan.graph.predicate.HeaderField.L4_DPORT;
import static io.nicplan.graph.predicate.HeaderField.L4_SPORT;
import static io.nicplan.graph.predicate.HeaderField.TCP_FLAGS;
import static io.nicplan.graph.predicate.Predicate.and;
import static io.nicplan.graph.predicate.Predicate.eq;
import static io.nicplan.graph.predicate.Predicate.masked;
import static io.nicplan.graph.predicate.Predicate.not;
import static io.nicplan.graph.predicate.Predicate.or;
import static io.nicplan.graph.predicate.Predicate.range;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PredicateLogicTest {
    static final long TCP = 6;
    static final long UDP = 17;
    static final long SERVER = ip(10, 0, 0, 1);

    static long ip(int a, int b, int c, int d) {
        return ((long) a << 24) | (b << 16) | (c << 8) | d;
    }

    static long prefixMask(int len) {
        return len == 0 ? 0 : 0xffffffffL & ~((1L << (32 - len)) - 1);
    }

    static Predicate fiveTuple(long proto, long src, long dst, long sport, long dport) {
        return and(eq(IP_PROTO, proto), eq(IP_SRC, src), eq(IP_DST, dst), eq(L4_SPORT, sport), eq(L4_DPORT, dport));
    }

    /** The path predicate to filter {@code i}'s queue: every earlier filter missed, filter i matched. */
    static Predicate pathTo(List<Predicate> filters, int i) {
        List<Predicate> terms = new ArrayList<>();
        for (int j = 0; j < i; j++) {
            terms.add(new Predicate.Not(filters.get(j)));
        }
        terms.add(filters.get(i));
        return new Predicate.And(terms);
    }

    static Predicate defaultPath(List<Predicate> filters) {
        List<Predicate> terms = new ArrayList<>();
        for (Predicate f : filters) {
            terms.add(new Predicate.Not(f));
        }
        return new Predicate.And(terms);
    }

    /** 128 exact UDP 5-tuple filters from clients 10.0.1.x to the server, as an 82599 chain would hold. */
    static List<Predicate> exactFilters(int n, long seed) {
        Random rnd = new Random(seed);
        List<Predicate> filters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            filters.add(fiveTuple(UDP, ip(10, 0, 1, rnd.nextInt(256)), SERVER, 1024 + rnd.nextInt(60000), 5000 + i));
        }
        return filters;
    }

    @Nested
    class RangesMasksPrefixesAndSets {
        @Test
        void alignedRangeEqualsMask() {
            assertThat(PredicateLogic.equivalent(range(L4_DPORT, 1024, 2047), masked(L4_DPORT, 0x0400, 0xfc00))).isTrue();
            assertThat(PredicateLogic.equivalent(range(L4_DPORT, 1024, 2048), masked(L4_DPORT, 0x0400, 0xfc00))).isFalse();
        }

        @Test
        void rangeEqualsItsPrefixDecomposition() {
            Predicate prefixes = or(masked(L4_DPORT, 0x8000, 0x8000), masked(L4_DPORT, 0x4000, 0xc000),
                    masked(L4_DPORT, 0x2000, 0xe000), masked(L4_DPORT, 0x1000, 0xf000),
                    masked(L4_DPORT, 0x0800, 0xf800), masked(L4_DPORT, 0x0400, 0xfc00));
            assertThat(PredicateLogic.equivalent(range(L4_DPORT, 1024, 65535), prefixes)).isTrue();
            assertThat(PredicateLogic.equivalent(range(L4_DPORT, 1023, 65535), prefixes)).isFalse();
        }

        @Test
        void longerPrefixImpliesShorterOneAndTheRangeCoveringIt() {
            Predicate slash16 = masked(IP_SRC, ip(10, 1, 0, 0), prefixMask(16));
            Predicate slash8 = masked(IP_SRC, ip(10, 0, 0, 0), prefixMask(8));
            assertThat(PredicateLogic.implies(slash16, slash8)).isTrue();
            assertThat(PredicateLogic.implies(slash8, slash16)).isFalse();
            assertThat(PredicateLogic.implies(slash16, range(IP_SRC, ip(10, 0, 0, 0), ip(10, 255, 255, 255)))).isTrue();
            assertThat(PredicateLogic.implies(slash16, range(IP_SRC, ip(10, 1, 0, 1), ip(10, 255, 255, 255)))).isFalse();
            assertThat(PredicateLogic.counterexample(slash16, range(IP_SRC, ip(10, 1, 0, 1), ip(10, 255, 255, 255))))
                    .map(p -> p.get(IP_SRC)).contains(ip(10, 1, 0, 0));
        }

        @Test
        void setEqualsDisjunctionOfEqualities() {
            assertThat(PredicateLogic.equivalent(Predicate.in(IP_PROTO, List.of(TCP, UDP)), or(eq(IP_PROTO, TCP), eq(IP_PROTO, UDP))))
                    .isTrue();
        }

        @Test
        void masksOnOneFieldCombineIntoOneMask() {
            // SYN without ACK, written as two masks and as one
            Predicate twoMasks = and(masked(TCP_FLAGS, 0x02, 0x02), masked(TCP_FLAGS, 0x00, 0x10));
            assertThat(PredicateLogic.equivalent(twoMasks, masked(TCP_FLAGS, 0x02, 0x12))).isTrue();
        }

        @Test
        void lowOctetMaskInsidePrefixIsOneAddress() {
            Predicate lowOctet = masked(IP_DST, 5, 0xff);
            Predicate slash24 = masked(IP_DST, ip(10, 0, 0, 0), prefixMask(24));
            assertThat(PredicateLogic.equivalent(and(lowOctet, slash24), eq(IP_DST, ip(10, 0, 0, 5)))).isTrue();
            assertThat(PredicateLogic.implies(lowOctet, slash24)).isFalse();
        }

        @Test
        void adjacentRangesDoNotOverlap() {
            assertThat(PredicateLogic.disjoint(range(L4_DPORT, 0, 1023), range(L4_DPORT, 1024, 2047))).isTrue();
            assertThat(PredicateLogic.disjoint(range(L4_DPORT, 0, 1024), range(L4_DPORT, 1024, 2047))).isFalse();
        }
    }

    @Nested
    class Connectives {
        final Predicate a = eq(IP_PROTO, UDP);
        final Predicate b = range(L4_DPORT, 53, 53);
        final Predicate c = masked(IP_SRC, ip(192, 168, 0, 0), prefixMask(16));

        @Test
        void deMorganHolds() {
            assertThat(PredicateLogic.equivalent(not(and(a, b, c)), or(not(a), not(b), not(c)))).isTrue();
            assertThat(PredicateLogic.equivalent(not(or(a, b, c)), and(not(a), not(b), not(c)))).isTrue();
        }

        @Test
        void doubleNegationCancels() {
            Predicate twice = new Predicate.Not(new Predicate.Not(and(a, b)));
            assertThat(PredicateLogic.equivalent(twice, and(a, b))).isTrue();
        }

        @Test
        void notEqualIsTheComplementOfEqual() {
            Predicate ne = new Predicate.Not(eq(IP_PROTO, TCP));
            assertThat(PredicateLogic.disjoint(ne, eq(IP_PROTO, TCP))).isTrue();
            assertThat(PredicateLogic.valid(or(ne, eq(IP_PROTO, TCP)))).isTrue();
            assertThat(PredicateLogic.equivalent(new Predicate.Not(eq(ETH_FCS_OK, 0)), eq(ETH_FCS_OK, 1))).isTrue();
        }

        @Test
        void contradictionsAreUnsatisfiableAndConstantsBehave() {
            assertThat(PredicateLogic.satisfiable(and(eq(IP_PROTO, TCP), eq(IP_PROTO, UDP)))).isFalse();
            assertThat(PredicateLogic.satisfiable(Predicate.FALSE)).isFalse();
            assertThat(PredicateLogic.valid(Predicate.TRUE)).isTrue();
            assertThat(PredicateLogic.valid(new Predicate.And(List.of()))).isTrue();
            assertThat(PredicateLogic.satisfiable(new Predicate.Or(List.of()))).isFalse();
            assertThat(PredicateLogic.satisfiable(new Predicate.InSet(IP_PROTO, new java.util.TreeSet<>()))).isFalse();
            assertThat(PredicateLogic.valid(masked(IP_SRC, 0, 0))).isTrue();
        }

        @Test
        void distributionOverDisjunctionHolds() {
            assertThat(PredicateLogic.equivalent(and(a, or(b, c)), or(and(a, b), and(a, c)))).isTrue();
            assertThat(PredicateLogic.equivalent(or(a, and(b, c)), and(or(a, b), or(a, c)))).isTrue();
        }

        @Test
        void simplifyFoldsAtomsOfOneField() {
            Predicate p = and(range(L4_DPORT, 0, 1000), not(eq(L4_DPORT, 0)), range(L4_DPORT, 500, 2000), eq(IP_PROTO, UDP));
            Predicate s = PredicateLogic.simplify(p);
            assertThat(s).isEqualTo(and(eq(IP_PROTO, UDP), range(L4_DPORT, 500, 1000)));
            assertThat(PredicateLogic.simplify(or(a, not(a)))).isEqualTo(Predicate.TRUE);
            assertThat(PredicateLogic.simplify(and(a, not(a)))).isEqualTo(Predicate.FALSE);
        }
    }

    @Nested
    class FilterChains {
        @Test
        void eachQueuePathImpliesItsFilterAndExcludesEveryOtherPath() {
            List<Predicate> filters = exactFilters(128, 1);
            for (int i : new int[] {0, 36, 127}) {
                Predicate path = pathTo(filters, i);
                assertThat(PredicateLogic.implies(path, filters.get(i))).isTrue();
                assertThat(PredicateLogic.implies(path, eq(IP_PROTO, UDP))).isTrue();
                assertThat(PredicateLogic.implies(path, eq(L4_DPORT, 5000 + i))).isTrue();
                assertThat(PredicateLogic.implies(path, eq(L4_DPORT, 5001 + i))).isFalse();
                for (int j : new int[] {0, 5, 64, 127}) {
                    if (j != i) {
                        assertThat(PredicateLogic.disjoint(path, pathTo(filters, j))).as("paths %d and %d", i, j).isTrue();
                    }
                }
            }
        }

        @Test
        void defaultPathMissesEveryFilterYetHoldsForOtherTraffic() {
            List<Predicate> filters = exactFilters(128, 2);
            Predicate rest = defaultPath(filters);
            assertThat(PredicateLogic.satisfiable(rest)).isTrue();
            assertThat(PredicateLogic.implies(rest, eq(IP_PROTO, UDP))).isFalse();
            assertThat(PredicateLogic.implies(and(rest, eq(IP_PROTO, UDP), eq(IP_SRC, ip(10, 0, 1, 7)), eq(IP_DST, SERVER)),
                    not(eq(L4_DPORT, 5000)))).isFalse();
            for (Predicate f : filters) {
                assertThat(PredicateLogic.disjoint(rest, f)).isTrue();
            }
            Optional<PacketFields> w = PredicateLogic.witness(rest);
            assertThat(w).isPresent();
            assertThat(PredicateLogic.test(rest, w.get())).isTrue();
        }

        @Test
        void filterShadowedByAnEarlierWildcardNeverMatches() {
            List<Predicate> filters = new ArrayList<>(exactFilters(16, 3));
            // entry 3: every UDP packet to port 53; entry 9: one DNS flow, shadowed by entry 3
            filters.set(3, and(eq(IP_PROTO, UDP), eq(L4_DPORT, 53)));
            filters.set(9, fiveTuple(UDP, ip(10, 0, 1, 9), SERVER, 40000, 53));
            assertThat(PredicateLogic.satisfiable(pathTo(filters, 9))).isFalse();
            assertThat(PredicateLogic.satisfiable(pathTo(filters, 10))).isTrue();
            // the wildcard still catches DNS from anyone
            assertThat(PredicateLogic.implies(pathTo(filters, 3), eq(L4_DPORT, 53))).isTrue();
        }

        @Test
        void orderOfNegatedFiltersDoesNotChangeThePath() {
            List<Predicate> filters = exactFilters(32, 4);
            List<Predicate> reversed = new ArrayList<>(filters.subList(0, 31));
            java.util.Collections.reverse(reversed);
            reversed.add(filters.get(31));
            assertThat(PredicateLogic.equivalent(pathTo(filters, 31), pathTo(reversed, 31))).isTrue();
        }

        @Test
        void wildcardFiltersOnDifferentFieldsKeepTheDefaultPathExact() {
            // filters that each fix a different subset of the 5-tuple overlap in many ways
            Random rnd = new Random(5);
            List<Predicate> filters = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                List<Predicate> atoms = new ArrayList<>();
                atoms.add(eq(IP_PROTO, rnd.nextBoolean() ? TCP : UDP));
                if (rnd.nextBoolean()) {
                    atoms.add(eq(IP_SRC, ip(10, 0, 1, rnd.nextInt(8))));
                }
                if (rnd.nextBoolean()) {
                    atoms.add(eq(L4_SPORT, 1000 + rnd.nextInt(8)));
                }
                atoms.add(eq(L4_DPORT, 50 + rnd.nextInt(8)));
                filters.add(new Predicate.And(atoms));
            }
            Predicate rest = defaultPath(filters);
            HeaderSpace space = HeaderSpace.of(rest);
            RandomPredicates packets = new RandomPredicates(6);
            for (int k = 0; k < 2000; k++) {
                PacketFields p = PacketFields.builder()
                        .set(IP_PROTO, rnd.nextBoolean() ? TCP : UDP)
                        .set(IP_SRC, ip(10, 0, 1, rnd.nextInt(9)))
                        .set(L4_SPORT, 999 + rnd.nextInt(10))
                        .set(L4_DPORT, 49 + rnd.nextInt(10))
                        .build();
                assertThat(space.contains(p)).as("%s", p).isEqualTo(PredicateLogic.test(rest, p));
            }
            assertThat(packets).isNotNull();
        }
    }

    @Nested
    class AgainstBruteForce {
        private static final int PREDICATES = 200;
        private static final int PACKETS = 150;

        @Test
        void headerSpaceHoldsExactlyThePacketsThatSatisfyThePredicate() {
            RandomPredicates gen = new RandomPredicates(11);
            for (int i = 0; i < PREDICATES; i++) {
                Predicate p = gen.predicate(3);
                HeaderSpace s = HeaderSpace.of(p);
                HeaderSpace c = s.complement();
                for (int k = 0; k < PACKETS; k++) {
                    PacketFields x = gen.packet();
                    boolean expected = PredicateLogic.test(p, x);
                    assertThat(s.contains(x)).as("%s on %s", p, x).isEqualTo(expected);
                    assertThat(c.contains(x)).as("complement of %s on %s", p, x).isEqualTo(!expected);
                }
            }
        }

        @Test
        void satisfiabilityIsConfirmedByWitnessesAndNeverContradictedBySamples() {
            RandomPredicates gen = new RandomPredicates(12);
            int unsat = 0;
            for (int i = 0; i < PREDICATES; i++) {
                Predicate p = gen.predicate(3);
                boolean sat = PredicateLogic.satisfiable(p);
                Optional<PacketFields> w = PredicateLogic.witness(p);
                assertThat(w.isPresent()).isEqualTo(sat);
                if (sat) {
                    assertThat(PredicateLogic.test(p, w.get())).as("witness %s of %s", w.get(), p).isTrue();
                } else {
                    unsat++;
                    for (int k = 0; k < PACKETS; k++) {
                        PacketFields x = gen.packet();
                        assertThat(PredicateLogic.test(p, x)).as("%s claimed unsatisfiable, holds on %s", p, x).isFalse();
                    }
                }
            }
            assertThat(unsat).as("some generated predicates are unsatisfiable").isGreaterThan(5);
        }

        @Test
        void implicationIsConfirmedByCounterexamplesAndNeverContradictedBySamples() {
            RandomPredicates gen = new RandomPredicates(13);
            int implied = 0;
            for (int i = 0; i < PREDICATES; i++) {
                Predicate a = gen.predicate(2);
                // b often shares a's atoms so that implication holds now and then
                Predicate b = gen.random().nextBoolean() ? or(a, gen.predicate(2)) : gen.predicate(2);
                if (gen.random().nextInt(3) == 0) {
                    a = and(a, gen.predicate(1));
                }
                boolean implies = PredicateLogic.implies(a, b);
                Optional<PacketFields> cex = PredicateLogic.counterexample(a, b);
                assertThat(cex.isEmpty()).isEqualTo(implies);
                if (implies) {
                    implied++;
                    for (int k = 0; k < PACKETS; k++) {
                        PacketFields x = gen.packet();
                        if (PredicateLogic.test(a, x)) {
                            assertThat(PredicateLogic.test(b, x)).as("%s => %s broken by %s", a, b, x).isTrue();
                        }
                    }
                } else {
                    assertThat(PredicateLogic.test(a, cex.get())).as("counterexample %s satisfies %s", cex.get(), a).isTrue();
                    assertThat(PredicateLogic.test(b, cex.get())).as("counterexample %s violates %s", cex.get(), b).isFalse();
                }
                assertThat(PredicateLogic.disjoint(a, b)).isEqualTo(!PredicateLogic.satisfiable(and(a, b)));
            }
            assertThat(implied).isGreaterThan(PREDICATES / 4);
        }

        @Test
        void simplifiedAndRebuiltPredicatesAreEquivalentAndNoLarger() {
            RandomPredicates gen = new RandomPredicates(14);
            for (int i = 0; i < PREDICATES; i++) {
                Predicate p = gen.predicate(3);
                Predicate s = PredicateLogic.simplify(p);
                Predicate rebuilt = HeaderSpace.of(p).toPredicate();
                assertThat(PredicateLogic.size(s)).isLessThanOrEqualTo(PredicateLogic.size(p));
                assertThat(PredicateLogic.equivalent(p, s)).as("simplify(%s) = %s", p, s).isTrue();
                assertThat(PredicateLogic.equivalent(p, rebuilt)).as("rebuilt(%s) = %s", p, rebuilt).isTrue();
                for (int k = 0; k < 40; k++) {
                    PacketFields x = gen.packet();
                    assertThat(PredicateLogic.test(s, x)).isEqualTo(PredicateLogic.test(p, x));
                    assertThat(PredicateLogic.test(rebuilt, x)).isEqualTo(PredicateLogic.test(p, x));
                }
            }
        }

        @Test
        void setOperationsOnSpacesMatchTheConnectives() {
            RandomPredicates gen = new RandomPredicates(15);
            for (int i = 0; i < 150; i++) {
                Predicate a = gen.predicate(2);
                Predicate b = gen.predicate(2);
                HeaderSpace sa = HeaderSpace.of(a);
                HeaderSpace sb = HeaderSpace.of(b);
                assertThat(sa.intersect(sb).sameAs(HeaderSpace.of(and(a, b)))).isTrue();
                assertThat(sa.union(sb).sameAs(HeaderSpace.of(or(a, b)))).isTrue();
                assertThat(sa.minus(sb).sameAs(HeaderSpace.of(and(a, not(b))))).isTrue();
                assertThat(sa.intersects(sb)).isEqualTo(!sa.intersect(sb).isEmpty());
                assertThat(sa.isSubsetOf(sb)).isEqualTo(PredicateLogic.implies(a, b));
                for (int k = 0; k < 40; k++) {
                    PacketFields x = gen.packet();
                    assertThat(sa.minus(sb).contains(x)).isEqualTo(PredicateLogic.test(a, x) && !PredicateLogic.test(b, x));
                }
            }
        }
    }
}
