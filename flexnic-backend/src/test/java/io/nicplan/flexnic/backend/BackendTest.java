package io.nicplan.flexnic.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.pipeline.DropReason;
import io.nicplan.flexnic.runtime.EntryReading;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendTest {
    private static final ProtocolState MEMCACHED = ProtocolStateJson.read(Examples.memcachedState());

    @TempDir
    Path dir;

    private static Flow flow(String id, Protocol proto, String src, String dst) {
        return new Flow(id, proto, AddressPattern.parse(src).pattern().orElseThrow(), AddressPattern.parse(dst).pattern().orElseThrow(),
                "besteffort", 1000, 128);
    }

    private static Map<String, String> observed(ApplyReport r) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        r.disagree().forEach(d -> m.put(d.flow(), String.join(",", d.observed())));
        return m;
    }

    @Test
    void intel82599FiltersKeepTheirChainOrderAndDisabledQueuesDrop() throws Exception {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        Configuration c = ConfigurationReader.read("""
                {"CsumOffload": true,
                 "Syn": 3,
                 "FiveTuple": [
                   {"proto": "udp", "dst_port": 11211, "priority": 2, "queue": 1},
                   {"proto": "udp", "src_ip": "10.0.1.1", "dst_port": 11211, "priority": 7, "queue": 2},
                   {"proto": "udp", "dst_port": 11211, "priority": 2, "queue": 6},
                   {"proto": "tcp", "dst_port": 80, "priority": 1, "queue": 5}],
                 "FlowDirector": [
                   {"proto": "udp", "src_ip": "10.0.1.1", "dst_ip": "10.0.0.1", "src_port": 40001, "dst_port": 11211, "queue": 4},
                   {"proto": "udp", "src_ip": "10.0.1.9", "dst_ip": "10.0.0.1", "src_port": 40009, "dst_port": 9999, "queue": 4}],
                 "Rss": {"hash": "ipv4_l4", "table": [%s]},
                 "Queues": [0, 1, 2, 3, 4, 6]}
                """.formatted("0, 1, 2, 3, ".repeat(31) + "0, 1, 2, 3"), prg);
        ProtocolState state = MEMCACHED.withFlows(List.of(
                flow("prio7", Protocol.UDP, "10.0.1.1:40001", "10.0.0.1:11211"),    // 5-tuple priority 7 beats fdir
                flow("equal", Protocol.UDP, "10.0.1.2:40002", "10.0.0.1:11211"),    // equal priorities: the first listed
                flow("disabled", Protocol.TCP, "10.0.1.3:40003", "10.0.0.1:80"),    // queue 5 is disabled: dropped
                flow("fdir", Protocol.UDP, "10.0.1.9:40009", "10.0.0.1:9999"),
                flow("rss", Protocol.UDP, "10.0.1.7:5000", "10.0.0.1:7000"),
                flow("wild", Protocol.UDP, "*:*", "10.0.0.1:7000")));

        ApplyReport r = Backend.apply(Embedder.standard(), prg, state, c, Predictions.classify(prg, state, c), Optional.empty());

        assertThat(r.disagree()).as(r.toJson()).isEmpty();
        assertThat(r.agree()).isEqualTo(6);
        ApplyReport byHand = Backend.apply(Embedder.standard(), prg, state, c, Predictions.ofQueues(Map.of("prio7", 2, "equal", 1, "fdir", 4)), Optional.empty());
        assertThat(byHand.disagree()).isEmpty();
        assertThat(byHand.flows()).isEqualTo(3);
        assertThat(r.counters()).containsEntry("drop.table_drop", (long) Backend.FRAMES_PER_FLOW);
        ApplyReport wrong = Backend.apply(Embedder.standard(), prg, state, c, Predictions.ofQueues(Map.of("prio7", 4)), Optional.empty());
        assertThat(wrong.disagree()).singleElement().satisfies(d -> {
            assertThat(d.predicted()).containsExactly(4);
            assertThat(d.observed()).containsOnly("2");
        });
    }

    @Test
    void flexnicStagesMarksDropsAndFastPathFollowTheGraph() throws Exception {
        DataflowGraph prg = Descriptions.graph("flexnic");
        Configuration c = ConfigurationReader.read("""
                {"Stage0": [
                   {"priority": 5, "proto": "udp", "dst_port": 11211, "action": "mark", "mark": 7},
                   {"priority": 9, "proto": "tcp", "dst_port": 80, "action": "fastpath"},
                   {"priority": 1, "proto": "udp", "src_ip": "10.0.1.0", "src_prefix": 24, "action": "queue", "queue": 11}],
                 "Stage1": [
                   {"priority": 3, "proto": "udp", "src_ip": "10.0.1.66", "action": "drop"},
                   {"priority": 2, "proto": "udp", "dst_port": 11211, "action": "queue", "queue": 12},
                   {"priority": 1, "proto": "udp", "dst_port": 8125, "action": "rss"}],
                 "FastPath": [
                   {"src_ip": "10.0.2.1", "dst_ip": "10.0.0.1", "src_port": 5555, "dst_port": 80, "queue": 9}],
                 "Rss": {"hash": "ipv4_l4", "table": [%s]}}
                """.formatted("0, 1, 2, 3, ".repeat(31) + "0, 1, 2, 3"), prg);
        ProtocolState state = MEMCACHED.withFlows(List.of(
                flow("subnet", Protocol.UDP, "10.0.1.5:4000", "10.0.0.1:11211"),     // Stage0's mark entry ranks first: Stage1, queue 12
                flow("marked", Protocol.UDP, "10.0.3.5:4000", "10.0.0.1:11211"),     // mark, then Stage1's queue 12
                flow("dropped", Protocol.UDP, "10.0.1.66:4000", "10.0.0.1:7000"),    // Stage0 claims it before Stage1's drop
                flow("dropped2", Protocol.UDP, "10.0.1.66:4000", "10.0.0.1:11211"), // mark, then Stage1's drop
                flow("slot", Protocol.TCP, "10.0.2.1:5555", "10.0.0.1:80"),          // fast path slot: queue 9
                flow("noslot", Protocol.TCP, "10.0.2.2:5555", "10.0.0.1:80"),        // fast path miss: RSS
                flow("stats", Protocol.UDP, "*:*", "10.0.0.1:8125")));

        ApplyReport r = Backend.apply(Embedder.standard(), prg, state, c, Predictions.classify(prg, state, c), Optional.empty());

        assertThat(r.disagree()).as(r.toJson()).isEmpty();
        assertThat(r.agree()).isEqualTo(7);
        ApplyReport byHand = Backend.apply(Embedder.standard(), prg, state, c,
                Predictions.ofQueues(Map.of("subnet", 12, "marked", 12, "dropped", 11, "slot", 9)), Optional.empty());
        assertThat(byHand.disagree()).as(byHand.toJson()).isEmpty();
        assertThat(r.counters()).containsEntry("drop.table_drop", (long) Backend.FRAMES_PER_FLOW);
    }

    @Test
    void aFailedInstallLeavesTheEmulatorExactlyAsItWas() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        Configuration c = ConfigurationReader.read(Examples.memcached82599Config(), prg);
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), prg, c);
        FlexNicEmulator emulator = Installer.emulator(nic, new SimulatedClock(0));
        assertThat(Installer.install(emulator, nic).committed()).isTrue();
        long version = emulator.runtime().snapshot().version();
        List<List<EntryReading>> before = readAll(emulator, nic);

        // The same entries again: every insert is ALREADY_EXISTS, so the verify step refuses the batch.
        Installer.InstallResult again = Installer.install(emulator, nic);

        assertThat(again.committed()).isFalse();
        assertThat(again.verified()).isFalse();
        assertThat(again.failures()).contains("ALREADY_EXISTS");
        assertThat(emulator.runtime().snapshot().version()).isEqualTo(version);
        assertThat(readAll(emulator, nic)).isEqualTo(before);
        assertThat(emulator.runtime().readIndirection(NicCompiler.RSS_CONTEXT)).hasSize(128);
    }

    @Test
    void replacingAConfigurationWritesOnlyTheDifferenceAndTheNewPlanHolds() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        Configuration first = ConfigurationReader.read(Examples.memcached82599Config(), prg);
        // gold1 moves from its fdir filter (queue 4) to a 5-tuple filter on queue 7; RSS now spreads over queues 0 and 1.
        Configuration second = ConfigurationReader.read(Examples.memcached82599Config()
                .replace("{\"proto\": \"udp\", \"src_ip\": \"10.0.1.1\", \"dst_ip\": \"10.0.0.1\", \"src_port\": 40001, "
                        + "\"dst_port\": 11211, \"queue\": 4},", "")
                .replace("\"FiveTuple\": [", "\"FiveTuple\": [{\"proto\": \"udp\", \"src_ip\": \"10.0.1.1\", \"priority\": 5, \"queue\": 7},")
                .replaceAll("\"table\": \\[[^\\]]*\\]", "\"table\": [" + "0, 1, ".repeat(63) + "0, 1]"), prg);
        CompiledNic a = NicCompiler.compile(Embedder.standard(), prg, first);
        CompiledNic b = NicCompiler.compile(Embedder.standard(), prg, second);
        SimulatedClock clock = new SimulatedClock(0);
        FlexNicEmulator emulator = Installer.emulator(a, clock);
        assertThat(Installer.install(emulator, a).committed()).isTrue();

        Installer.InstallResult replaced = Installer.replace(emulator, a, b);

        assertThat(replaced.committed()).as(replaced.failures()).isTrue();
        assertThat(replaced.statuses()).hasSize(3); // delete the fdir entry, insert the 5-tuple entry, new indirection table
        assertThat(emulator.runtime().readIndirection(NicCompiler.RSS_CONTEXT)).containsOnly(0, 1);
        Predictions predicted = Predictions.classify(prg, MEMCACHED, second);
        List<List<FlowReplay.Delivery>> seen = FlowReplay.replay(emulator, clock, MEMCACHED, MEMCACHED.flows(), 2);
        for (int i = 0; i < MEMCACHED.flows().size(); i++) {
            assertThat(Backend.agrees(predicted.queues().get(MEMCACHED.flows().get(i).id()), seen.get(i)))
                    .as(MEMCACHED.flows().get(i).id()).isTrue();
        }
        assertThat(seen.get(0)).allMatch(d -> d.queue() == 7);
    }

    @Test
    void aReplacementNeedingAnotherLayoutWritesNothing() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        Configuration first = ConfigurationReader.read(Examples.memcached82599Config(), prg);
        Configuration otherHash = ConfigurationReader.read(Examples.memcached82599Config().replace("ipv4_l4", "ipv4"), prg);
        CompiledNic a = NicCompiler.compile(Embedder.standard(), prg, first);
        FlexNicEmulator emulator = Installer.emulator(a, new SimulatedClock(0));
        Installer.install(emulator, a);
        long version = emulator.runtime().snapshot().version();

        Installer.InstallResult r = Installer.replace(emulator, a, NicCompiler.compile(Embedder.standard(), prg, otherHash));

        assertThat(r.committed()).isFalse();
        assertThat(r.failures()).contains("layout");
        assertThat(emulator.runtime().snapshot().version()).isEqualTo(version);
    }

    @Test
    void etherTypeFiltersAndChecksumOffloadBecomeTablesAndParserChecks() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        Configuration on = ConfigurationReader.read("{\"CsumOffload\": true, \"EtherType\": [{\"eth_type\": 2054, \"queue\": 3}]}", prg);
        Configuration off = ConfigurationReader.read("{\"CsumOffload\": false}", prg);
        byte[] arp = FrameBuilder.ethernet().src(FlowReplay.PEER_MAC).dst(MacAddress.parse("ff:ff:ff:ff:ff:ff"))
                .arpRequest(FlowReplay.PEER_MAC, Ipv4Address.parse("10.0.1.1"), Ipv4Address.parse("10.0.0.1")).build();
        byte[] badUdp = FlowReplay.frame(MEMCACHED, MEMCACHED.flows().get(0), 0, 0);
        badUdp[14 + 20 + 6] ^= 0x55; // the UDP checksum

        FlexNicEmulator withOffload = installed(prg, on);
        assertThat(withOffload.receive(arp).queue()).isEqualTo(3);
        // The 82599 reports a bad checksum in the descriptor and passes the frame up (csum_errors=report):
        // the parser flags it, nothing drops it.
        assertThat(NicCompiler.compile(Embedder.standard(), prg, on).parser().dropBadChecksums()).isFalse();
        assertThat(withOffload.receive(badUdp).dropped()).isFalse();
        FlexNicEmulator withoutOffload = installed(prg, off);
        assertThat(withoutOffload.receive(arp).queue()).isZero(); // RSS off: queue 0
        assertThat(withoutOffload.receive(badUdp).dropped()).isFalse();
        // A NIC whose checksum offload drops (FlexNIC's, no csum_errors attribute) discards the same frame.
        DataflowGraph flexnic = Descriptions.graph("flexnic");
        FlexNicEmulator dropping = installed(flexnic, ConfigurationReader.read("{\"CsumOffload\": true}", flexnic));
        assertThat(dropping.receive(badUdp).dropReason()).isEqualTo(DropReason.BAD_L4_CHECKSUM);
    }

    private static FlexNicEmulator installed(DataflowGraph prg, Configuration c) {
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), prg, c);
        FlexNicEmulator emulator = Installer.emulator(nic, new SimulatedClock(0));
        assertThat(Installer.install(emulator, nic).committed()).isTrue();
        return emulator;
    }

    private static List<List<EntryReading>> readAll(FlexNicEmulator emulator, CompiledNic nic) {
        List<List<EntryReading>> out = new ArrayList<>();
        nic.program().tablesInOrder().forEach(t -> out.add(emulator.runtime().readEntries(t.name())));
        return out;
    }

    @Test
    void configurationsTheEmulatorCannotExpressAreRefusedNamingTheCnode() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        Configuration c = ConfigurationReader.read("""
                {"FiveTuple": [{"proto": "other", "dst_port": 1, "priority": 1, "queue": 1}]}
                """, prg);
        assertThatThrownBy(() -> NicCompiler.compile(Embedder.standard(), prg, c)).isInstanceOf(NicCompiler.UnsupportedConfigurationException.class)
                .hasMessageContaining("FiveTuple").hasMessageContaining("other");
    }

    @Test
    void planFileReadsConfigurationAndPlacementsIgnoringOtherFields() throws Exception {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        String plan = """
                {"nic": "intel-82599", "feasible": true, "cost": {"total": 3},
                 "placements": [{"flow": "gold1", "mechanism": "fdir", "queue": 4, "fastPath": false},
                                {"flow": "gold2", "mechanism": "rss", "queue": 5}],
                 "configuration": %s}
                """.formatted(Examples.memcached82599Config());
        PlanFile p = PlanFile.read(plan, prg);
        assertThat(p.placements()).containsExactly(Map.entry("gold1", 4), Map.entry("gold2", 5));
        assertThat(p.configuration().list("FlowDirector")).hasSize(4);

        ApplyReport r = Backend.apply(Embedder.standard(), prg, MEMCACHED, p.configuration(), p.predictions(), Optional.empty());
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.get("flows").asInt()).isEqualTo(2);
        assertThat(json.get("agree").asInt()).isEqualTo(2);
        assertThat(json.get("disagree").isArray()).isTrue();
        assertThat(json.at("/counters/rxFrames").asLong()).isEqualTo((long) Backend.FRAMES_PER_FLOW * MEMCACHED.flows().size());
        assertThat(json.at("/install/committed").asBoolean()).isTrue();

        assertThatThrownBy(() -> PlanFile.read("{\"placements\": []}", prg)).hasMessageContaining("/configuration");
        assertThatThrownBy(() -> PlanFile.read("{\"configuration\": {}, \"placements\": [{\"flow\": \"a\", \"queue\": \"x\"}]}", prg))
                .hasMessageContaining("/placements/0/queue");
    }

    @Test
    void theCaptureDecodesInTsharkWithoutWarnings() throws Exception {
        Optional<Path> tshark = onPath("tshark");
        assumeTrue(tshark.isPresent(), "tshark is not installed");
        DataflowGraph prg = Descriptions.graph("intel-82599");
        Configuration c = ConfigurationReader.read(Examples.memcached82599Config(), prg);
        Path pcap = dir.resolve("apply.pcap");

        ApplyReport r = Backend.apply(Embedder.standard(), prg, MEMCACHED, c, Predictions.classify(prg, MEMCACHED, c), Optional.of(pcap));

        assertThat(r.disagree()).isEmpty();
        Path errors = dir.resolve("stderr.txt");
        // Every dissector on, application ones too (memcache on 11211, DNS on 53): the replayed payloads must not read as malformed.
        Process p = new ProcessBuilder(tshark.get().toString(), "-r", pcap.toString(), "-V", "-o", "ip.check_checksum:TRUE",
                "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE").redirectError(errors.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(errors)).isZero();
        int frames = Backend.FRAMES_PER_FLOW * MEMCACHED.flows().size();
        assertThat(out).contains("Frame " + frames + ":").doesNotContain("Frame " + (frames + 1) + ":");
        assertThat(out).doesNotContain("Malformed", "[incorrect", "Bad checksum", "Status: Bad", "out-of-order segment", "retransmission");
        assertThat(out).contains("[Checksum Status: Good]").contains("User Datagram Protocol");
    }

    private static Optional<Path> onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
