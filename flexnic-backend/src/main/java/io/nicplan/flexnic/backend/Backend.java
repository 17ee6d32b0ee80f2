package io.nicplan.flexnic.backend;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.capture.PcapWriter;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.graph.DataflowGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a plan's configuration to an emulated FlexNIC and checks it: compile for the NIC's
 * description, install (verify, then one atomic batch), replay frames of every flow, compare each
 * flow's queues with the prediction. A TCP flow the plan puts on FlexTCP's fast path is driven as a
 * real connection instead ({@link FlexTcpTraffic}): its queue is the context its flow state names,
 * and it agrees when every byte arrived byte-exact there.
 */
public final class Backend {
    /** Frames sent per flow (a wildcard flow's frames differ in their wildcard fields). */
    public static final int FRAMES_PER_FLOW = 3;
    /** Simulated time the emulator starts at (2023-11-14, so pcap timestamps read as real dates). */
    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    /** Seed of the FlexTCP connections' data, sequence numbers and ports. */
    private static final long SEED = 1;

    private Backend() {
    }

    /**
     * Applies {@code configuration} of {@code prg}, lowered by {@code embedder}, to a fresh emulator and
     * replays the flows of {@code state}.
     *
     * @param predicted the queues each flow should reach; flows without a prediction are sent but not compared
     * @param pcap where to write every received frame, if anywhere
     * @throws NicCompiler.UnsupportedConfigurationException when the emulator cannot express the configuration
     * @throws IOException when the pcap file cannot be written
     */
    public static ApplyReport apply(Embedder embedder, DataflowGraph prg, ProtocolState state, Configuration configuration,
                                    Predictions predicted, Optional<Path> pcap) throws IOException {
        CompiledNic nic = NicCompiler.compile(embedder, prg, configuration);
        SimulatedClock clock = new SimulatedClock(START_NANOS);
        FlexNicEmulator emulator = Installer.emulator(nic, clock);
        Optional<PcapWriter> writer = pcap.isPresent() ? Optional.of(PcapWriter.create(pcap.get())) : Optional.empty();
        try {
            writer.ifPresent(emulator::addTap);
            Installer.InstallResult installed = Installer.install(emulator, nic);
            List<Flow> flows = state.flows();
            List<List<FlowReplay.Delivery>> seen = observe(emulator, nic, clock, state, flows, installed.committed());
            List<FlexTcpTraffic.ConnectionReport> connections = installed.committed()
                    ? FlexTcpTraffic.drive(emulator, nic.flexTcp(), state, flows, SEED, FlexTcpTraffic.DEFAULT_BYTES) : List.of();
            int next = 0;
            for (int i = 0; i < flows.size(); i++) {
                if (seen.get(i) == null) {
                    seen.set(i, List.of(delivery(connections.get(next++))));
                }
            }
            int compared = 0;
            int agree = 0;
            List<ApplyReport.Disagreement> disagree = new ArrayList<>();
            for (int i = 0; i < flows.size(); i++) {
                Set<Integer> expected = predicted.queues().get(flows.get(i).id());
                if (expected == null) {
                    continue;
                }
                compared++;
                if (agrees(expected, seen.get(i))) {
                    agree++;
                } else {
                    disagree.add(new ApplyReport.Disagreement(flows.get(i).id(), List.copyOf(expected),
                            seen.get(i).stream().map(FlowReplay.Delivery::describe).toList()));
                }
            }
            return new ApplyReport(compared, agree, disagree, counters(emulator.counters()),
                    new ApplyReport.Install(installed.committed(), nic.updates().size(), installed.failures()), nic.notes(),
                    connections);
        } finally {
            if (writer.isPresent()) {
                writer.get().close();
            }
        }
    }

    /**
     * Replays the frames of every flow but the fast-path connections (those are left null, for
     * {@link FlexTcpTraffic#drive} to fill in) when the configuration was installed; every flow's
     * otherwise.
     */
    private static List<List<FlowReplay.Delivery>> observe(FlexNicEmulator emulator, CompiledNic nic, SimulatedClock clock,
                                                           ProtocolState state, List<Flow> flows, boolean installed) {
        List<Flow> replayed = new ArrayList<>();
        for (Flow f : flows) {
            if (!installed || FlexTcpTraffic.connectionOf(f, nic.flexTcp()).isEmpty()) {
                replayed.add(f);
            }
        }
        List<List<FlowReplay.Delivery>> frames = FlowReplay.replay(emulator, clock, state, replayed, FRAMES_PER_FLOW);
        List<List<FlowReplay.Delivery>> out = new ArrayList<>();
        int next = 0;
        for (Flow f : flows) {
            out.add(replayed.size() > next && replayed.get(next) == f ? frames.get(next++) : null);
        }
        return out;
    }

    /**
     * A fast-path connection as a delivery the prediction is compared with: the queue whose
     * application the NIC notified (the flow state's context), when every byte arrived byte-exact.
     */
    public static FlowReplay.Delivery delivery(FlexTcpTraffic.ConnectionReport c) {
        return c.byteExact() && c.context() >= 0
                ? new FlowReplay.Delivery(c.context(), "FAST_PATH", Optional.empty())
                : new FlowReplay.Delivery(-1, "FAST_PATH", Optional.of("flextcp: " + c.problem()));
    }

    /** Every frame reached a predicted queue; a flow predicted to reach none had every frame dropped. */
    public static boolean agrees(Set<Integer> expected, List<FlowReplay.Delivery> observed) {
        if (expected.isEmpty()) {
            return observed.stream().allMatch(d -> d.dropReason().isPresent());
        }
        return observed.stream().allMatch(d -> d.dropReason().isEmpty() && expected.contains(d.queue()));
    }

    private static Map<String, Long> counters(NicCounters c) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("rxFrames", c.rxFrames());
        m.put("rxBytes", c.rxBytes());
        m.put("toQueues", c.toQueues());
        m.put("toFastPath", c.toFastPath());
        m.put("toDma", c.toDma());
        c.drops().forEach((reason, n) -> {
            if (n > 0) {
                m.put("drop." + reason.name().toLowerCase(), n);
            }
        });
        for (int q = 0; q < c.perQueue().size(); q++) {
            if (c.perQueue().get(q) > 0) {
                m.put("queue." + q, c.perQueue().get(q));
            }
        }
        return m;
    }
}
