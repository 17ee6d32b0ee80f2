package io.nicplan.unicorn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.predicate.Ipv6Field;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.graph.predicate.PredicateLogic;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.Ipv6Prefix;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.SourceResolver;
import org.junit.jupiter.api.Test;

/** IPv6 addresses and prefixes in predicate text: {@code ip6.src == ADDR}, {@code ip6.dst in PREFIX/LEN}. */
class Ipv6PredicateTest {

    private static ParseResult parse(String expression) {
        return Unicorn.parse("v6.unicorn", "graph G { node A { attr \"source\" port p[] when " + expression + " } }",
                ParseOptions.defaults().withResolver(SourceResolver.none()));
    }

    private static Predicate predicate(String expression) {
        ParseResult r = parse(expression);
        assertThat(r.errors()).as(r.render()).isEmpty();
        DataflowGraph g = r.graph().orElseThrow();
        return g.require("A").port("p").orElseThrow().predicate();
    }

    @Test
    void addressesAndPrefixesBecomeConjunctionsOverTheWords() {
        assertThat(predicate("ip6.src == 2001:db8::1")).isEqualTo(Ipv6Field.SRC.eq(Ipv6Address.parse("2001:db8::1")));
        assertThat(predicate("ip6.dst in fe80::/10")).isEqualTo(Ipv6Field.DST.in(Ipv6Prefix.parse("fe80::/10")));
        assertThat(predicate("ip6.dst == 2001:db8:0:0:0:0:0:2"))
                .isEqualTo(Ipv6Field.DST.eq(Ipv6Address.parse("2001:db8::2")));
        assertThat(predicate("ip6.src != ::")).isEqualTo(Predicate.not(Ipv6Field.SRC.eq(Ipv6Address.UNSPECIFIED)));
        assertThat(PredicateLogic.implies(predicate("eth.type == ipv6 && ip6.dst in ff02::1:ff00:0/104"),
                predicate("ip6.dst in ff00::/8"))).isTrue();
    }

    @Test
    void macAddressesStillLexAsMacs() {
        assertThat(predicate("eth.dst == 33:33:00:00:00:01")).isEqualTo(
                Predicate.eq(io.nicplan.graph.predicate.HeaderField.ETH_DST, 0x333300000001L));
    }

    @Test
    void mistakesAreReportedWhereTheyAre() {
        assertThat(parse("ip.src == 2001:db8::1").render()).contains("v6.unicorn:1:")
                .contains("needs an IPv6 address field (ip6.src, ip6.dst), not 'ip.src'");
        assertThat(parse("ip6.src in 2001:db8::1/32").render())
                .contains("has bits set after the prefix; did you mean 2001:db8::/32?");
        assertThat(parse("ip6.src in ::/129").render()).contains("prefix length 129 is not in 0..128");
        assertThat(parse("ip6.src == 1:2:3::4:5:6:7:8").render()).contains("at least one zero group");
    }
}
