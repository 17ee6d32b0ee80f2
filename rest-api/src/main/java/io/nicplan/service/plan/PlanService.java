package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.InputException;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.plan.PlanChange;
import io.nicplan.app.plan.Plans;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.service.problem.InputError;
import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.persistence.PlanRecord;
import io.nicplan.service.persistence.PlanStatus;
import io.nicplan.service.persistence.PlanRepository;
import io.nicplan.service.problem.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Plans: accepts requests (checked first, then queued as jobs), answers their state and best plan,
 * stops them, and changes their flows incrementally once a search has ended.
 */
@Service
public class PlanService {
    private final PlanRepository repository;
    private final PlanJobs jobs;
    private final PlanInputReader reader;
    private final ObjectMapper json;
    /** One incremental change at a time per plan. */
    private final Map<String, Object> changeLocks = new ConcurrentHashMap<>();

    private final SearchExecutor executor;
    private final LimitsProperties limits;

    public PlanService(PlanRepository repository, PlanJobs jobs, PlanInputReader reader, ObjectMapper json,
                       SearchExecutor executor, LimitsProperties limits) {
        this.executor = executor;
        this.limits = limits;
        this.repository = repository;
        this.jobs = jobs;
        this.reader = reader;
        this.json = json;
    }

    /** Checks the request and queues its search (429 when the queue is full). */
    public PlanView submit(PlanRequest request) {
        PlanInputReader.Accepted a = reader.read(request);
        PlanRecord r = jobs.submit(a.inputs().nic().id(), a.inputs().json(), a.prepared().search());
        return view(r);
    }

    public PlanView get(String id) {
        return view(find(id));
    }

    /** Every plan's status (without inputs and results, which {@link #get} answers). */
    public List<PlanStatusView> list() {
        return repository.findAllStatuses().stream().map(r -> new PlanStatusView(r.id(), r.nicRef(), r.status(),
                r.revision(), r.hasPlan(), r.updatedAt(), r.error())).toList();
    }

    public PlanStatusView status(String id) {
        PlanRecord r = find(id);
        return new PlanStatusView(r.id(), r.nicRef(), r.status(), r.revision(), r.resultJson().isPresent(),
                r.updatedAt(), r.error());
    }

    /** How many plans are in each status, and how busy the search runners are. */
    public PlanSummary summary() {
        Map<PlanStatus, Long> counts = repository.countByStatus();
        return new PlanSummary(counts.get(PlanStatus.QUEUED), counts.get(PlanStatus.SOLVING),
                counts.get(PlanStatus.COMPLETED), counts.get(PlanStatus.STOPPED), counts.get(PlanStatus.FAILED),
                counts.get(PlanStatus.INTERRUPTED), executor.running(), executor.waiting(),
                limits.concurrentSearches(), limits.searchQueueSize());
    }

    /** Plans by status and the search runners' occupancy. */
    public record PlanSummary(long queued, long solving, long completed, long stopped, long failed, long interrupted,
                              int runnersBusy, int waiting, int runners, int queueSize) {
    }

    /** Stops a queued or running search; the best plan so far is kept. A finished plan is answered as it is. */
    public PlanView stop(String id) {
        find(id);
        jobs.stop(id);
        return view(find(id));
    }

    /**
     * Stops the plan's search if it still runs and deletes the plan with its revisions. Emulators it
     * was applied to keep their copy (their configuration history holds the plan as applied).
     */
    public void discard(String id) {
        find(id);
        jobs.stop(id);
        repository.delete(id);
        changeLocks.remove(id);
    }

    /** Adds flows to a plan whose search has ended, re-planning from its plan; answers the diff. */
    public PlanChangeView addFlows(String id, JsonNode flows) {
        synchronized (changeLocks.computeIfAbsent(id, k -> new Object())) {
            PlanRecord r = changeable(id);
            PlanInputs current = reader.stored(id, r.requestJson());
            PlanInputReader.Addition a = reader.addFlows(current, flows);
            return store(r, a.inputs(), replan(current, r, a.inputs()));
        }
    }

    /** Removes one flow, re-planning from the plan; answers the diff. */
    public PlanChangeView removeFlow(String id, String flowId) {
        synchronized (changeLocks.computeIfAbsent(id, k -> new Object())) {
            PlanRecord r = changeable(id);
            PlanInputs current = reader.stored(id, r.requestJson());
            PlanInputs next = reader.removeFlow(id, current, flowId);
            return store(r, next, replan(current, r, next));
        }
    }

    /** The stored plan of {@code current}'s inputs re-planned for {@code next}'s flows. */
    private PlanChange replan(PlanInputs current, PlanRecord r, PlanInputs next) {
        Plans.Prepared prepared = reader.prepare(current);
        Plan plan = Plans.rebuild(prepared, read(r.resultJson().orElseThrow()));
        return Plans.replan(prepared, plan, next.state());
    }

    /** The inputs and plan of a plan's current revision, for the emulator and the embedding. */
    public record Current(PlanRecord record, PlanInputs inputs, JsonNode plan) {
    }

    /** A plan with a result, ready to be applied; 409 while it has none. */
    public Current current(String id) {
        PlanRecord r = find(id);
        if (r.resultJson().isEmpty()) {
            throw ApiProblem.conflict("plan " + id + " has no plan yet (status " + r.status() + ")");
        }
        return new Current(r, reader.stored(id, r.requestJson()), read(r.resultJson().get()));
    }

    /** The plan's embedding (the protocol stack behind every queue of the configured NIC). */
    public String embedding(String id, Embedder.Format format) {
        Current c = current(id);
        DataflowGraph prg = c.inputs().nic().graph();
        Configuration configuration;
        try {
            configuration = Embeddings.readConfiguration(prg, c.plan().path("configuration").toString());
        } catch (InputException e) {
            // The plan came from the optimizer, not from the client: this is a disagreement between
            // the optimizer and the NIC description, reported with the embedder's findings.
            throw ApiProblem.conflict("the plan's configuration does not fit " + prg.name() + ": " + e.getMessage(),
                    e.problems().stream().map(p -> new InputError("/plan/configuration" + p.pointer(), p.message()))
                            .toList());
        }
        return Embeddings.render(Embeddings.embed(prg, c.inputs().state(), configuration), format);
    }

    private PlanChangeView store(PlanRecord r, PlanInputs next, PlanChange c) {
        JsonNode diff = c.diffJson();
        if (!repository.updateRevision(r.id(), r.revision(), write(next.json()), write(Plans.toJson(c.plan())),
                write(diff))) {
            throw ApiProblem.conflict("plan " + r.id() + " changed while this change was computed; send it again");
        }
        return new PlanChangeView(view(find(r.id())), diff);
    }

    private PlanRecord changeable(String id) {
        PlanRecord r = find(id);
        if (r.status().isActive()) {
            throw ApiProblem.conflict("plan " + id + " is " + r.status() + "; change its flows once the search has ended"
                    + " (or stop it with DELETE /api/plans/" + id + ")");
        }
        if (r.resultJson().isEmpty()) {
            throw ApiProblem.conflict("plan " + id + " has no plan to change (status " + r.status() + ")");
        }
        return r;
    }

    private PlanRecord find(String id) {
        return repository.findById(id).orElseThrow(() -> ApiProblem.notFound("plan", id));
    }

    private PlanView view(PlanRecord r) {
        return new PlanView(r.id(), r.nicRef(), r.status(), r.revision(), r.createdAt(), r.updatedAt(),
                new RawJson(r.requestJson()), r.resultJson().map(RawJson::new), r.lastChangeJson().map(RawJson::new),
                r.error());
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
