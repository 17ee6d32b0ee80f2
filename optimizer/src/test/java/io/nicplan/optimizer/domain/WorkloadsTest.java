package io.nicplan.optimizer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.state.ProtocolState;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
    private final ProtocolState state = Embedder.standard().readState(Examples.memcachedState());
    private final Workload workload = Workloads.fromState(state);

    @Test
    void keepsEveryFlowWithItsIdClassRateAndFiveTuple() {
        assertThat(workload.flows()).extracting(Flow::id).containsExactlyElementsOf(state.flowsById().keySet());
        Flow gold1 = workload.flow("gold1").orElseThrow();
        assertThat(gold1.trafficClass()).isEqualTo(TrafficClass.GOLD);
        assertThat(gold1.pps()).isEqualTo(400_000);
        assertThat(gold1.bytesPerPacket()).isEqualTo(96);
        assertThat(gold1.match()).isEqualTo(FlowMatch.exact(Proto.UDP, 0x0a000101L, 0x0a000001L, 40001, 11211));
        assertThat(workload.flow("be1").orElseThrow().trafficClass()).isEqualTo(TrafficClass.BESTEFFORT);
    }

    @Test
    void wildcardFieldsStayWildcards() {
        FlowMatch clients = workload.flow("clients").orElseThrow().match();
        assertThat(clients.srcIp()).hasValue(0x0a000501L);
        assertThat(clients.srcPort()).isEmpty();
        assertThat(clients.isExact()).isFalse();
        FlowMatch scan = workload.flow("scan").orElseThrow().match();
        assertThat(scan.srcIp()).isEmpty();
        assertThat(scan.dstPort()).hasValue(9999);
    }

    @Test
    void attributesFlowsToTheMostSpecificEndpointsApplication() {
        // replica matches mc_udp, mc_udp_local and the connected mc_replica: all memcached
        assertThat(workload.flow("replica").orElseThrow().application()).hasValue("memcached");
        assertThat(workload.flow("tcp1").orElseThrow().application()).hasValue("memcached");
        assertThat(workload.flow("stats").orElseThrow().application()).hasValue("stats");
        // no endpoint listens on 9999 or 33000
        assertThat(workload.flow("scan").orElseThrow().application()).isEqualTo(Optional.empty());
        assertThat(workload.flow("dns").orElseThrow().application()).isEmpty();
    }

    @Test
    void carriesEveryApplicationsCores() {
        assertThat(workload.applicationCores()).containsEntry("memcached", Set.of(0, 1, 2, 3)).containsEntry("stats", Set.of(3));
        assertThat(workload.coresOf(workload.flow("stats").orElseThrow())).containsExactly(3);
    }
}
