package io.nicplan.embed.steering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.config.Configuration;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SteeringLoweringTest {
    private static final DataflowGraph X82599 = Descriptions.graph("intel-82599");

    @Test
    void memcachedOn82599LowersToItsTablesInWireOrderWithRssAsFallback() {
        Embedder embedder = Embedder.standard();
        SteeringProgram p = embedder.lower(X82599, embedder.readConfiguration(X82599, Examples.memcached82599Config()));

        assertThat(p.nic()).isEqualTo(X82599.name());
        assertThat(p.tables()).extracting(SteeringTable::name).contains("FiveTuple", "FlowDirector");
        SteeringTable fiveTuple = p.table("FiveTuple").orElseThrow();
        assertThat(fiveTuple.kind()).isEqualTo(MatchKind.TERNARY);
        // Lookup order: priority 7 before priority 3.
        assertThat(fiveTuple.entries()).extracting(SteeringEntry::priority).containsExactly(7, 3);
        assertThat(fiveTuple.entries()).extracting(SteeringEntry::action)
                .containsOnly(new SteeringAction.ToQueue(7));
        SteeringTable fdir = p.table("FlowDirector").orElseThrow();
        assertThat(fdir.kind()).isEqualTo(MatchKind.EXACT);
        assertThat(fdir.entries()).extracting(SteeringEntry::action).containsExactly(new SteeringAction.ToQueue(4),
                new SteeringAction.ToQueue(5), new SteeringAction.ToQueue(6), new SteeringAction.ToQueue(6));
        assertThat(p.fallback()).isEqualTo(new SteeringAction.ToRss());
        RssTable rss = p.rss().orElseThrow();
        assertThat(rss.hashType()).isEqualTo(RssHashType.IPV4_L4);
        assertThat(rss.toeplitz()).isSameAs(Toeplitz.standard());
        assertThat(rss.indirection()).hasSize(128).containsOnly(0, 1, 2, 3);
        assertThat(p.queues().enabled()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(p.checksumOffload()).isTrue();
        // The 82599 reports checksum errors and passes the frame up (its CsumOffload's csum_errors=report).
        assertThat(p.checksumErrorsReported()).isTrue();
        assertThat(p.dropsBadChecksums()).isFalse();
        assertThat(p.fastPath()).isEmpty();
    }

    @Test
    void anEmptyConfigurationSendsEverythingToQueueZero() {
        SteeringProgram p = Embedder.standard().lower(X82599, Configuration.EMPTY);

        assertThat(p.rss()).isEmpty();
        assertThat(p.fallback()).isEqualTo(new SteeringAction.ToQueue(0));
        assertThat(p.tables()).allSatisfy(t -> assertThat(t.entries()).isEmpty());
        assertThat(p.checksumOffload()).isFalse();
    }

    @Test
    void theSynFilterLowersToATcpFlagsTableMatchingSynWithoutAck() {
        Embedder embedder = Embedder.standard();
        SteeringProgram p = embedder.lower(X82599, embedder.readConfiguration(X82599, "{\"Syn\": 3}"));

        SteeringTable syn = p.tables().stream().filter(t -> t.fields() == SteeringTable.KeyFields.TCP_FLAGS)
                .findFirst().orElseThrow();
        SteeringEntry e = syn.entries().get(0);
        assertThat(e.tcpFlags()).isEqualTo(new SteeringEntry.TcpFlagsMatch(0x02, 0x12));
        assertThat(e.match().proto()).isEqualTo(6);
        assertThat(e.action()).isEqualTo(new SteeringAction.ToQueue(3));
    }

    @Test
    void programsRefuseRssActionsWithoutRssAndEntriesThatAreNotExactInExactTables() {
        SteeringTable toRss = new SteeringTable("T", SteeringTable.KeyFields.FIVE_TUPLE, MatchKind.TERNARY, 4,
                List.of(SteeringEntry.of(FilterMatch.anyIpv4(), MatchKind.TERNARY, 1, new SteeringAction.ToRss())));
        assertThatThrownBy(() -> new SteeringProgram("nic", List.of(toRss), new SteeringAction.ToQueue(0), Optional.empty(),
                RxQueues.all(2), Optional.empty(), false)).hasMessageContaining("T: sends packets to RSS");
        assertThatThrownBy(() -> SteeringEntry.of(FilterMatch.anyIpv4(), MatchKind.EXACT, 0, new SteeringAction.Drop()))
                .hasMessageContaining("exact five-tuple");
        assertThatThrownBy(() -> new SteeringProgram("nic", List.of(), new SteeringAction.Mark(1), Optional.empty(),
                RxQueues.all(1), Optional.empty(), false)).hasMessageContaining("fallback");
    }

    @Test
    void rssTableQueuesPacketsAsTheEmbeddersRssNode() {
        RssTable rss = new RssTable("Rss", RssHashType.IPV4_L4, Toeplitz.standard(), List.of(0, 1, 2, 3));
        long[] packet = new long[HeaderField.values().length];
        packet[HeaderField.ETH_TYPE.ordinal()] = 0x0800;
        packet[HeaderField.IP_PROTO.ordinal()] = 17;
        packet[HeaderField.IP_SRC.ordinal()] = 0x0a000101L;
        packet[HeaderField.IP_DST.ordinal()] = 0x0a000001L;
        packet[HeaderField.L4_SPORT.ordinal()] = 40001;
        packet[HeaderField.L4_DPORT.ordinal()] = 11211;
        int hash = Toeplitz.standard().hash(0x0a000101, 0x0a000001, 40001, 11211);
        assertThat(rss.queueOf(packet)).isEqualTo(hash & 3);
        packet[HeaderField.ETH_TYPE.ordinal()] = 0x0806;
        assertThat(rss.queueOf(packet)).isEqualTo(0);
    }
}
