package io.nicplan.service.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.emulate.EmulatedNic;
import io.nicplan.app.emulate.InstallOutcome;
import io.nicplan.app.emulate.Prediction;
import io.nicplan.app.emulate.TrafficReport;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.service.nic.ResolvedNic;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One emulated NIC held by the service: the application's {@link EmulatedNic} of the NIC description, and
 * which plan revision it holds. The emulated NIC serialises access itself; this object's lock guards what
 * the service records beside it.
 */
final class EmulatorInstance {
    private final String id;
    private final ResolvedNic nic;
    private final Instant createdAt;
    private final EmulatedNic emulated;
    private Optional<Applied> applied = Optional.empty();
    private Optional<JsonNode> restored = Optional.empty();

    /** The plan revision whose configuration the emulator holds. */
    record Applied(String planId, int revision, Instant at, JsonNode plan) {
    }

    /**
     * An emulator of {@code nic} with nothing configured.
     *
     * @throws io.nicplan.app.InputException when the backend cannot compile the description (the message says why)
     */
    EmulatorInstance(String id, ResolvedNic nic, Instant createdAt, long captureLimit) {
        this.id = id;
        this.nic = nic;
        this.createdAt = createdAt;
        this.emulated = EmulatedNic.of(nic.graph(), captureLimit);
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
     * Writes a plan's configuration ({@link EmulatedNic#install}); with {@code verifyOnly} nothing changes.
     *
     * @return the outcome: per-update statuses, whether it committed, the fast path's slots and the compiler's notes
     * @throws io.nicplan.app.InputException when the plan's configuration does not fit the NIC or the emulator
     */
    synchronized ObjectNode configure(String planId, int revision, JsonNode plan, boolean verifyOnly) {
        InstallOutcome outcome = emulated.install(plan.toString(), verifyOnly);
        if (outcome.committed()) {
            applied = Optional.of(new Applied(planId, revision, Instant.now().truncatedTo(ChronoUnit.MICROS), plan));
        }
        return outcome.toJson(planId, revision);
    }

    /** Sends every flow at its rate for {@code duration} of simulated time; per flow where its frames went. */
    TrafficReport replay(ProtocolState state, List<Flow> flows, Duration duration, int maxPerFlow,
                         Map<String, Prediction> predicted) {
        return emulated.replay(state, flows, duration, maxPerFlow, predicted);
    }

    NicCounters counters() {
        return emulated.counters();
    }

    int rxQueues() {
        return emulated.rxQueues();
    }

    long memoryBytes() {
        return emulated.memoryBytes();
    }

    List<String> stages() {
        return emulated.stages();
    }

    int rssEntries() {
        return emulated.rssEntries();
    }

    int flowSlots() {
        return emulated.flowSlots();
    }

    int installedEntries() {
        return emulated.installedEntries();
    }

    byte[] pcap() {
        return emulated.pcap();
    }
}
