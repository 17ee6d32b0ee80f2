package io.nicplan.app.emulate;

import io.nicplan.app.InputException;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.backend.ApplyReport;
import io.nicplan.flexnic.backend.Backend;
import io.nicplan.flexnic.backend.BoundedCapture;
import io.nicplan.flexnic.backend.CompiledNic;
import io.nicplan.flexnic.backend.FlexTcpTraffic;
import io.nicplan.flexnic.backend.FlowReplay;
import io.nicplan.flexnic.backend.Installer;
import io.nicplan.flexnic.backend.NicCompiler;
import io.nicplan.flexnic.backend.PlanFile;
import io.nicplan.flexnic.backend.Predictions;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.UpdateStatus;
import io.nicplan.flexnic.runtime.UpdateType;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A NIC description running on the FlexNIC emulator: plans' configurations compiled and written into it
 * (verified, then one atomic batch), traffic replayed through it, its counters and wire capture read out.
 * The one class of the application that talks to the backend. All access goes through this object's lock:
 * the emulator's packet path is single-threaded by design.
 *
 * <pre>{@code
 * EmulatedNic nic = EmulatedNic.of(prg, 8 << 20);
 * InstallOutcome o = nic.install(planJson, false);
 * TrafficReport r = nic.replay(state, state.flows(), Duration.ofMillis(10), 100, Prediction.of(planTree));
 * }</pre>
 */
public final class EmulatedNic {
    /** Simulated time emulators start at (2023-11-14, so pcap timestamps read as real dates). */
    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    /** Seed of FlexTCP connections' data, sequence numbers and ports: every replay is reproducible. */
    private static final long CONNECTION_SEED = 1;

    private final DataflowGraph prg;
    private final SimulatedClock clock = new SimulatedClock(START_NANOS);
    private final BoundedCapture capture;
    private FlexNicEmulator emulator;
    private CompiledNic current;
    private boolean configured;

    private final long captureLimit;

    private EmulatedNic(DataflowGraph prg, long captureLimit) {
        this.prg = prg;
        this.captureLimit = captureLimit;
        this.current = compile(prg, Configuration.EMPTY);
        this.emulator = Installer.emulator(current, clock);
        this.capture = new BoundedCapture(captureLimit);
        this.emulator.addTap(capture);
    }

    /**
     * An emulator of {@code prg} with nothing configured, keeping up to {@code captureLimit} bytes of pcap.
     *
     * @throws InputException when the backend cannot compile the description (the message says why)
     */
    public static EmulatedNic of(DataflowGraph prg, long captureLimit) {
        return new EmulatedNic(prg, captureLimit);
    }

    /**
     * Heap this emulated NIC may hold: the emulator's preallocated rings and the capture at its limit.
     * What a service budgets emulators by (a count says nothing: an 82599 with 128 queue pairs holds
     * about 25 times what a single-queue NIC does).
     */
    public synchronized long memoryBytes() {
        return emulator.memoryBytes() + captureLimit;
    }

    /**
     * Applies a plan once to a fresh emulator of {@code prg} and checks it: install, replay a few frames of
     * every flow of {@code state}, compare each flow's queues with the plan's placements (flows the plan spreads
     * over RSS: the queues the embedder says they may reach).
     *
     * @param planJson a plan (docs/formats.md "Plan")
     * @param pcap where to write every frame on the wire, if anywhere
     * @throws InputException when the plan does not fit the NIC, the emulator cannot run its configuration, or
     *     the capture cannot be written
     */
    public static ApplyReport check(DataflowGraph prg, ProtocolState state, String planJson, Optional<Path> pcap) {
        PlanFile planFile = planFile(planJson, prg);
        try {
            Predictions predicted = planFile.predictions().orElse(Predictions.classify(prg, state, planFile.configuration()));
            return Backend.apply(Embedder.standard(), prg, state, planFile.configuration(), predicted, pcap);
        } catch (NicCompiler.UnsupportedConfigurationException e) {
            throw new InputException("plan", "/configuration", "the emulator cannot run this configuration: " + e.getMessage());
        } catch (IOException e) {
            throw new InputException("cannot write the capture: " + e.getMessage());
        }
    }

    /**
     * Writes a plan's configuration: the fewest updates from what the emulator holds, verified, then one atomic
     * batch. The first configuration, or one that needs another program layout (say another RSS key), starts a
     * fresh emulator of its program, which replaces the old one only when the batch commits. With
     * {@code verifyOnly} nothing changes.
     *
     * @throws InputException when the plan's configuration does not fit the NIC or the emulator
     */
    public synchronized InstallOutcome install(String planJson, boolean verifyOnly) {
        CompiledNic next = compile(prg, planFile(planJson, prg).configuration());
        boolean fresh = !configured || !Installer.sameLayout(current, next);
        FlexNicEmulator target = fresh ? Installer.emulator(next, clock) : emulator;
        Installer.InstallResult result;
        if (fresh) {
            result = verifyOnly ? Installer.verify(target, next) : Installer.install(target, next);
        } else {
            result = verifyOnly ? Installer.verifyReplace(target, current, next) : Installer.replace(target, current, next);
        }
        if (result.committed()) {
            if (fresh) {
                target.addTap(capture);
                emulator = target;
            }
            current = next;
            configured = true;
        }
        List<InstallOutcome.Write> writes = new ArrayList<>();
        for (int i = 0; i < result.updates().size(); i++) {
            Update u = result.updates().get(i);
            Optional<UpdateStatus> st = i < result.statuses().size() ? Optional.of(result.statuses().get(i)) : Optional.empty();
            writes.add(new InstallOutcome.Write(u.type().name(), u.entity().toString(), st.map(s -> s.code().name()),
                    st.map(UpdateStatus::message).orElse("")));
        }
        return new InstallOutcome(verifyOnly, result.committed(), writes, result.failures(), fresh,
                next.flexTcp().connections().size(), flowSlots(), next.notes());
    }

    /** Frames {@link #replay} sends for {@code flow}: its rate over {@code duration}, at most {@code maxPerFlow}. */
    public static long packets(Flow flow, Duration duration, int maxPerFlow) {
        return FlowReplay.packets(flow, duration, maxPerFlow);
    }

    /**
     * Sends every flow at its rate for {@code duration} of simulated time and reports where its frames went
     * against {@code predicted} (a flow predicted on RSS may land on any queue of the RSS indirection table).
     * A TCP flow the installed plan puts on FlexTCP's fast path is driven as a connection instead
     * ({@link FlexTcpTraffic}, {@value FlexTcpTraffic#DEFAULT_BYTES} bytes): its segments count as its packets, and
     * it agrees when every byte arrived byte-exact with the flow state naming the predicted queue.
     */
    public synchronized TrafficReport replay(ProtocolState state, List<Flow> flows, Duration duration, int maxPerFlow,
                                             Map<String, Prediction> predicted) {
        List<Flow> paced = flows.stream().filter(f -> !configured || FlexTcpTraffic.connectionOf(f, current.flexTcp()).isEmpty())
                .toList();
        List<List<FlowReplay.Delivery>> pacedSeen = FlowReplay.paced(emulator, clock, state, paced, duration, maxPerFlow);
        List<FlexTcpTraffic.ConnectionReport> connections = paced.size() == flows.size() ? List.of()
                : FlexTcpTraffic.drive(emulator, current.flexTcp(), state, flows, CONNECTION_SEED, FlexTcpTraffic.DEFAULT_BYTES);
        List<Integer> rssQueues = indirection();
        List<TrafficReport.FlowResult> results = new ArrayList<>();
        int nextPaced = 0;
        int nextConnection = 0;
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            Optional<Prediction> p = Optional.ofNullable(predicted.get(f.id()));
            if (nextPaced >= paced.size() || paced.get(nextPaced) != f) {
                results.add(connectionResult(f, connections.get(nextConnection++), p, rssQueues));
                continue;
            }
            List<FlowReplay.Delivery> frames = pacedSeen.get(nextPaced++);
            Map<Integer, Long> queues = new TreeMap<>();
            Map<String, Long> drops = new TreeMap<>();
            long fastPath = 0;
            for (FlowReplay.Delivery d : frames) {
                if (d.dropReason().isPresent()) {
                    drops.merge(d.dropReason().get().toUpperCase(), 1L, Long::sum);
                } else if (d.queue() >= 0) {
                    queues.merge(d.queue(), 1L, Long::sum);
                    fastPath += d.fate().equals("FAST_PATH") ? 1 : 0;
                } else {
                    drops.merge("OTHER_" + d.fate(), 1L, Long::sum);
                }
            }
            Optional<Boolean> agree = Optional.empty();
            if (p.isPresent()) {
                Set<Integer> expected = p.get().queue().map(Set::of).orElseGet(() -> new TreeSet<>(rssQueues));
                // A flow predicted to reach no queue is one the plan drops; here every placement names a queue or RSS.
                long onFastPath = fastPath;
                agree = Optional.of(!expected.isEmpty() && Backend.agrees(expected, frames)
                        && (!p.get().fastPath() || onFastPath == frames.size()));
            }
            results.add(new TrafficReport.FlowResult(f.id(), frames.size(), p, new TreeMap<>(queues), fastPath,
                    new TreeMap<>(drops), agree, Optional.empty()));
        }
        return new TrafficReport(results);
    }

    /** A fast-path flow's connection as a traffic result: its received segments, the fast path's on the context's queue. */
    private static TrafficReport.FlowResult connectionResult(Flow f, FlexTcpTraffic.ConnectionReport c, Optional<Prediction> p,
                                                             List<Integer> rssQueues) {
        Map<Integer, Long> queues = new TreeMap<>();
        if (c.context() >= 0 && c.fastPathSegments() > 0) {
            queues.put(c.context(), c.fastPathSegments());
        }
        Optional<Boolean> agree = p.map(pr -> {
            Set<Integer> expected = pr.queue().map(Set::of).orElseGet(() -> new TreeSet<>(rssQueues));
            return c.matchesPlan() && expected.contains(c.context());
        });
        return new TrafficReport.FlowResult(f.id(), (int) (c.fastPathSegments() + c.slowPathSegments()), p, new TreeMap<>(queues),
                c.fastPathSegments(), new TreeMap<>(), agree, Optional.of(c));
    }

    public synchronized NicCounters counters() {
        return emulator.counters();
    }

    /** The queues the RSS context spreads over now (empty when the NIC has no RSS). */
    public synchronized List<Integer> indirection() {
        return emulator.program().rssContexts().stream().findFirst()
                .map(c -> emulator.runtime().readIndirection(c.name())).orElse(List.of());
    }

    public synchronized int rxQueues() {
        return current.program().rxQueues();
    }

    /** The pipeline's steering stages, in the order packets meet them (the compiler's fallback stage left out). */
    public synchronized List<String> stages() {
        return current.program().tablesInOrder().stream().map(t -> t.name())
                .filter(n -> !n.equals(NicCompiler.FALLBACK_TABLE)).toList();
    }

    /** The RSS indirection table's size: the program's once configured, else what the description declares. */
    public synchronized int rssEntries() {
        return current.program().rssContexts().stream().findFirst().map(c -> c.indirection().size())
                .or(() -> prg.resource(Resource.RSS_TABLE_ENTRIES).map(r -> (int) r.capacity())).orElse(0);
    }

    /** FlexTCP flow-state slots the description declares. */
    public int flowSlots() {
        return prg.resource(Resource.FLOWSTATE_SLOTS).map(r -> (int) r.capacity()).orElse(0);
    }

    /** Table entries the applied configuration installed (none before the first). */
    public synchronized int installedEntries() {
        if (!configured) {
            return 0;
        }
        return (int) current.updates().stream()
                .filter(u -> u.type() == UpdateType.INSERT && u.entity() instanceof TableEntry).count();
    }

    /** The captured wire (received and transmitted frames) as a pcap file. */
    public synchronized byte[] pcap() {
        return capture.pcap();
    }

    private static CompiledNic compile(DataflowGraph prg, Configuration configuration) {
        try {
            return NicCompiler.compile(Embedder.standard(), prg, configuration);
        } catch (IllegalArgumentException e) {
            throw new InputException("NIC description", "", e.getMessage());
        }
    }

    private static PlanFile planFile(String planJson, DataflowGraph prg) {
        try {
            return PlanFile.read(planJson, prg);
        } catch (InvalidInputException e) {
            throw InputException.of(e).within("/configuration");
        } catch (IllegalArgumentException e) {
            throw new InputException("plan", "", e.getMessage());
        }
    }
}
