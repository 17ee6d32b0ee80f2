package io.nicplan.graph.predicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.net.Ipv6Address;
import io.nicplan.net.Ipv6Prefix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Ipv6FieldTest {

    private static Predicate src(String prefix) {
        return Ipv6Field.SRC.in(Ipv6Prefix.parse(prefix));
    }

    @Test
    void prefixesOver128BitsImplyAndExcludeAsPrefixesDo() {
        assertThat(PredicateLogic.implies(src("2001:db8:1::/48"), src("2001:db8::/32"))).isTrue();
        assertThat(PredicateLogic.implies(src("2001:db8::/32"), src("2001:db8:1::/48"))).isFalse();
        assertThat(PredicateLogic.disjoint(src("2001:db8:1::/48"), src("2001:db8:2::/48"))).isTrue();
        // A prefix that ends inside a word (/65, /100) and one that ends on a word boundary (/64, /96).
        assertThat(PredicateLogic.implies(src("2001:db8::8000:0:0:0/65"), src("2001:db8::/64"))).isTrue();
        assertThat(PredicateLogic.disjoint(src("2001:db8::8000:0:0:0/65"), src("2001:db8::/65"))).isTrue();
        assertThat(PredicateLogic.implies(
                Ipv6Field.SRC.eq(Ipv6Address.parse("2001:db8::1:2:3")), src("2001:db8::1:0:0/100"))).isTrue();
        assertThat(src("::/0")).isEqualTo(Predicate.TRUE);
        assertThat(PredicateLogic.equivalent(src("2001:db8::1/128"), Ipv6Field.SRC.eq(Ipv6Address.parse("2001:db8::1"))))
                .isTrue();
    }

    @Test
    void witnessOfAPrefixLiesInThePrefixAndReadsBackAsAnAddress() {
        Ipv6Prefix p = Ipv6Prefix.parse("fe80::/10");
        Predicate inside = Predicate.and(Ipv6Field.DST.in(p),
                Predicate.not(Ipv6Field.DST.eq(Ipv6Address.parse("fe80::"))));
        PacketFields w = PredicateLogic.witness(inside).orElseThrow();
        assertThat(p.contains(Ipv6Field.DST.get(w))).isTrue();
        assertThat(Ipv6Field.DST.get(w)).isNotEqualTo(Ipv6Address.parse("fe80::"));
    }

    @Test
    void predicatesAgreeWithPrefixContainmentOnSeededAddresses() {
        Random random = new Random(128);
        for (int round = 0; round < 300; round++) {
            Ipv6Address base = new Ipv6Address(random.nextLong(), random.nextLong());
            int length = random.nextInt(129);
            Ipv6Prefix prefix = new Ipv6Prefix(new Ipv6Address(base.high() & Ipv6Prefix.maskHigh(length),
                    base.low() & Ipv6Prefix.maskLow(length)), length);
            Predicate in = Ipv6Field.SRC.in(prefix);
            CompiledPredicate compiled = CompiledPredicate.compile(in);
            for (int probe = 0; probe < 20; probe++) {
                // Near the prefix: flip one random bit of its address, or none.
                Ipv6Address a = prefix.address();
                int bit = random.nextInt(130);
                if (bit < 128) {
                    a = bit < 64 ? new Ipv6Address(a.high() ^ (1L << (63 - bit)), a.low())
                            : new Ipv6Address(a.high(), a.low() ^ (1L << (127 - bit)));
                }
                PacketFields packet = Ipv6Field.SRC.set(PacketFields.builder(), a).build();
                assertThat(PredicateLogic.test(in, packet)).isEqualTo(prefix.contains(a));
                assertThat(compiled.test(packet)).isEqualTo(prefix.contains(a));
            }
        }
    }
}
