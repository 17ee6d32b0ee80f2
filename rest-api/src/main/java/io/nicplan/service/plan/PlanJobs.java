package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.plan.PlanSearch;
import io.nicplan.app.plan.Plans;
import io.nicplan.service.persistence.PlanRecord;
import io.nicplan.service.persistence.PlanRepository;
import io.nicplan.service.persistence.PlanStatus;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The life cycle of plan jobs: queued on the bounded {@link SearchExecutor}, solving (the application's
 * {@link PlanSearch}, each best-so-far plan written through to the database at once), completed, stopped, failed or interrupted. A
 * job the previous process left queued or solving is marked interrupted at start-up; a clean
 * shutdown stops running searches and marks them interrupted with their best plan kept.
 */
@Component
class PlanJobs implements SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(PlanJobs.class);
    /** The log context key naming the plan a runner works on (docs/service.md "Operations"). */
    static final String PLAN_MDC_KEY = "plan";

    private final PlanRepository repository;
    private final SearchExecutor executor;
    private final ObjectMapper json;
    private final PlanEvents events;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /** A job this process is running or has queued; its search is known once it is prepared. */
    private record Running(AtomicReference<PlanSearch> search, Future<?> future, boolean[] stopRequested) {
        void stopSearch() {
            PlanSearch s = search.get();
            if (s != null) {
                s.stop();
            }
        }
    }

    private final SearchMetrics metrics;

    public PlanJobs(PlanRepository repository, SearchExecutor executor, ObjectMapper json, SearchMetrics metrics,
            PlanEvents events) {
        this.events = events;
        this.metrics = metrics;
        this.repository = repository;
        this.executor = executor;
        this.json = json;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int n = repository.markActiveInterrupted();
        if (n > 0) {
            LOG.warn("{} plan searches were queued or running when the service last stopped; marked INTERRUPTED", n);
        }
    }

    /** Stores a new job with its inputs, QUEUED; {@link #start} queues its search once it is prepared. */
    public PlanRecord create(String nicRef, JsonNode request) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);  // the database keeps microseconds
        PlanRecord record = new PlanRecord(id, nicRef, write(request), PlanStatus.QUEUED, 1, Optional.empty(),
                Optional.empty(), Optional.empty(), now, now);
        repository.insert(record);
        return record;
    }

    /** Queues the search of a job {@link #create} stored; throws the executor's 429 problem when the queue is full. */
    public void start(String id, String strategy, PlanSearch search) {
        boolean[] stopRequested = {false};
        AtomicReference<PlanSearch> prepared = new AtomicReference<>(search);
        synchronized (running) {
            Future<?> f = executor.submit(() -> execute(id, strategy, search, stopRequested));
            running.put(id, new Running(prepared, f, stopRequested));
        }
    }

    /**
     * Queues a job {@link #create} stored whose preparation has not run yet: the runner prepares it (a
     * refusal found then makes it FAILED with {@code describe}'s line) and runs its search, so the request
     * is answered at once and a search's work stays on the bounded search runners. Throws the executor's
     * 429 problem when the queue is full.
     */
    public void prepareAndStart(String id, String strategy, Supplier<PlanSearch> preparation,
                                Function<Throwable, String> describe) {
        boolean[] stopRequested = {false};
        AtomicReference<PlanSearch> prepared = new AtomicReference<>();
        synchronized (running) {
            Future<?> f = executor.submit(() -> {
                MDC.put(PLAN_MDC_KEY, id);
                PlanSearch search;
                try {
                    search = preparation.get();
                } catch (RuntimeException refused) {
                    LOG.info("plan refused after its request was answered");
                    failBeforeSearch(id, describe.apply(refused));
                    forget(id);
                    return;
                } finally {
                    MDC.remove(PLAN_MDC_KEY);
                }
                prepared.set(search);
                execute(id, strategy, search, stopRequested);
            });
            running.put(id, new Running(prepared, f, stopRequested));
        }
    }

    /** A job that never reached its search: its preparation failed after its request was answered. */
    public void failBeforeSearch(String id, String error) {
        // The column holds 4,000 characters; a refusal listing many pointers is cut, not lost silently.
        String kept = error.length() <= 4000 ? error : error.substring(0, 3990) + " [cut]";
        repository.updateStatus(id, PlanStatus.FAILED, Optional.of(kept));
        events.ended(id, PlanStatus.FAILED);
    }

    private void execute(String id, String strategy, PlanSearch search, boolean[] stopRequested) {
        int revision = 1;
        long started = System.nanoTime();
        int[] improvements = {0};
        MDC.put(PLAN_MDC_KEY, id);
        try {
            if (!repository.updateStatusIf(id, PlanStatus.QUEUED, PlanStatus.SOLVING)) {
                return;   // stopped (or deleted) while queued
            }
            events.searchStarted(id);
            var found = search.run(better -> {
                improvements[0]++;
                metrics.improved(strategy);
                repository.updateResult(id, revision, write(Plans.toJson(better)));
                events.better(id, revision, better);
            });
            repository.updateResult(id, revision, write(Plans.toJson(found)));
            events.better(id, revision, found);
            boolean stopped;
            synchronized (stopRequested) {
                stopped = stopRequested[0];
            }
            PlanStatus end = stopped ? PlanStatus.STOPPED : PlanStatus.COMPLETED;
            repository.updateStatus(id, end, Optional.empty());
            ended(strategy, end, started, improvements[0]);
        } catch (RuntimeException e) {
            LOG.warn("plan search {} failed", id, e);
            repository.updateStatus(id, PlanStatus.FAILED, Optional.of(message(e)));
            ended(strategy, PlanStatus.FAILED, started, improvements[0]);
        } finally {
            MDC.remove(PLAN_MDC_KEY);
            forget(id);
        }
    }

    private void ended(String strategy, PlanStatus status, long startedNanos, int improvements) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        metrics.finished(strategy, status, took);
        LOG.info("{} search {} after {} ms, {} better plans found", strategy, status, took.toMillis(), improvements);
    }

    /** A job ended: under the lock its start holds, so an end never comes before the start's record of it. */
    private void forget(String id) {
        synchronized (running) {
            running.remove(id);
            repository.findById(id).ifPresent(r -> events.ended(id, r.status()));
        }
    }

    /**
     * Stops a queued or running search, keeping the best plan found so far; a job that already
     * ended is left as it is. Returns whether a search was stopped.
     */
    public boolean stop(String id) {
        Running r;
        synchronized (running) {
            r = running.get(id);
        }
        if (r == null) {
            // Still being prepared (no search yet): STOPPED now, and the search will not start.
            return repository.updateStatusIf(id, PlanStatus.QUEUED, PlanStatus.STOPPED);
        }
        synchronized (r.stopRequested()) {
            r.stopRequested()[0] = true;
        }
        if (repository.updateStatusIf(id, PlanStatus.QUEUED, PlanStatus.STOPPED)) {
            r.future().cancel(false);
            running.remove(id);
            return true;
        }
        r.stopSearch();
        return true;
    }

    /** At shutdown: searches still running are stopped and marked INTERRUPTED, their best plans kept. */
    @PreDestroy
    public void interruptAll() {
        for (Map.Entry<String, Running> e : running.entrySet()) {
            repository.updateStatus(e.getKey(), PlanStatus.INTERRUPTED,
                    Optional.of("the service shut down while this search was queued or running"));
            e.getValue().stopSearch();
            e.getValue().future().cancel(false);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write plan JSON", e);
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        // The class name is for the log (which has the trace), not for the plan's users.
        return "the search failed" + (m == null ? "" : ": " + (m.length() > 3000 ? m.substring(0, 3000) : m));
    }
}
