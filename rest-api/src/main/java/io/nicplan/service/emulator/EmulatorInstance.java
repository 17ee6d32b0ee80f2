package io.nicplan.service.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.flexnic.pipeline.PacketOutcome;
import io.nicplan.flexnic.program.Entity;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.UpdateStatus;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.flexnic.runtime.WriteResponse;
import io.nicplan.service.nic.ResolvedNic;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One emulated FlexNIC held by the service, with what it was configured with. All access goes
 * through this object's lock: the emulator's packet path is single-threaded by design.
 */
final class EmulatorInstance {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String id;
    private final ResolvedNic nic;
    private final Instant createdAt;
    private final FlexNicTarget.Layout layout;
    private final SimulatedClock clock = new SimulatedClock(0);
    private final FlexNicEmulator emulator;
    private final FlowStateSlots slots;
    private final BoundedCapture capture;
    private Map<String, List<TableEntry>> installed = new LinkedHashMap<>();
    private List<Integer> indirection;
    private Optional<Applied> applied = Optional.empty();
    private Optional<JsonNode> restored = Optional.empty();

    /** The plan revision whose configuration the emulator holds. */
    record Applied(String planId, int revision, Instant at, JsonNode plan) {
    }

    EmulatorInstance(String id, ResolvedNic nic, Instant createdAt, long captureLimit) {
        this.id = id;
        this.nic = nic;
        this.createdAt = createdAt;
        this.layout = FlexNicTarget.layout(nic.graph());
        this.emulator = new FlexNicEmulator(FlexNicTarget.program(layout), EmulatorConfig.DEFAULT, clock);
        this.slots = new FlowStateSlots(layout.flowSlots());
        this.emulator.attachFastPath(slots);
        this.capture = new BoundedCapture(captureLimit);
        this.emulator.addTap(capture);
        this.indirection = emulator.program().rssContexts().get(0).indirection();
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

    FlexNicTarget.Layout layout() {
        return layout;
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
     * Writes a plan's configuration as one atomic batch: entries the tables hold but the plan does
     * not are deleted, new ones inserted, changed actions modified, the RSS table replaced; the
     * fast path's slots follow when the batch commits. With {@code verifyOnly} nothing changes.
     *
     * @return the outcome: per-update statuses, whether it committed, and what has no emulator state
     */
    synchronized ObjectNode configure(String planId, int revision, JsonNode plan, boolean verifyOnly) {
        JsonNode configuration = plan.path("configuration");
        Map<String, List<TableEntry>> wanted = FlexNicTarget.entries(layout, configuration);
        Optional<List<Integer>> table = FlexNicTarget.indirection(layout, configuration);
        Map<FlowStateSlots.Key, Integer> flowSlots = FlexNicTarget.flowSlots(layout, configuration);

        List<Update> updates = new ArrayList<>();
        for (Map.Entry<String, List<TableEntry>> t : wanted.entrySet()) {
            Map<List<Object>, TableEntry> before = byIdentity(installed.getOrDefault(t.getKey(), List.of()));
            Map<List<Object>, TableEntry> after = byIdentity(t.getValue());
            before.forEach((k, e) -> {
                if (!after.containsKey(k)) {
                    updates.add(Update.delete(e));
                }
            });
            after.forEach((k, e) -> {
                TableEntry old = before.get(k);
                if (old == null) {
                    updates.add(Update.insert(e));
                } else if (!old.action().equals(e.action())) {
                    updates.add(Update.modify(e));
                }
            });
        }
        table.filter(t -> !t.equals(indirection))
                .ifPresent(t -> updates.add(Update.setIndirection(FlexNicTarget.RSS_CONTEXT, t)));
        boolean slotsFit = flowSlots.size() <= slots.capacity();
        WriteResponse response;
        if (updates.isEmpty()) {
            // The tables already hold exactly this configuration: there is nothing to write.
            response = new WriteResponse(List.of(), true, 0);
        } else {
            WriteRequest request = WriteRequest.atomic(updates);
            response = emulator.runtime().write(verifyOnly || !slotsFit ? request.verifyOnly() : request);
        }
        boolean committed = !verifyOnly && slotsFit && response.committed();
        if (committed) {
            installed = wanted;
            table.ifPresent(t -> indirection = List.copyOf(t));
            slots.replaceAll(flowSlots);
        }

        ObjectNode out = JSON.objectNode();
        out.put("plan", planId);
        out.put("revision", revision);
        out.put("verifyOnly", verifyOnly);
        out.put("committed", committed);
        ArrayNode list = out.putArray("updates");
        for (int i = 0; i < updates.size(); i++) {
            Update u = updates.get(i);
            UpdateStatus st = response.status(i);
            ObjectNode o = list.addObject();
            o.put("type", u.type().name());
            o.put("entity", describe(u.entity()));
            o.put("status", st.code().name());
            if (!st.message().isEmpty()) {
                o.put("message", st.message());
            }
        }
        ObjectNode fp = out.putObject("fastPath");
        fp.put("slots", flowSlots.size());
        fp.put("capacity", slots.capacity());
        fp.put("status", slotsFit ? "OK" : "RESOURCE_EXHAUSTED");
        ArrayNode na = out.putArray("notApplicable");
        FlexNicTarget.notApplicable(layout, configuration).forEach(na::add);
        if (committed) {
            applied = Optional.of(new Applied(planId, revision, Instant.now().truncatedTo(ChronoUnit.MICROS), plan));
        }
        return out;
    }

    /** Delivers one frame at simulated time {@code nanos} and says where it went; the host consumes queues at once. */
    synchronized Delivery receive(byte[] frame, long nanos) {
        if (nanos > clock.nanos()) {
            clock.advanceTo(nanos);
        }
        PacketOutcome o = emulator.receive(frame);
        Delivery d = new Delivery(o.fate().name(), o.queue(), o.dropped() ? o.dropReason().name() : "");
        if (o.queue() >= 0) {
            emulator.rxQueue(o.queue()).drain();
        }
        return d;
    }

    /** Where one frame ended: its fate, its RX queue (or -1), and the drop reason if dropped. */
    record Delivery(String fate, int queue, String dropReason) {
    }

    synchronized long clockNanos() {
        return clock.nanos();
    }

    synchronized NicCounters counters() {
        return emulator.counters();
    }

    synchronized List<Integer> indirection() {
        return indirection;
    }

    synchronized int installedEntries() {
        return installed.values().stream().mapToInt(List::size).sum();
    }

    synchronized int fastPathSlots() {
        return slots.size();
    }

    synchronized byte[] pcap() {
        return capture.pcap();
    }

    synchronized long capturedFrames() {
        return capture.frames();
    }

    synchronized long captureSkipped() {
        return capture.skipped();
    }

    /** An entry's identity in its table: matches and priority (P4Runtime), not its action. */
    private static Map<List<Object>, TableEntry> byIdentity(List<TableEntry> entries) {
        Map<List<Object>, TableEntry> out = new LinkedHashMap<>();
        for (TableEntry e : entries) {
            List<FieldMatch> sorted = new ArrayList<>(e.matches());
            sorted.sort(java.util.Comparator.comparing(m -> m.field().ordinal()));
            out.put(List.of(sorted, e.priority()), e);
        }
        return out;
    }

    private static String describe(Entity entity) {
        return entity.toString();
    }
}
