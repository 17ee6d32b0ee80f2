package io.nicplan.graph.predicate;

import static io.nicplan.graph.predicate.HeaderField.ETH_DST;
import static io.nicplan.graph.predicate.HeaderField.ETH_TYPE;
import static io.nicplan.graph.predicate.HeaderField.IP_CSUM_OK;
import static io.nicplan.graph.predicate.HeaderField.IP_DST;
import static io.nicplan.graph.predicate.HeaderField.IP_PROTO;
import static io.nicplan.graph.predicate.HeaderField.IP_SRC;
import static io.nicplan.graph.predicate.HeaderField.L4_DPORT;
import static io.nicplan.graph.predicate.HeaderField.TCP_FLAGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredicateTextTest {
    private static final Predicate UDP = Predicate.eq(IP_PROTO, 17);
    private static final Predicate DNS = Predicate.eq(L4_DPORT, 53);
    private static final Predicate LOCAL = Predicate.masked(IP_DST, 0x0a000000L, 0xff000000L);

    private static void printsAndParsesBack(Predicate p, String text) {
        assertThat(PredicateText.format(p)).isEqualTo(text);
        assertThat(DocsGrammarParser.parse(text)).isEqualTo(p);
        assertThat(PredicateText.isPrintable(p)).isTrue();
    }

    @Test
    void atomsPrintInTheirShortestForm() {
        printsAndParsesBack(UDP, "ip.proto == udp");
        printsAndParsesBack(Predicate.eq(IP_DST, 0x0a000001L), "ip.dst == 10.0.0.1");
        printsAndParsesBack(Predicate.eq(ETH_DST, 0xffffffffffffL), "eth.dst == ff:ff:ff:ff:ff:ff");
        printsAndParsesBack(Predicate.eq(ETH_TYPE, 0x88cc), "eth.type == 0x88cc");
        printsAndParsesBack(Predicate.eq(IP_CSUM_OK, 1), "ip.csum_ok == 1");
        printsAndParsesBack(LOCAL, "ip.dst in 10.0.0.0/8");
        printsAndParsesBack(Predicate.masked(IP_SRC, 0, 0), "ip.src in 0.0.0.0/0");
        printsAndParsesBack(Predicate.masked(IP_SRC, 5, 0xff), "ip.src & 0.0.0.255 == 0.0.0.5");
        printsAndParsesBack(Predicate.masked(TCP_FLAGS, 0x02, 0x12), "tcp.flags & 0x12 == syn");
        printsAndParsesBack(Predicate.masked(L4_DPORT, 0x0400, 0xfc00), "l4.dport & 0xfc00 == 0x0400");
        printsAndParsesBack(Predicate.masked(ETH_DST, 0x010000000000L, 0x010000000000L),
                "eth.dst & 01:00:00:00:00:00 == 01:00:00:00:00:00");
        printsAndParsesBack(Predicate.range(L4_DPORT, 1024, 65535), "l4.dport in 1024..65535");
        printsAndParsesBack(Predicate.range(IP_PROTO, 6, 6), "ip.proto in 6..6");
        printsAndParsesBack(Predicate.range(IP_SRC, 0x0a000000L, 0x0a0000ffL), "ip.src in 10.0.0.0..10.0.0.255");
        printsAndParsesBack(Predicate.in(IP_PROTO, List.of(17L, 6L)), "ip.proto in {tcp, udp}");
        printsAndParsesBack(Predicate.in(L4_DPORT, List.of(53L)), "l4.dport in {53}");
    }

    @Test
    void negationsPrintAsNotEqualOrBang() {
        printsAndParsesBack(new Predicate.Not(UDP), "ip.proto != udp");
        printsAndParsesBack(new Predicate.Not(LOCAL), "!(ip.dst in 10.0.0.0/8)");
        printsAndParsesBack(new Predicate.Not(new Predicate.Not(UDP)), "!(ip.proto != udp)");
        printsAndParsesBack(new Predicate.Not(Predicate.TRUE), "!true");
        printsAndParsesBack(new Predicate.Not(new Predicate.And(List.of(UDP, DNS))), "!(ip.proto == udp && l4.dport == 53)");
    }

    @Test
    void junctionsUseParenthesesOnlyWhereNeeded() {
        printsAndParsesBack(new Predicate.And(List.of(UDP, DNS, LOCAL)), "ip.proto == udp && l4.dport == 53 && ip.dst in 10.0.0.0/8");
        printsAndParsesBack(new Predicate.Or(List.of(new Predicate.And(List.of(UDP, DNS)), LOCAL)),
                "ip.proto == udp && l4.dport == 53 || ip.dst in 10.0.0.0/8");
        printsAndParsesBack(new Predicate.And(List.of(new Predicate.Or(List.of(UDP, DNS)), LOCAL)),
                "(ip.proto == udp || l4.dport == 53) && ip.dst in 10.0.0.0/8");
        // nesting of the same connective is kept, since a && b && c parses as one And of three
        printsAndParsesBack(new Predicate.And(List.of(UDP, new Predicate.And(List.of(DNS, LOCAL)))),
                "ip.proto == udp && (l4.dport == 53 && ip.dst in 10.0.0.0/8)");
        printsAndParsesBack(new Predicate.Or(List.of(new Predicate.Or(List.of(UDP, DNS)), LOCAL)),
                "(ip.proto == udp || l4.dport == 53) || ip.dst in 10.0.0.0/8");
        printsAndParsesBack(Predicate.TRUE, "true");
        printsAndParsesBack(new Predicate.And(List.of(Predicate.FALSE, UDP)), "false && ip.proto == udp");
    }

    @Test
    void degenerateFormsPrintAsEquivalentText() {
        Predicate emptyAnd = new Predicate.And(List.of());
        Predicate single = new Predicate.Or(List.of(new Predicate.Or(List.of(UDP, DNS))));
        Predicate withSingle = new Predicate.And(List.of(LOCAL, single));
        Predicate emptySet = new Predicate.InSet(IP_PROTO, new java.util.TreeSet<>());
        assertThat(PredicateText.format(emptyAnd)).isEqualTo("true");
        assertThat(PredicateText.format(emptySet)).isEqualTo("false");
        assertThat(PredicateText.format(withSingle)).isEqualTo("ip.dst in 10.0.0.0/8 && (ip.proto == udp || l4.dport == 53)");
        for (Predicate p : List.of(emptyAnd, single, withSingle, emptySet)) {
            assertThat(PredicateText.isPrintable(p)).isFalse();
            assertThat(PredicateLogic.equivalent(DocsGrammarParser.parse(PredicateText.format(p)), p)).isTrue();
        }
    }

    @Test
    void randomPredicatesRoundTripExactly() {
        RandomPredicates gen = new RandomPredicates(31);
        for (int i = 0; i < 500; i++) {
            Predicate p = gen.predicate(4);
            String text = PredicateText.format(p);
            assertThat(PredicateText.isPrintable(p)).isTrue();
            assertThat(DocsGrammarParser.parse(text)).as(text).isEqualTo(p);
        }
    }

    @Test
    void comparisonOperatorsOfTheGrammarMapToRanges() {
        assertThat(DocsGrammarParser.parse("l4.dport < 1024")).isEqualTo(Predicate.range(L4_DPORT, 0, 1023));
        assertThat(DocsGrammarParser.parse("l4.dport >= 1024")).isEqualTo(Predicate.range(L4_DPORT, 1024, 65535));
        assertThat(PredicateText.format(DocsGrammarParser.parse("l4.dport > 1023"))).isEqualTo("l4.dport in 1024..65535");
    }
}
