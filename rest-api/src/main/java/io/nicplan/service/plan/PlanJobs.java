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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private final PlanRepository repository;
    private final SearchExecutor executor;
    private final ObjectMapper json;
    private final PlanEvents events;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /** A job this process is running or has queued. */
    private record Running(PlanSearch search, Future<?> future, boolean[] stopRequested) {
    }

    public PlanJobs(PlanRepository repository, SearchExecutor executor, ObjectMapper json, PlanEvents events) {
        this.repository = repository;
        this.executor = executor;
        this.json = json;
        this.events = events;
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
    public void start(String id, PlanSearch search) {
        boolean[] stopRequested = {false};
        synchronized (running) {
            Future<?> f = executor.submit(() -> execute(id, 1, search, stopRequested));
            running.put(id, new Running(search, f, stopRequested));
        }
    }

    /** A job that never reached its search: its preparation failed after its request was answered. */
    public void failBeforeSearch(String id, String error) {
        // The column holds 4,000 characters; a refusal listing many pointers is cut, not lost silently.
        String kept = error.length() <= 4000 ? error : error.substring(0, 3990) + " [cut]";
        repository.updateStatus(id, PlanStatus.FAILED, Optional.of(kept));
        events.ended(id, PlanStatus.FAILED);
    }

    private void execute(String id, int revision, PlanSearch search, boolean[] stopRequested) {
        try {
            if (!repository.updateStatusIf(id, PlanStatus.QUEUED, PlanStatus.SOLVING)) {
                return;   // stopped (or deleted) while queued
            }
            events.searchStarted(id);
            var found = search.run(better -> {
                repository.updateResult(id, revision, write(Plans.toJson(better)));
                events.better(id, revision, better);
            });
            repository.updateResult(id, revision, write(Plans.toJson(found)));
            events.better(id, revision, found);
            boolean stopped;
            synchronized (stopRequested) {
                stopped = stopRequested[0];
            }
            repository.updateStatus(id, stopped ? PlanStatus.STOPPED : PlanStatus.COMPLETED, Optional.empty());
        } catch (RuntimeException e) {
            LOG.warn("plan search {} failed", id, e);
            repository.updateStatus(id, PlanStatus.FAILED, Optional.of(message(e)));
        } finally {
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
        r.search().stop();
        return true;
    }

    /** At shutdown: searches still running are stopped and marked INTERRUPTED, their best plans kept. */
    @PreDestroy
    public void interruptAll() {
        for (Map.Entry<String, Running> e : running.entrySet()) {
            repository.updateStatus(e.getKey(), PlanStatus.INTERRUPTED,
                    Optional.of("the service shut down while this search was queued or running"));
            e.getValue().search().stop();
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
