package io.nicplan.flexnic.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.Protocol;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.tcp.FastPathConfig;
import io.nicplan.graph.DataflowGraph;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A plan's fastPath flows reach FlexTCP: real connections through the emulated NIC's fast path. */
class FlexTcpApplyTest {
    private static final ProtocolState MEMCACHED = ProtocolStateJson.read(Examples.memcachedState());
    private static final DataflowGraph FLEXNIC = Descriptions.graph("flexnic");
    private static final Configuration CONFIG = ConfigurationReader.read("""
            {"Stage0": [
               {"priority": 9, "proto": "tcp", "dst_port": 80, "action": "fastpath"},
               {"priority": 8, "proto": "tcp", "dst_port": 8080, "action": "fastpath"},
               {"priority": 1, "proto": "udp", "dst_port": 11211, "action": "queue", "queue": 12}],
             "FastPath": [
               {"src_ip": "10.0.2.1", "dst_ip": "10.0.0.1", "src_port": 5555, "dst_port": 80, "queue": 9},
               {"src_ip": "10.0.2.2", "dst_ip": "10.0.0.1", "src_port": 6000, "dst_port": 8080, "queue": 3},
               {"src_ip": "10.0.2.1", "dst_ip": "10.0.0.1", "src_port": 5556, "dst_port": 80, "queue": 5}],
             "Rss": {"hash": "ipv4_l4", "table": [%s]}}
            """.formatted("0, 1, 2, 3, ".repeat(31) + "0, 1, 2, 3"), FLEXNIC);
    private static final ProtocolState STATE = MEMCACHED.withFlows(List.of(
            flow("fast9", Protocol.TCP, "10.0.2.1:5555", "10.0.0.1:80"),
            flow("fast3", Protocol.TCP, "10.0.2.2:6000", "10.0.0.1:8080"),
            flow("fast5", Protocol.TCP, "10.0.2.1:5556", "10.0.0.1:80"),
            flow("noslot", Protocol.TCP, "10.0.2.3:5555", "10.0.0.1:80"),   // the fast path hands it over: RSS
            flow("kv", Protocol.UDP, "10.0.1.5:4000", "10.0.0.1:11211")));

    private static Flow flow(String id, Protocol proto, String src, String dst) {
        return new Flow(id, proto, AddressPattern.parse(src).pattern().orElseThrow(), AddressPattern.parse(dst).pattern().orElseThrow(),
                "besteffort", 1000, 128);
    }

    @Test
    void fastPathFlowsArriveByteExactWithDataOnTheFastPathAndTheHandshakeOnTheSlowPath() throws Exception {
        ApplyReport r = Backend.apply(Embedder.standard(), FLEXNIC, STATE, CONFIG, Predictions.classify(FLEXNIC, STATE, CONFIG),
                Optional.empty());

        assertThat(r.disagree()).as(r.toJson()).isEmpty();
        assertThat(r.agree()).isEqualTo(5);
        assertThat(r.allAgree()).isTrue();
        Map<String, Integer> planned = Map.of("fast9", 9, "fast3", 3, "fast5", 5);
        assertThat(r.connections()).extracting(FlexTcpTraffic.ConnectionReport::flow).containsExactly("fast9", "fast3", "fast5");
        int dataSegments = (FlexTcpTraffic.DEFAULT_BYTES + FastPathConfig.DEFAULT_MSS - 1) / FastPathConfig.DEFAULT_MSS;
        for (FlexTcpTraffic.ConnectionReport c : r.connections()) {
            assertThat(c.bytesSent()).as(c.flow()).isEqualTo(FlexTcpTraffic.DEFAULT_BYTES);
            assertThat(c.bytesDelivered()).as(c.flow()).isEqualTo(FlexTcpTraffic.DEFAULT_BYTES);
            assertThat(c.byteExact()).as(c.flow()).isTrue();
            assertThat(c.context()).as(c.flow()).isEqualTo(planned.get(c.flow()));
            assertThat(c.plannedQueue()).as(c.flow()).isEqualTo(planned.get(c.flow()));
            assertThat(c.matchesPlan()).as(c.flow()).isTrue();
            // The SYN and the handshake's ACK (no flow state yet) go to the slow path; every data segment
            // and the FIN are the fast path's.
            assertThat(c.slowPathSegments()).as(c.flow()).isEqualTo(2);
            assertThat(c.fastPathSegments()).as(c.flow()).isBetween((long) dataSegments, (long) dataSegments + 1);
        }
        // toFastPath counts what the fast path consumed; what it handed over is counted at its queue.
        assertThat(r.counters().get("toFastPath")).isEqualTo(r.connections().stream().mapToLong(c -> c.fastPathSegments()).sum());
        assertThat(r.toJson()).contains("\"slowPathSegments\" : 2");
        System.out.println("FlexTCP apply: " + r.connections());
    }

    @Test
    void aPlanWithMoreConnectionsThanFlowStateSlotsIsRefusedClearly() {
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), FLEXNIC, CONFIG);
        assertThat(nic.flexTcp().flowSlots()).isEqualTo(131_072);
        CompiledNic small = nic.withFlowSlots(2);
        FlexNicEmulator emulator = Installer.emulator(small, new SimulatedClock(0));

        Installer.InstallResult r = Installer.install(emulator, small);

        assertThat(r.committed()).isFalse();
        assertThat(r.failures()).isEqualTo("flextcp: 3 fast-path connections need flow state, but the NIC has 2 flowstate_slots");
        assertThat(emulator.runtime().readEntries("Stage0")).isEmpty();
    }

    @Test
    void connectionsPastTheLastSlotAreRefusedByTheSlowPathAndSaySo() {
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), FLEXNIC, CONFIG);
        FlexNicEmulator emulator = Installer.emulator(nic, new SimulatedClock(0));
        assertThat(Installer.install(emulator, nic).committed()).isTrue();

        // The NIC's flow table holds 2: the third connection's flow state is refused (RESOURCE_EXHAUSTED).
        List<FlexTcpTraffic.ConnectionReport> r = FlexTcpTraffic.drive(emulator, nic.flexTcp().withFlowSlots(2), STATE,
                STATE.flows(), 7, 4096);

        assertThat(r).hasSize(3);
        assertThat(r).filteredOn(FlexTcpTraffic.ConnectionReport::matchesPlan).hasSize(2);
        FlexTcpTraffic.ConnectionReport refused = r.stream().filter(c -> !c.matchesPlan()).findFirst().orElseThrow();
        assertThat(refused.bytesDelivered()).isZero();
        assertThat(refused.context()).isEqualTo(-1);
        assertThat(refused.problem()).contains("not established").contains("refused_flow_state_full=1");
        assertThat(Backend.delivery(refused).describe()).startsWith("drop:flextcp: the connection was not established");
    }
}
