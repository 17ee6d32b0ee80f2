package io.nicplan.flexnic.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.RssHashType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramValidationTest {

    @Test
    void reportsEveryProblemOfAProgramNamingItsPart() {
        assertThatThrownBy(() -> FlexNicProgram.builder().rxQueues(2).defaultQueue(2)
                .table("t", 40, 0, ActionSpec.queue(5), KeyField.exact(HeaderField.IP_LOCAL), KeyField.lpm(HeaderField.IP_SRC),
                        KeyField.lpm(HeaderField.IP_DST))
                .table("t", 0, 1, ActionSpec.NO_ACTION, KeyField.exact(HeaderField.RSS_BUCKET))
                .rss(new RssContextSpec("r", RssHashType.IPV4, new byte[8], List.of(0, 1, 2)))
                .build())
                .isInstanceOfSatisfying(InvalidProgramException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "default queue 2 is not one of the 2 RX queues",
                        "table 't' is declared twice",
                        "rss context r: indirection table size must be a power of two 1..4096, got 3",
                        "rss context r: indirection entry 2 names queue 2, not one of the 2 RX queues",
                        "rss context r: key must have 16..256 bytes, got 8",
                        "table t: stage must be 0..31, got 40",
                        "table t: capacity must be 1..1048576, got 0",
                        "table t: field ip.local is not produced by the FlexNIC parser",
                        "table t: an LPM table has one LPM field, this key has 2 (make the table ternary)",
                        "table t default action: queue 5 is not one of the 2 RX queues"));
    }

    @Test
    void dmaRingsAreBoundedInCountAndInHostMemory() {
        // Each bound alone passes; 2^20 slots of 2^16 bytes would be 64 GiB of host memory.
        assertThat(FlexNicProgram.builder().rxQueues(1).dmaRing("many", FlexNicProgram.MAX_DMA_SLOTS, 64)
                .dmaRing("wide", 2048, FlexNicProgram.MAX_DMA_SLOT_SIZE).build().dmaRings()).hasSize(2);
        assertThatThrownBy(() -> FlexNicProgram.builder().rxQueues(1)
                .dmaRing("huge", FlexNicProgram.MAX_DMA_SLOTS, FlexNicProgram.MAX_DMA_SLOT_SIZE)
                .dmaRing("none", 0, 64).build())
                .isInstanceOfSatisfying(InvalidProgramException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "dma ring huge: 1048576 slots x 65536 bytes exceed 256 MiB of host memory",
                        "dma ring none: slots must be 1..1048576 and slot size 1..65536, got 0 x 64"));
    }

    @Test
    void tableKindFollowsTheKey() {
        assertThat(new TableSpec("a", 0, List.of(KeyField.exact(HeaderField.IP_SRC)), 1, ActionSpec.NO_ACTION).kind())
                .isEqualTo(TableKind.EXACT);
        assertThat(new TableSpec("b", 0, List.of(KeyField.exact(HeaderField.VLAN_ID), KeyField.lpm(HeaderField.IP_DST)), 1,
                ActionSpec.NO_ACTION).kind()).isEqualTo(TableKind.LPM);
        assertThat(new TableSpec("c", 0, List.of(KeyField.lpm(HeaderField.IP_SRC), KeyField.ternary(HeaderField.L4_DPORT)), 1,
                ActionSpec.NO_ACTION).kind()).isEqualTo(TableKind.TERNARY);
    }

    @Test
    void checksActionsAgainstTheProgram() {
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(4).dmaRing("r", 4, 8).counter("c").rateClass("slow", 1000, 100)
                .build();
        assertThat(program.checkAction(EntrySyntax.parseAction("queue(3) mark(0x1) count(c) rate(slow)"))).isEmpty();
        assertThat(program.checkAction(EntrySyntax.parseAction("dma(r: ip.src, ip.dst, l4.sport)")))
                .hasValue("dma record of 10 bytes exceeds ring 'r' slot size 8");
        assertThat(program.checkAction(EntrySyntax.parseAction("mark(0x1/0x0)")))
                .hasValueSatisfying(p -> assertThat(p).contains("mask must not be 0"));
        assertThat(program.checkAction(EntrySyntax.parseAction("count(nope)"))).hasValue("no counter 'nope'");
        assertThat(program.checkAction(EntrySyntax.parseAction("rate(nope) drop fastpath")))
                .hasValueSatisfying(p -> assertThat(p).contains("more than one fate"));
    }

    @Test
    void entrySyntaxReadsWhatToStringWrites() {
        for (String text : List.of("ip.dst=10.0.0.1", "ip.src=10.1.0.0&&&255.255.0.0", "ip.dst=10.0.0.0/8", "ip.proto=6",
                "eth.dst=02:00:00:00:00:01", "eth.type=0x806", "meta.mark=0x5&&&0xff")) {
            assertThat(EntrySyntax.parseMatch(text).toString()).isEqualTo(text);
        }
        assertThat(EntrySyntax.parseMatch("ip.proto=udp")).isEqualTo(FieldMatch.exact(HeaderField.IP_PROTO, 17));
        for (String text : List.of("queue(3)", "rss(web)", "drop", "fastpath", "dma(kv: ip.src, l4.dport, payload)",
                "mark(0x5)", "mark(0x30/0xf0) queue(1)", "rate(gold) count(hits)", "none")) {
            assertThat(EntrySyntax.parseAction(text).toString()).isEqualTo(text);
        }
    }

    @Test
    void entrySyntaxErrorsQuoteTheText() {
        assertThatThrownBy(() -> EntrySyntax.parseMatch("ip.dstt=1")).hasMessageContaining("unknown field 'ip.dstt'");
        assertThatThrownBy(() -> EntrySyntax.parseMatch("ip.dst=10.0.0.1/x")).hasMessageContaining("prefix length 'x'");
        assertThatThrownBy(() -> EntrySyntax.parseMatch("l4.dport=70000")).hasMessageContaining("'70000' is not a value of l4.dport");
        assertThatThrownBy(() -> EntrySyntax.parseAction("queue")).hasMessageContaining("needs an argument");
        assertThatThrownBy(() -> EntrySyntax.parseAction("drop(1)")).hasMessageContaining("takes no argument");
        assertThatThrownBy(() -> EntrySyntax.parseAction("teleport(3)")).hasMessageContaining("unknown action 'teleport(3)'");
        assertThatThrownBy(() -> EntrySyntax.parseAction("queue(3")).hasMessageContaining("unbalanced parentheses");
    }
}
