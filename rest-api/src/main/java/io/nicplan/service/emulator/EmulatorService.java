package io.nicplan.service.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.InputException;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.emulate.EmulatedNic;
import io.nicplan.app.emulate.Prediction;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.fleet.FleetInstance;
import io.nicplan.service.nic.NicService;
import io.nicplan.service.nic.ResolvedNic;
import io.nicplan.service.persistence.AppliedConfiguration;
import io.nicplan.service.persistence.EmulatorRecord;
import io.nicplan.service.persistence.EmulatorRepository;
import io.nicplan.service.plan.PlanService;
import io.nicplan.service.problem.ApiProblem;
import io.nicplan.service.problem.InputError;
import io.nicplan.service.work.RequestWork;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;

/**
 * Emulated NICs: created from any NIC description the backend compiles (the application's
 * {@link EmulatedNic}), configured with plans (every write
 * recorded), driven with traffic, read out (counters, pcap). Instances live in memory; at start-up
 * every recorded instance is created again and its last applied configuration re-applied.
 */
@Service
public class EmulatorService implements SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorService.class);
    private final EmulatorRepository repository;
    private final NicService nics;
    private final PlanService plans;
    private final LimitsProperties limits;
    private final ObjectMapper json;
    private final Map<String, EmulatorInstance> instances = new ConcurrentHashMap<>();
    /** The heap an emulator of each description was measured to hold, so known sizes are refused before allocating. */
    private final Map<String, Long> sizeByDescription = new ConcurrentHashMap<>();

    private final EmulatorMetrics metrics;
    private final FleetInstance fleet;

    public EmulatorService(EmulatorRepository repository, NicService nics, PlanService plans, LimitsProperties limits,
                           ObjectMapper json, EmulatorMetrics metrics, FleetInstance fleet) {
        this.fleet = fleet;
        this.metrics = metrics;
        this.repository = repository;
        this.nics = nics;
        this.plans = plans;
        this.limits = limits;
        this.json = json;
    }

    /**
     * Re-creates the recorded emulators and re-applies what each last had applied: all of them over an embedded
     * database; over a shared one, those no living instance holds (docs/service.md "A fleet of instances").
     */
    @Override
    public void afterSingletonsInstantiated() {
        for (EmulatorRecord r : repository.findAll()) {
            Optional<String> holder = repository.holder(r.id());
            if (!fleet.embeddedDatabase() && holder.isPresent() && fleet.alive(holder.get())) {
                continue;
            }
            adopt(r, holder);
        }
    }

    /**
     * Makes this instance the holder of a recorded emulator and rebuilds it from its stored configuration; empty
     * when another instance adopted it first or it cannot be rebuilt.
     */
    private Optional<EmulatorInstance> adopt(EmulatorRecord r, Optional<String> previousHolder) {
        if (!previousHolder.equals(Optional.of(fleet.id())) && !repository.takeOver(r.id(), previousHolder, fleet.id())) {
            return Optional.empty();
        }
        Optional<ResolvedNic> nic = nics.find(r.description());
        if (nic.isEmpty()) {
            LOG.warn("emulator {}: its description '{}' is gone; not restored", r.id(), r.description());
            return Optional.empty();
        }
        EmulatorInstance inst;
        try {
            inst = new EmulatorInstance(r.id(), nic.get(), r.createdAt(), limits.maxCaptureSize().toBytes());
        } catch (InputException e) {
            LOG.warn("emulator {}: the backend no longer compiles '{}' ({}); not restored", r.id(), r.description(),
                    e.getMessage());
            return Optional.empty();
        }
        instances.put(r.id(), inst);
        repository.lastApplied(r.id()).ifPresent(c -> restore(inst, c));
        return Optional.of(inst);
    }

    private void restore(EmulatorInstance inst, AppliedConfiguration c) {
        ObjectNode outcome;
        try {
            outcome = inst.configure(c.planId(), c.planRevision(), json.readTree(c.planSnapshotJson()), false);
        } catch (JsonProcessingException | RuntimeException e) {
            outcome = json.createObjectNode().put("committed", false).put("error", String.valueOf(e.getMessage()));
        }
        outcome.put("restoredAt", Instant.now().toString());
        outcome.put("recordedAt", c.appliedAt().toString());
        inst.restoredWith(outcome);
        LOG.info("emulator {}: re-applied plan {} revision {}: committed={}", inst.id(), c.planId(), c.planRevision(),
                outcome.path("committed").asBoolean());
    }

    /** A new emulator of a NIC description (builtin name or NIC id); 422 if the backend cannot compile it. */
    public EmulatorView create(String description) {
        if (instances.size() >= limits.maxEmulators()) {
            throw ApiProblem.conflict(instances.size() + " emulators exist, the most allowed "
                    + "(nicplan.limits.max-emulators); delete one first");
        }
        ResolvedNic nic = nics.find(description).orElseThrow(() -> ApiProblem.invalidInput("emulator request",
                List.of(new InputError("/description", "no NIC description '" + description + "'"))));
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);  // the database keeps microseconds
        synchronized (instances) {
            // Known sizes are refused before anything is allocated; a description seen for the first time is
            // made, measured, and dropped again if it does not fit.
            Long known = sizeByDescription.get(nic.id());
            if (known != null) {
                checkBudget(nic.id(), known);
            }
            EmulatorInstance inst;
            try {
                inst = RequestWork.interruptibly(() -> new EmulatorInstance(id, nic, now,
                        limits.maxCaptureSize().toBytes()));
            } catch (InputException e) {
                throw ApiProblem.invalidInput("emulator request", List.of(new InputError("/description", e.getMessage())));
            }
            long bytes = inst.memoryBytes();
            sizeByDescription.put(nic.id(), bytes);
            checkBudget(nic.id(), bytes);
            repository.insert(new EmulatorRecord(id, nic.id(), now));
            repository.hold(id, fleet.id());
            instances.put(id, inst);
            return view(inst);
        }
    }

    /** 507 when an emulator of {@code bytes} would take the emulators past {@code nicplan.limits.emulator-memory}. */
    private void checkBudget(String description, long bytes) {
        long budget = limits.emulatorMemoryBytes();
        long held = heldBytes();
        if (held + bytes > budget) {
            Map<String, Object> ext = new java.util.LinkedHashMap<>();
            ext.put("neededBytes", bytes);
            ext.put("heldBytes", held);
            ext.put("budgetBytes", budget);
            throw ApiProblem.insufficientStorage("an emulator of '" + description + "' holds " + mib(bytes) + " (rings and"
                    + " capture); " + instances.size() + " emulators hold " + mib(held) + " of the " + mib(budget)
                    + " budget (nicplan.limits.emulator-memory); delete one first", ext);
        }
    }

    private long heldBytes() {
        long held = 0;
        for (EmulatorInstance i : instances.values()) {
            held += i.memoryBytes();
        }
        return held;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    public List<EmulatorView> list() {
        return repository.findAll().stream().map(r -> instances.get(r.id())).filter(java.util.Objects::nonNull)
                .map(this::view).toList();
    }

    public EmulatorView get(String id) {
        return view(find(id));
    }

    public void delete(String id) {
        find(id);
        repository.delete(id);
        instances.remove(id);
        metrics.removed(id);
    }

    /**
     * Writes a plan's configuration (its current revision) as one atomic batch, or only verifies
     * it; every attempt is recorded with the plan as it was.
     */
    public JsonNode configure(String id, String planId, boolean verifyOnly) {
        EmulatorInstance inst = find(id);
        PlanService.Current plan = plans.current(planId);
        if (!plan.inputs().nic().id().equals(inst.nic().id())) {
            throw ApiProblem.conflict("plan " + planId + " was made for NIC '" + plan.inputs().nic().id()
                    + "', this emulator runs '" + inst.nic().id() + "'");
        }
        ObjectNode outcome;
        try {
            outcome = inst.configure(planId, plan.record().revision(), plan.plan(), verifyOnly);
            // A new program starts the counters from zero; the meters keep what they had counted.
            metrics.sync(id, inst.counters());
        } catch (InputException e) {
            throw ApiProblem.conflict("plan " + planId + " cannot be written to this emulator: " + e.getMessage());
        }
        AppliedConfiguration c = repository.append(id, planId, plan.record().revision(),
                outcome.path("committed").asBoolean(), write(plan.plan()), write(outcome));
        outcome.put("seq", c.seq());
        return outcome;
    }

    /** What traffic to send: given flows (protocol-state format) or the applied plan's, for a simulated duration. */
    public record Traffic(Optional<JsonNode> flows, Duration duration, int maxPacketsPerFlow) {
    }

    /** Replays flows through the emulator and answers predicted vs observed per flow, with the counters. */
    public JsonNode traffic(String id, Traffic t) {
        EmulatorInstance inst = find(id);
        EmulatorInstance.Applied applied = inst.applied().orElseThrow(() -> ApiProblem.conflict(
                "emulator " + id + " holds no plan yet; PUT /api/emulators/" + id + "/configuration first"));
        PlanService.Current plan = plans.current(applied.planId());
        ProtocolState state = plan.inputs().state();
        List<Flow> flows = state.flows();
        if (t.flows().isPresent()) {
            flows = readFlows(plan, t.flows().get());
        }
        long total = 0;
        for (Flow f : flows) {
            total += EmulatedNic.packets(f, t.duration(), t.maxPacketsPerFlow());
        }
        if (total > limits.maxTrafficPackets()) {
            throw ApiProblem.tooLarge(total + " packets exceed the limit of " + limits.maxTrafficPackets()
                    + " per request (nicplan.limits.max-traffic-packets); shorten the duration or cap packets per flow");
        }
        List<Flow> replayed = flows;
        // The replay checks for a stop between packets; a stopped replay has moved the counters part of the way.
        ObjectNode out;
        try {
            out = RequestWork.interruptibly(() -> inst.replay(state, replayed, t.duration(),
                    t.maxPacketsPerFlow(), Prediction.of(applied.plan())).toJson());
        } finally {
            metrics.sync(id, inst.counters());
        }
        out.put("plan", applied.planId());
        out.put("revision", applied.revision());
        out.set("counters", json.valueToTree(inst.counters()));
        return out;
    }

    public NicCounters counters(String id) {
        return find(id).counters();
    }

    /** The captured wire (received and transmitted frames) as a pcap file. */
    public byte[] pcap(String id) {
        return find(id).pcap();
    }

    private List<Flow> readFlows(PlanService.Current plan, JsonNode flows) {
        ObjectNode state = plan.inputs().json().get("state").deepCopy();
        state.set("flows", flows);
        try {
            return Embeddings.readState(json.writeValueAsString(state)).flows();
        } catch (InputException e) {
            List<InputError> errors = new ArrayList<>();
            for (InputException.Problem p : e.problems()) {
                errors.add(new InputError(p.pointer().startsWith("/flows") ? p.pointer() : "/state" + p.pointer(),
                        p.message()));
            }
            throw ApiProblem.invalidInput("traffic", errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /**
     * The emulator in this instance's memory. One another living instance holds is a 409 naming that instance (its
     * packets, counters and captures are there); one whose holder died is rebuilt here from its stored
     * configuration, as a restart does.
     */
    private EmulatorInstance find(String id) {
        EmulatorInstance inst = instances.get(id);
        if (inst != null) {
            return inst;
        }
        EmulatorRecord r = repository.findById(id).orElseThrow(() -> ApiProblem.notFound("emulator", id));
        synchronized (instances) {
            inst = instances.get(id);
            if (inst != null) {
                return inst;
            }
            Optional<String> holder = repository.holder(id);
            if (holder.isPresent() && !holder.get().equals(fleet.id()) && fleet.alive(holder.get())) {
                Optional<String> url = fleet.urlOf(holder.get());
                Map<String, Object> where = new java.util.LinkedHashMap<>();
                where.put("holder", holder.get());
                url.ifPresent(u -> where.put("holderUrl", u));
                throw ApiProblem.conflict("emulator " + id + " lives in the memory of service instance " + holder.get()
                        + url.map(u -> " (" + u + ")").orElse("") + "; send its requests there", where);
            }
            return adopt(r, holder).orElseThrow(() -> ApiProblem.conflict("emulator " + id + " could not be rebuilt "
                    + "here from its stored configuration (another instance took it, or its description is gone)"));
        }
    }

    private EmulatorView view(EmulatorInstance inst) {
        return new EmulatorView(inst.id(), inst.nic().id(), inst.createdAt(), inst.rxQueues(), inst.stages(),
                inst.rssEntries(), inst.flowSlots(),
                inst.applied().map(a -> new EmulatorView.Configuration(a.planId(), a.revision(), a.at())),
                inst.installedEntries(), inst.restored());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
