package io.nicplan.service.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.backend.BoundedCapture;
import io.nicplan.flexnic.backend.CompiledNic;
import io.nicplan.flexnic.backend.FlowReplay;
import io.nicplan.flexnic.backend.Installer;
import io.nicplan.flexnic.backend.NicCompiler;
import io.nicplan.flexnic.backend.PlanFile;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.UpdateStatus;
import io.nicplan.flexnic.runtime.UpdateType;
import io.nicplan.graph.Resource;
import io.nicplan.service.nic.ResolvedNic;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * One emulated NIC held by the service: the emulator the backend compiles the NIC description to,
 * the configuration it holds, and its wire capture. All access goes through this object's lock:
 * the emulator's packet path is single-threaded by design.
 */
final class EmulatorInstance {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Simulated time emulators start at (2023-11-14, so pcap timestamps read as real dates). */
    private static final long START_NANOS = 1_700_000_000_000_000_000L;

    private final String id;
    private final ResolvedNic nic;
    private final Instant createdAt;
    private final SimulatedClock clock = new SimulatedClock(START_NANOS);
    private final BoundedCapture capture;
    private FlexNicEmulator emulator;
    private CompiledNic current;
    private Optional<Applied> applied = Optional.empty();
    private Optional<JsonNode> restored = Optional.empty();

    /** The plan revision whose configuration the emulator holds. */
    record Applied(String planId, int revision, Instant at, JsonNode plan) {
    }

    /**
     * An emulator of {@code nic} with nothing configured.
     *
     * @throws IllegalArgumentException when the backend cannot compile the description (the message says why)
     */
    EmulatorInstance(String id, ResolvedNic nic, Instant createdAt, long captureLimit) {
        this.id = id;
        this.nic = nic;
        this.createdAt = createdAt;
        this.current = NicCompiler.compile(nic.graph(), Configuration.EMPTY);
        this.emulator = Installer.emulator(current, clock);
        this.capture = new BoundedCapture(captureLimit);
        this.emulator.addTap(capture);
    }

    String id() {
        return id;
    }

    ResolvedNic nic() {
        return nic;
    }

    Instant createdAt() {
        return createdAt;
    }

    synchronized Optional<Applied> applied() {
        return applied;
    }

    synchronized Optional<JsonNode> restored() {
        return restored;
    }

    synchronized void restoredWith(JsonNode outcome) {
        restored = Optional.of(outcome);
    }

    /**
     * Writes a plan's configuration with the backend's installer: the fewest updates from what the
     * emulator holds, verified, then one atomic batch. The first configuration, or one that needs
     * another program layout (say another RSS key), starts a fresh emulator of its program, which
     * replaces the old one only when the batch commits. With {@code verifyOnly} nothing changes.
     *
     * @return the outcome: per-update statuses, whether it committed, the fast path's slots and the compiler's notes
     * @throws IllegalArgumentException when the plan's configuration does not fit the NIC or the emulator
     */
    synchronized ObjectNode configure(String planId, int revision, JsonNode plan, boolean verifyOnly) {
        CompiledNic next = NicCompiler.compile(nic.graph(), PlanFile.read(plan.toString(), nic.graph()).configuration());
        boolean fresh = applied.isEmpty() || !Installer.sameLayout(current, next);
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
            applied = Optional.of(new Applied(planId, revision, Instant.now().truncatedTo(ChronoUnit.MICROS), plan));
        }

        ObjectNode out = JSON.objectNode();
        out.put("plan", planId);
        out.put("revision", revision);
        out.put("verifyOnly", verifyOnly);
        out.put("committed", result.committed());
        ArrayNode list = out.putArray("updates");
        for (int i = 0; i < result.updates().size(); i++) {
            Update u = result.updates().get(i);
            ObjectNode o = list.addObject();
            o.put("type", u.type().name());
            o.put("entity", u.entity().toString());
            if (i < result.statuses().size()) {
                UpdateStatus st = result.statuses().get(i);
                o.put("status", st.code().name());
                if (!st.message().isEmpty()) {
                    o.put("message", st.message());
                }
            }
        }
        if (!result.failures().isEmpty()) {
            out.put("failures", result.failures());
        }
        out.put("newProgram", fresh);
        ObjectNode fp = out.putObject("fastPath");
        fp.put("slots", next.fastPath().slots().size());
        fp.put("capacity", flowSlots());
        ArrayNode notes = out.putArray("notes");
        next.notes().forEach(notes::add);
        return out;
    }

    /** Sends every flow at its rate for {@code duration} of simulated time; per flow where its frames went. */
    synchronized List<List<FlowReplay.Delivery>> replay(ProtocolState state, List<Flow> flows, Duration duration,
                                                        int maxPerFlow) {
        return FlowReplay.paced(emulator, clock, state, flows, duration, maxPerFlow);
    }

    synchronized NicCounters counters() {
        return emulator.counters();
    }

    /** The queues the RSS context spreads over now (empty when the NIC has no RSS). */
    synchronized List<Integer> indirection() {
        return emulator.program().rssContexts().stream().findFirst()
                .map(c -> emulator.runtime().readIndirection(c.name())).orElse(List.of());
    }

    synchronized int rxQueues() {
        return current.program().rxQueues();
    }

    /** The pipeline's steering stages, in the order packets meet them (the compiler's fallback stage left out). */
    synchronized List<String> stages() {
        return current.program().tablesInOrder().stream().map(t -> t.name())
                .filter(n -> !n.equals(NicCompiler.FALLBACK_TABLE)).toList();
    }

    /** The RSS indirection table's size: the program's once configured, else what the description declares. */
    synchronized int rssEntries() {
        return current.program().rssContexts().stream().findFirst().map(c -> c.indirection().size())
                .or(() -> nic.graph().resource(Resource.RSS_TABLE_ENTRIES).map(r -> (int) r.capacity())).orElse(0);
    }

    int flowSlots() {
        return nic.graph().resource(Resource.FLOWSTATE_SLOTS).map(r -> (int) r.capacity()).orElse(0);
    }

    /** Table entries the applied configuration installed (none before the first). */
    synchronized int installedEntries() {
        if (applied.isEmpty()) {
            return 0;
        }
        return (int) current.updates().stream()
                .filter(u -> u.type() == UpdateType.INSERT && u.entity() instanceof TableEntry).count();
    }

    synchronized byte[] pcap() {
        return capture.pcap();
    }
}
