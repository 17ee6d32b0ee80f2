package io.nicplan.unicorn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.unicorn.report.Suggestions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean" picks the closest name within a distance that grows with the name's length. */
class SuggestionsTest {

    private static final List<String> FIELDS = List.of("ip.proto", "ip.src", "ip.dst", "l4.sport", "l4.dport", "eth.type");

    @Test
    void suggestsTheClosestName() {
        Suggestions s = new Suggestions(1_000_000);

        assertThat(s.closest("ip.prot", FIELDS)).contains("ip.proto");
        assertThat(s.closest("l4.dprot", FIELDS)).contains("l4.dport");
        assertThat(s.closest("Rx.ValidCRCC", List.of("Rx.ValidCRC", "Rx.ValidLength"))).contains("Rx.ValidCRC");
    }

    @Test
    void countsAnAdjacentSwapAsOneEdit() {
        assertThat(new Suggestions(1_000).closest("tpc", List.of("icmp", "tcp", "udp"))).contains("tcp");
    }

    @Test
    void offersNothingForShortNamesOrDistantOnes() {
        Suggestions s = new Suggestions(1_000_000);

        assertThat(s.closest("X", List.of("A", "B"))).isEmpty();
        assertThat(s.closest("ab", List.of("ac"))).isEmpty();
        assertThat(s.closest("completely", FIELDS)).isEmpty();
    }

    @Test
    void stopsOfferingOnceTheBudgetIsSpent() {
        Suggestions s = new Suggestions(10);

        assertThat(s.closest("ip.prot", FIELDS)).contains("ip.proto");
        assertThat(s.closest("ip.prot", FIELDS)).isEmpty();
    }
}
