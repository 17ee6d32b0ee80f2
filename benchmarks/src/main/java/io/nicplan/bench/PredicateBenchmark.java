package io.nicplan.bench;

import io.nicplan.graph.predicate.CompiledPredicate;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.PacketFields;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.graph.predicate.PredicateLogic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Predicate reasoning on the header predicates NIC descriptions produce: 5-tuple filter atoms,
 * filter-chain path predicates with 8 and 128 filters (82599: 128 five-tuple filters), prefixes
 * against ranges; and the compiled per-flow test the classifier uses. Each benchmark is one question.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PredicateBenchmark {
    private static final long UDP = 17;
    private static final long SERVER = 0x0a000001L;

    private Predicate filter;
    private Predicate udp;
    private Predicate path8;
    private Predicate filter8;
    private Predicate path128;
    private Predicate filter128;
    private Predicate otherPath128;
    private Predicate rest128;
    private Predicate restDns128;
    private Predicate slash16;
    private Predicate classA;
    private Predicate portRange;
    private Predicate portPrefixes;
    private CompiledPredicate compiledPath128;
    private CompiledPredicate compiledFilter;
    private PacketFields flow;

    /** An exact UDP 5-tuple filter from client 10.0.1.x, as in an 82599 five-tuple table. */
    static Predicate fiveTuple(long src, long sport, long dport) {
        return Predicate.and(Predicate.eq(HeaderField.IP_PROTO, UDP), Predicate.eq(HeaderField.IP_SRC, src),
                Predicate.eq(HeaderField.IP_DST, SERVER), Predicate.eq(HeaderField.L4_SPORT, sport),
                Predicate.eq(HeaderField.L4_DPORT, dport));
    }

    static List<Predicate> filters(int n) {
        Random rnd = new Random(1);
        List<Predicate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(fiveTuple(0x0a000100L + rnd.nextInt(256), 1024 + rnd.nextInt(60000), 5000 + i));
        }
        return out;
    }

    /** Packets reaching filter {@code i}'s queue: every earlier filter missed, filter {@code i} matched. */
    static Predicate pathTo(List<Predicate> filters, int i) {
        List<Predicate> terms = new ArrayList<>();
        for (int j = 0; j < i; j++) {
            terms.add(new Predicate.Not(filters.get(j)));
        }
        terms.add(filters.get(i));
        return new Predicate.And(terms);
    }

    /** Packets no filter matched (the default queue). */
    static Predicate rest(List<Predicate> filters) {
        return new Predicate.And(filters.stream().map(f -> (Predicate) new Predicate.Not(f)).toList());
    }

    @Setup
    public void setUp() {
        List<Predicate> eight = filters(8);
        List<Predicate> all = filters(128);
        filter = all.get(0);
        udp = Predicate.eq(HeaderField.IP_PROTO, UDP);
        path8 = pathTo(eight, 5);
        filter8 = eight.get(5);
        path128 = pathTo(all, 127);
        filter128 = all.get(127);
        otherPath128 = pathTo(all, 64);
        rest128 = rest(all);
        restDns128 = Predicate.and(rest128, udp, Predicate.eq(HeaderField.L4_DPORT, 53));
        slash16 = Predicate.masked(HeaderField.IP_SRC, 0x0a010000L, 0xffff0000L);
        classA = Predicate.range(HeaderField.IP_SRC, 0x0a000000L, 0x0affffffL);
        portRange = Predicate.range(HeaderField.L4_DPORT, 1024, 65535);
        portPrefixes = Predicate.or(Predicate.masked(HeaderField.L4_DPORT, 0x8000, 0x8000), Predicate.masked(HeaderField.L4_DPORT, 0x4000, 0xc000),
                Predicate.masked(HeaderField.L4_DPORT, 0x2000, 0xe000), Predicate.masked(HeaderField.L4_DPORT, 0x1000, 0xf000),
                Predicate.masked(HeaderField.L4_DPORT, 0x0800, 0xf800), Predicate.masked(HeaderField.L4_DPORT, 0x0400, 0xfc00));
        compiledPath128 = CompiledPredicate.compile(path128);
        compiledFilter = CompiledPredicate.compile(filter128);
        flow = PredicateLogic.witness(filter128).orElseThrow();
    }

    @Benchmark
    public boolean fiveTupleImpliesProtocol() {
        return PredicateLogic.implies(filter, udp);
    }

    @Benchmark
    public boolean chain8PathImpliesItsFilter() {
        return PredicateLogic.implies(path8, filter8);
    }

    @Benchmark
    public boolean chain128PathImpliesItsFilter() {
        return PredicateLogic.implies(path128, filter128);
    }

    @Benchmark
    public boolean chain128PathsAreDisjoint() {
        return PredicateLogic.disjoint(path128, otherPath128);
    }

    /** Default queue: is there DNS traffic no filter takes? (the set grows with each overlapping filter) */
    @Benchmark
    public boolean chain128DefaultPathSatisfiable() {
        return PredicateLogic.satisfiable(restDns128);
    }

    /** Default queue: does only UDP arrive there? (no: needs the whole default set) */
    @Benchmark
    public boolean chain128DefaultPathImpliesProtocol() {
        return PredicateLogic.implies(rest128, udp);
    }

    /** Default queue on its own: every overlapping filter splits the remaining set (the quadratic case). */
    @Benchmark
    public boolean chain128DefaultPathAlone() {
        return PredicateLogic.satisfiable(rest128);
    }

    @Benchmark
    public boolean prefixImpliesRange() {
        return PredicateLogic.implies(slash16, classA);
    }

    @Benchmark
    public boolean rangeEquivalentToPrefixes() {
        return PredicateLogic.equivalent(portRange, portPrefixes);
    }

    @Benchmark
    public boolean compiledFiveTupleTest() {
        return compiledFilter.test(flow);
    }

    @Benchmark
    public boolean compiledChain128PathTest() {
        return compiledPath128.test(flow);
    }
}
