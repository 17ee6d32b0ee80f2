package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.InputException;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.export.ExportFormat;
import io.nicplan.app.export.ExportOptions;
import io.nicplan.app.export.ExportResult;
import io.nicplan.app.export.Exports;
import io.nicplan.app.export.UnexpressiblePlanException;
import io.nicplan.app.plan.PlanChange;
import io.nicplan.app.plan.Plans;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.service.problem.InputError;
import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.nic.NicService;
import io.nicplan.service.persistence.IdempotencyKey;
import io.nicplan.service.persistence.PlanRecord;
import io.nicplan.service.persistence.PlanStatus;
import io.nicplan.service.persistence.PlanRepository;
import io.nicplan.service.problem.ApiProblem;
import io.nicplan.service.work.BoundedText;
import io.nicplan.service.work.RequestWork;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final PreparationExecutor preparations;
    /**
     * Waits for preparations that outlived their request's answer; the waiting costs a parked thread
     * each, bounded by the preparation pool and its queue.
     */
    private final java.util.concurrent.ExecutorService preparationWatcher =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "nicplan-preparation-watch");
                t.setDaemon(true);
                return t;
            });
    private final LimitsProperties limits;
    private final RenderedPlans rendered;

    public PlanService(PlanRepository repository, PlanJobs jobs, PlanInputReader reader, ObjectMapper json,
                       SearchExecutor executor, PreparationExecutor preparations, LimitsProperties limits,
                       RenderedPlans rendered) {
        this.rendered = rendered;
        this.executor = executor;
        this.preparations = preparations;
        this.limits = limits;
        this.repository = repository;
        this.jobs = jobs;
        this.reader = reader;
        this.json = json;
    }

    /** The longest {@code Idempotency-Key} kept. */
    static final int MAX_IDEMPOTENCY_KEY = 200;

    /**
     * Checks the request (its shape, names and limits, not yet against the NIC's model), stores it and
     * queues its job. With {@code nicplan.limits.preparation-wait} 0 (the default) the answer is 202 at
     * once and the job's runner prepares it before searching. Otherwise it is prepared on the bounded
     * preparation pool and the answer waits for that at most the preparation wait: a request prepared in
     * time is answered as it always was (202, or the 422 naming what the NIC refutes, or 429 when the
     * search queue is full, each storing nothing); a larger one is answered 202 while its preparation
     * goes on. A refusal found after the answer shows as status FAILED with the reason.
     *
     * <p>{@code holder} is the token holder that sent it. With an {@code Idempotency-Key}, a
     * request the same holder sends again with the same key (a client retrying through a load balancer, to any
     * instance) answers the plan the first one created instead of creating another; the same key with different
     * inputs is a 422. Another holder's key never matches: keys are each holder's own.
     */
    public PlanView submit(PlanRequest request, String holder, Optional<String> idempotencyKeyHeader) {
        if (idempotencyKeyHeader.isPresent() && (idempotencyKeyHeader.get().isBlank()
                || idempotencyKeyHeader.get().length() > MAX_IDEMPOTENCY_KEY)) {
            throw ApiProblem.badRequest("the Idempotency-Key header must have 1 to " + MAX_IDEMPOTENCY_KEY
                    + " characters");
        }
        Optional<IdempotencyKey> idempotencyKey = idempotencyKeyHeader.map(key -> new IdempotencyKey(holder, key));
        PlanInputs inputs = reader.read(request);
        if (idempotencyKey.isPresent()) {
            Optional<PlanRecord> earlier = repository.findByIdempotencyKey(idempotencyKey.get());
            if (earlier.isPresent()) {
                return sameRequest(earlier.get(), inputs);
            }
        }
        PlanRecord record;
        try {
            record = jobs.create(inputs.nic().id(), inputs.json(), idempotencyKey);
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            // The same key sent twice at once (to this or another instance): the first insert won.
            return sameRequest(repository.findByIdempotencyKey(idempotencyKey.orElseThrow()).orElseThrow(() -> raced),
                    inputs);
        }
        if (limits.preparationWait().isZero()) {
            // The default: answer 202 now; the search's runner prepares the job first (what the NIC refutes
            // then makes it FAILED, with the pointers in its error).
            try {
                jobs.prepareAndStart(record.id(), inputs);
            } catch (RuntimeException busy) {
                repository.delete(record.id());
                throw busy;
            }
            return view(record);
        }
        Future<Plans.Prepared> preparation;
        try {
            preparation = preparations.submit(() -> reader.prepare(inputs));
        } catch (RuntimeException busy) {
            repository.delete(record.id());
            throw busy;
        }
        try {
            Plans.Prepared prepared = preparation.get(limits.preparationWait().toMillis(), TimeUnit.MILLISECONDS);
            try {
                jobs.start(record.id(), inputs.strategy().cliName(), prepared.search());
            } catch (RuntimeException busy) {
                repository.delete(record.id());
                throw busy;
            }
        } catch (ExecutionException refused) {
            repository.delete(record.id());
            throw refused.getCause() instanceof RuntimeException r ? r : new IllegalStateException(refused.getCause());
        } catch (TimeoutException stillPreparing) {
            preparationGoesOn(record.id(), inputs.strategy().cliName(), preparation);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            preparationGoesOn(record.id(), inputs.strategy().cliName(), preparation);
        }
        return view(find(record.id()));
    }

    /** The answer to a retried POST: the plan its key created, if the inputs are the same. */
    private PlanView sameRequest(PlanRecord earlier, PlanInputs inputs) {
        if (earlier.revision() == 1 && !read(earlier.requestJson()).equals(inputs.json())) {
            throw ApiProblem.unprocessable("idempotency-key-reused", "Idempotency Key Reused", "the Idempotency-Key "
                    + "was used before for plan " + earlier.id() + " with other inputs; use a new key for a new plan",
                    Map.of("plan", earlier.id()));
        }
        return view(earlier);
    }

    /** The request was answered before its preparation ended: start the search, or record the refusal, when it does. */
    private void preparationGoesOn(String id, String strategy, Future<Plans.Prepared> preparation) {
        preparationWatcher.execute(() -> {
            try {
                jobs.start(id, strategy, preparation.get().search());
            } catch (ExecutionException refused) {
                jobs.failBeforeSearch(id, PlanJobs.describeRefusal(refused.getCause()));
            } catch (ApiProblem busy) {
                jobs.failBeforeSearch(id, "prepared, but the search queue was full: " + busy.getBody().getDetail());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    public PlanView get(String id) {
        return view(find(id));
    }

    /** A plan as {@link #get} answers it, rendered as JSON with its entity tag; unchanged plans come from memory. */
    public Rendered rendered(String id) {
        Optional<PlanRecord> stored = repository.findById(id);
        if (stored.isEmpty()) {
            rendered.evict(id);  // deleted, maybe by another instance
            throw ApiProblem.notFound("plan", id);
        }
        RenderedPlans.Rendered r = rendered.of(stored.get(), record -> {
            try {
                return json.writeValueAsBytes(view(record));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a plan view", e);
            }
        });
        return new Rendered(r.body(), r.etag());
    }

    /** A plan's JSON and its strong entity tag ({@code "..."}, quotes included). */
    public record Rendered(byte[] json, String etag) {
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
                limits.searchRunners(), limits.searchQueueSize());
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
        rendered.evict(id);
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
        JsonNode stored = read(r.resultJson().orElseThrow());
        // A re-plan stopped by its request's deadline or client ends here and stores nothing.
        return RequestWork.interruptibly(() -> {
            Plans.Prepared prepared = reader.prepare(current);
            Plan plan = Plans.rebuild(prepared, stored);
            return Plans.replan(prepared, plan, next.state());
        });
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
        return RequestWork.interruptibly(() -> BoundedText.check(limits.maxResponseSize().toBytes(),
                "the " + format.name().toLowerCase(java.util.Locale.ROOT) + " embedding of plan " + id,
                render(c, format)));
    }

    /** The plan's embedding as DOT, with alike queues drawn once when {@code collapse}. */
    public String embeddingDot(String id, boolean collapse) {
        Current c = current(id);
        String what = "the DOT embedding of plan " + id;
        return RequestWork.interruptibly(() -> {
            DataflowGraph prg = c.inputs().nic().graph();
            var embedding = Embeddings.embed(prg, c.inputs().state(), configuration(c, prg));
            return BoundedText.check(limits.maxResponseSize().toBytes(), what, collapse
                    ? Embeddings.renderCollapsedDot(embedding) : Embeddings.render(embedding, Embedder.Format.DOT));
        });
    }

    /** {@link #embeddingDot} drawn by Graphviz; 501 where it is not installed. */
    public String embeddingSvg(String id, boolean collapse) {
        return NicService.drawn(limits.maxResponseSize().toBytes(), "the SVG embedding of plan " + id,
                embeddingDot(id, collapse));
    }

    private static String render(Current c, Embedder.Format format) {
        DataflowGraph prg = c.inputs().nic().graph();
        return Embeddings.render(Embeddings.embed(prg, c.inputs().state(), configuration(c, prg)), format);
    }

    /**
     * The plan as ethtool, tc or testpmd commands for its NIC's Linux driver (docs/export.md); 422 naming every
     * part the format or driver cannot carry out.
     */
    public ExportResult export(String id, ExportFormat format, ExportOptions options) {
        return export(id, format, options, Optional.empty());
    }

    /**
     * As {@link #export(String, ExportFormat, ExportOptions)}; with {@code from}, only the commands that take the NIC
     * from plan {@code from}'s configuration (what its export installed) to this plan's, in a safe order (docs/export.md
     * "Diff"). The problem of a plan the target cannot take names the format, the target and every part ({@code reasons}).
     */
    public ExportResult export(String id, ExportFormat format, ExportOptions options, Optional<String> from) {
        Current c = current(id);
        DataflowGraph prg = c.inputs().nic().graph();
        try {
            if (from.isEmpty()) {
                return Exports.export(prg, configuration(c, prg), format, options);
            }
            Current before = current(from.get());
            DataflowGraph fromPrg = before.inputs().nic().graph();
            if (!fromPrg.name().equals(prg.name())) {
                throw ApiProblem.unprocessable("export-from-other-nic", "Plans For Different NICs", "plan " + from.get()
                        + " is for " + fromPrg.name() + " and plan " + id + " for " + prg.name() + ": a diff is between two "
                        + "plans of one NIC", Map.of());
            }
            return Exports.diff(prg, configuration(before, prg), configuration(c, prg), format, options);
        } catch (UnexpressiblePlanException e) {
            throw ApiProblem.unprocessable("unexpressible-plan", "Plan Not Expressible", e.getMessage(),
                    Map.of("reasons", e.reasons(), "format", e.format(), "target", e.target()));
        }
    }

    private static Configuration configuration(Current c, DataflowGraph prg) {
        try {
            return Embeddings.readConfiguration(prg, c.plan().path("configuration").toString());
        } catch (InputException e) {
            // The plan came from the optimizer, not from the client: this is a disagreement between
            // the optimizer and the NIC description, reported with the embedder's findings.
            throw ApiProblem.conflict("the plan's configuration does not fit " + prg.name() + ": " + e.getMessage(),
                    e.problems().stream().map(p -> new InputError("/plan/configuration" + p.pointer(), p.message()))
                            .toList());
        }
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
                r.error(), Optional.of(new PlanExecutionView(r.execution().holders(), r.execution().takeovers(),
                        r.execution().solvedBy())));
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
