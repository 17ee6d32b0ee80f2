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
import io.nicplan.flexnic.runtime.StatusCode;
import io.nicplan.flexnic.runtime.UpdateStatus;
import io.nicplan.graph.DataflowGraph;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a long-lived emulator (the HTTP service's) needs of the backend: verify-only writes, paced replay, bounded capture. */
class ServiceSupportTest {
    private static final ProtocolState MEMCACHED = ProtocolStateJson.read(Examples.memcachedState());

    private static Flow flow(String id, String src, int pps) {
        return new Flow(id, Protocol.UDP, AddressPattern.parse(src).pattern().orElseThrow(),
                AddressPattern.parse("10.0.0.1:11211").pattern().orElseThrow(), "besteffort", pps, 128);
    }

    @Test
    void verifyingReportsEveryUpdateAndChangesNothing() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), prg, ConfigurationReader.read(Examples.memcached82599Config(), prg));
        FlexNicEmulator emulator = Installer.emulator(nic, new SimulatedClock(0));
        long version = emulator.runtime().snapshot().version();

        Installer.InstallResult r = Installer.verify(emulator, nic);

        assertThat(r.committed()).isFalse();
        assertThat(r.verified()).isTrue();
        assertThat(r.updates()).isEqualTo(nic.updates());
        assertThat(r.statuses()).hasSameSizeAs(r.updates()).extracting(UpdateStatus::code).containsOnly(StatusCode.OK);
        assertThat(emulator.runtime().snapshot().version()).isEqualTo(version);
        assertThat(Installer.install(emulator, nic).committed()).isTrue();
        Installer.InstallResult again = Installer.verifyReplace(emulator, nic, nic);
        assertThat(again.updates()).isEmpty();
        assertThat(again.committed()).isFalse();
    }

    @Test
    void pacedReplaySendsEachFlowAtItsRateInTimeOrderAndCapturesUpToTheLimit() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), prg, Configuration.EMPTY);
        SimulatedClock clock = new SimulatedClock(0);
        FlexNicEmulator emulator = Installer.emulator(nic, clock);
        BoundedCapture capture = new BoundedCapture(24 + 10 * (16 + 200));
        emulator.addTap(capture);
        Installer.install(emulator, nic);
        List<Flow> flows = List.of(flow("fast", "10.0.1.1:4000", 2000), flow("slow", "10.0.1.2:4000", 500),
                flow("capped", "*:*", 100_000));

        List<List<FlowReplay.Delivery>> seen = FlowReplay.paced(emulator, clock, MEMCACHED, flows, Duration.ofMillis(10), 30);

        assertThat(seen.get(0)).hasSize(20);
        assertThat(seen.get(1)).hasSize(5);
        assertThat(seen.get(2)).hasSize(30);
        assertThat(FlowReplay.packets(flows.get(1), Duration.ofNanos(1), 30)).isEqualTo(1);
        // The last frame sent is the fast flow's 20th, 19 intervals of 0.5 ms after the start (1 ms after the clock's zero).
        assertThat(clock.nanos()).isEqualTo(1_000_000L + 19 * 500_000L);
        assertThat(emulator.counters().rxFrames()).isEqualTo(55);
        assertThat(capture.frames()).isPositive().isLessThan(55);
        assertThat(capture.frames() + capture.skipped()).isEqualTo(55);
        assertThat(capture.pcap().length).isLessThanOrEqualTo(24 + 10 * (16 + 200));
    }
}
