package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.plan.PlanSearch;
import io.nicplan.service.config.FleetProperties;
import io.nicplan.service.fleet.FleetInstance;
import io.nicplan.service.persistence.PlanExecution;
import io.nicplan.service.persistence.IdempotencyKey;
import io.nicplan.service.persistence.PlanRecord;
import io.nicplan.service.persistence.PlanRepository;
import io.nicplan.service.persistence.PlanStatus;
import io.nicplan.service.problem.ApiProblem;
import io.nicplan.service.problem.InputError;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life cycle of plan jobs: queued on the bounded {@link SearchExecutor}, solving (a {@link JobSearch}: the
 * application's {@link PlanSearch}, run in the {@link SearchProcess} or in this JVM, each best-so-far plan written
 * through to the database at once), completed, stopped or failed.
 * Jobs live in the database, each held by one instance under a lease (docs/service.md "A fleet of instances"):
 * the instance that accepts a job holds it and renews the lease of every job it runs; an instance with a free search
 * runner claims jobs nobody holds (FOR UPDATE SKIP LOCKED), among them those whose holder died (kill -9) and whose
 * lease ran out, and continues them from their stored best plan with what is left of their time limit. Every write of
 * a holder is fenced by its name, so a job taken over from a stalled instance is never ended by both. A clean shutdown
 * stops the searches, keeps their best plans and lets go of their leases; over an embedded database the jobs a
 * previous process left are resumed at start-up.
 */
@Component
class PlanJobs implements SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(PlanJobs.class);
    /**
     * How long a shutdown waits for stopped searches to write their best plans: milliseconds, or the seconds a search
     * process still starting takes to read its stop.
     */
    private static final Duration SHUTDOWN_WRITE_WAIT = Duration.ofSeconds(10);
    /** The log context key naming the plan a runner works on (docs/service.md "Operations"). */
    static final String PLAN_MDC_KEY = "plan";

    private final PlanRepository repository;
    private final SearchExecutor executor;
    private final ObjectMapper json;
    private final PlanEvents events;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final FleetInstance instance;
    private final FleetProperties fleet;
    private final PlanInputReader reader;
    private final TransactionTemplate transactions;
    private final ScheduledExecutorService leaseKeeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nicplan-leases");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean shuttingDown;

    /**
     * A job this process is running or has queued; its search is known once it is prepared. {@code lost} is set
     * when the job is no longer this instance's (taken over, or stopped by another instance).
     */
    private record Running(AtomicReference<JobSearch> search, Future<?> future, boolean[] stopRequested,
                           java.util.concurrent.atomic.AtomicBoolean lost,
                           java.util.concurrent.atomic.AtomicBoolean ending) {
        Running(AtomicReference<JobSearch> search, Future<?> future, boolean[] stopRequested) {
            this(search, future, stopRequested, new java.util.concurrent.atomic.AtomicBoolean(),
                    new java.util.concurrent.atomic.AtomicBoolean());
        }

        void stopSearch() {
            JobSearch s = search.get();
            if (s != null) {
                s.stop();
            }
        }
    }

    private final SearchMetrics metrics;
    private final SearchProcess searchProcess;

    public PlanJobs(PlanRepository repository, SearchExecutor executor, ObjectMapper json, SearchMetrics metrics,
            PlanEvents events, FleetInstance instance, FleetProperties fleet, PlanInputReader reader,
            TransactionTemplate transactions, SearchProcess searchProcess) {
        this.searchProcess = searchProcess;
        this.instance = instance;
        this.fleet = fleet;
        this.reader = reader;
        this.transactions = transactions;
        this.events = events;
        this.metrics = metrics;
        this.repository = repository;
        this.executor = executor;
        this.json = json;
    }

    @Override
    public void afterSingletonsInstantiated() {
        instance.heartbeat();
        if (instance.embeddedDatabase()) {
            int n = repository.releaseLeases(null);
            if (n > 0) {
                LOG.warn("{} plan searches were queued or running when the service last stopped; resuming them", n);
            }
        }
        long renew = fleet.renewInterval().toMillis();
        leaseKeeper.scheduleWithFixedDelay(() -> keepGoing(this::renewLeases), renew, renew, TimeUnit.MILLISECONDS);
        leaseKeeper.scheduleWithFixedDelay(() -> keepGoing(this::claimJobs), 0, fleet.claimInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Runs one round of a periodic task. A scheduled task that throws is never run again, and a claim loop that
     * stopped silently would leave dead instances' jobs unclaimed: so every throwable is logged and the next round
     * runs (seen: a NoClassDefFoundError after the jar was rebuilt under a running instance).
     */
    private static void keepGoing(Runnable round) {
        try {
            round.run();
        } catch (Throwable t) {
            LOG.error("a lease round failed; the next one runs as scheduled", t);
        }
    }

    /**
     * Stores a new job with its inputs, QUEUED and held by this instance; {@link #start} queues its search once it
     * is prepared. A second job with the same {@code idempotencyKey} is refused with a DuplicateKeyException.
     */
    public PlanRecord create(String nicRef, JsonNode request, Optional<IdempotencyKey> idempotencyKey) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);  // the database keeps microseconds
        PlanRecord record = new PlanRecord(id, nicRef, write(request), PlanStatus.QUEUED, 1, Optional.empty(),
                Optional.empty(), Optional.empty(), now, now, PlanExecution.acceptedBy(instance.id()), 0);
        repository.insert(record, idempotencyKey, Optional.of(fleet.lease()));
        return record;
    }

    /** Renews the leases of the jobs this instance runs; a job no longer held here is stopped here. */
    private void renewLeases() {
        try {
            instance.heartbeat();
            java.util.Set<String> local = new java.util.HashSet<>(running.keySet());
            if (local.isEmpty()) {
                return;
            }
            repository.renewLeases(instance.id(), local, fleet.lease());
            java.util.Set<String> held = repository.heldBy(instance.id());
            for (String id : local) {
                Running r = running.get(id);
                if (r != null && !r.ending().get() && !held.contains(id) && r.lost().compareAndSet(false, true)) {
                    // Taken over while this instance stalled past its lease, or stopped through another instance.
                    LOG.warn("plan {} is no longer held by this instance; its search here stops", id);
                    r.stopSearch();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("renewing the leases of this instance's plan jobs failed (retried in {})", fleet.renewInterval(), e);
        }
    }

    /**
     * Claims as many jobs nobody holds as this instance has free search runners, and runs them: queued ones, and
     * those whose holder died (lease run out), continued from their stored best plan.
     */
    private void claimJobs() {
        if (shuttingDown) {
            return;
        }
        try {
            int free = executor.threads() - executor.running() - executor.waiting();
            if (free <= 0) {
                return;
            }
            List<PlanRepository.Claimed> claimed = transactions.execute(tx -> repository.claim(instance.id(), fleet.lease(),
                    free, fleet.maxTakeovers()));
            for (PlanRepository.Claimed c : claimed == null ? List.<PlanRepository.Claimed>of() : claimed) {
                if (c.takenOver()) {
                    LOG.warn("plan {} taken over from instance {}, whose lease ran out", c.id(),
                            c.previousHolder().orElse("?"));
                }
                resume(c.id());
            }
        } catch (RuntimeException e) {
            LOG.warn("claiming plan jobs failed (retried in {})", fleet.claimInterval(), e);
        }
    }

    /** Runs a claimed job: prepared from its stored inputs, with what is left of its time limit, from its best plan. */
    private void resume(String id) {
        Optional<PlanRecord> stored = repository.findById(id);
        if (stored.isEmpty()) {
            return;
        }
        PlanRecord r = stored.get();
        long spent = r.execution().solvingMillis();
        String[] strategy = {"optaplanner"};
        try {
            prepareAndStart(id, () -> {
                PlanInputs in = reader.stored(id, r.requestJson());
                strategy[0] = in.strategy().cliName();
                Duration left = in.timeLimit().minusMillis(spent);
                // A search whose time was (nearly) used up still gets a moment to re-check its plan.
                Duration limit = left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
                return search(id, in.withTimeLimit(limit), r.resultJson());
            }, strategy, spent);
        } catch (RuntimeException busy) {
            // The runners filled up since the claim: the job's lease runs out and it is claimed again.
            LOG.info("plan {} claimed but the search queue is full", id);
        }
    }

    /**
     * The search of job {@code id}: in the search process, or prepared here when searches run in this JVM; from
     * {@code floorJson}, the best plan an earlier holder stored, which the search must beat to replace.
     */
    private JobSearch search(String id, PlanInputs in, Optional<String> floorJson) {
        if (searchProcess.enabled()) {
            return searchProcess.search(id, in, floorJson);
        }
        return LocalSearch.of(id, reader.prepare(in), floorJson, json);
    }

    /**
     * Queues the search of a job {@link #create} stored, prepared in this JVM already (the request waited for its
     * preparation, {@code nicplan.limits.preparation-wait}); throws the executor's 429 problem when the queue is full.
     */
    public void start(String id, String strategy, PlanSearch search) {
        boolean[] stopRequested = {false};
        JobSearch local = new LocalSearch(search, Optional.empty(), json);
        AtomicReference<JobSearch> prepared = new AtomicReference<>(local);
        synchronized (running) {
            Future<?> f = executor.submit(() -> execute(id, strategy, local, 0, stopRequested));
            running.put(id, new Running(prepared, f, stopRequested));
        }
    }

    /**
     * Queues a job {@link #create} stored whose preparation has not run yet: the runner prepares it (a
     * refusal found then makes it FAILED with {@link #describeRefusal}'s line) and runs its search, so the request
     * is answered at once and a search's work stays on the bounded search runners. Throws the executor's
     * 429 problem when the queue is full.
     */
    public void prepareAndStart(String id, PlanInputs inputs) {
        prepareAndStart(id, () -> search(id, inputs, Optional.empty()), new String[] {inputs.strategy().cliName()}, 0);
    }

    private void prepareAndStart(String id, Supplier<JobSearch> preparation, String[] strategy, long spentMillis) {
        boolean[] stopRequested = {false};
        AtomicReference<JobSearch> prepared = new AtomicReference<>();
        synchronized (running) {
            Future<?> f = executor.submit(() -> {
                MDC.put(PLAN_MDC_KEY, id);
                JobSearch search;
                try {
                    search = preparation.get();
                } catch (RuntimeException refused) {
                    LOG.info("plan refused after its request was answered");
                    failBeforeSearch(id, describeRefusal(refused));
                    forget(id);
                    return;
                } finally {
                    MDC.remove(PLAN_MDC_KEY);
                }
                prepared.set(search);
                synchronized (stopRequested) {
                    if (stopRequested[0] || shuttingDown) {
                        search.stop();   // stopped while it was being prepared
                    }
                }
                execute(id, strategy[0], search, spentMillis, stopRequested);
            });
            running.put(id, new Running(prepared, f, stopRequested));
        }
    }

    /** A job that never reached its search: its preparation failed after its request was answered. */
    public void failBeforeSearch(String id, String error) {
        repository.finish(id, instance.id(), PlanStatus.FAILED, Optional.of(errorColumn(error)));
        events.ended(id, PlanStatus.FAILED);
    }

    /** The column holds 4,000 characters; a refusal listing many pointers is cut, not lost silently. */
    private static String errorColumn(String error) {
        return error.length() <= 4000 ? error : error.substring(0, 3990) + " [cut]";
    }

    /** A refusal as one line for the plan's {@code error}: the problem's detail and every pointer it names. */
    static String describeRefusal(Throwable refusal) {
        Throwable r = refusal instanceof JobSearch.Refused wrapped ? wrapped.getCause() : refusal;
        if (r instanceof ApiProblem p) {
            StringBuilder line = new StringBuilder(String.valueOf(p.getBody().getDetail()));
            Object errors = p.getBody().getProperties() == null ? null : p.getBody().getProperties().get("errors");
            if (errors instanceof List<?> list) {
                for (Object e : list) {
                    if (e instanceof InputError ie) {
                        line.append("; ").append(ie.pointer()).append(": ").append(ie.message());
                    }
                }
            }
            return line.toString();
        }
        return "preparing the plan failed: " + r.getMessage();
    }

    private void execute(String id, String strategy, JobSearch search, long spentMillis, boolean[] stopRequested) {
        int revision = 1;
        long started = System.nanoTime();
        int[] improvements = {0};
        String me = instance.id();
        MDC.put(PLAN_MDC_KEY, id);
        try {
            if (!repository.beginSolving(id, me)) {
                return;   // stopped, deleted or taken over while queued
            }
            events.searchStarted(id);
            JobSearch.Found result = search.run(better -> {
                improvements[0]++;
                metrics.improved(strategy);
                if (repository.updateResult(id, revision, better.json(), me, spent(spentMillis, started))) {
                    events.better(id, revision, better.score());
                } else {
                    search.stop();   // no longer this instance's job
                }
            });
            Running self = running.get(id);
            if (self != null) {
                self.ending().set(true);   // ended here from now on: a renewal that no longer finds it held is not a loss
            }
            boolean stopped;
            synchronized (stopRequested) {
                stopped = stopRequested[0];
            }
            if (shuttingDown && !stopped) {
                // Stopped by the shutdown: keep the best plan, and leave the job to the next instance.
                repository.updateResult(id, revision, result.json(), me, spent(spentMillis, started));
                return;
            }
            if (!repository.updateResult(id, revision, result.json(), me, spent(spentMillis, started))) {
                LOG.warn("plan {} was taken over or ended elsewhere; this instance's result is dropped", id);
                return;
            }
            events.better(id, revision, result.score());
            PlanStatus end = stopped ? PlanStatus.STOPPED : PlanStatus.COMPLETED;
            if (repository.finish(id, me, end, Optional.empty())) {
                ended(strategy, end, started, improvements[0]);
            }
        } catch (JobSearch.Refused refused) {
            LOG.info("plan refused after its request was answered");
            if (repository.finish(id, me, PlanStatus.FAILED, Optional.of(errorColumn(describeRefusal(refused))))) {
                ended(strategy, PlanStatus.FAILED, started, improvements[0]);
            }
        } catch (RuntimeException e) {
            if (shuttingDown) {
                // The search process went with the service: the job's lease is let go and another run continues it.
                LOG.info("plan search {} ended by the shutdown: {}", id, e.getMessage());
                return;
            }
            LOG.warn("plan search {} failed", id, e);
            repository.finish(id, me, PlanStatus.FAILED, Optional.of(message(e)));
            ended(strategy, PlanStatus.FAILED, started, improvements[0]);
        } finally {
            MDC.remove(PLAN_MDC_KEY);
            forget(id);
        }
    }

    /** Search time spent on a job: by earlier holders, and by this one since {@code startedNanos}. */
    private static long spent(long earlierMillis, long startedNanos) {
        return earlierMillis + (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private void ended(String strategy, PlanStatus status, long startedNanos, int improvements) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        metrics.finished(strategy, status, took);
        LOG.info("{} search {} after {} ms, {} better plans found", strategy, status, took.toMillis(), improvements);
    }

    /**
     * A job ended: under the lock its start holds, so an end never comes before the start's record of it. Only its
     * status is read: reading the whole job would put it, plan and inputs, in the repository's cache of ended jobs,
     * where nobody may ask for it, and every job passing through that cache was data each young collection copied.
     */
    private void forget(String id) {
        synchronized (running) {
            running.remove(id);
            repository.findStatus(id).ifPresent(status -> events.ended(id, status));
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
            // Still being prepared (no search yet), or held by another instance: STOPPED now; a search here will not
            // start, and the holder elsewhere stops its search when it next renews its leases.
            return repository.stopActive(id);
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

    /**
     * At shutdown: searches still running are stopped with their best plans kept (written before the pool closes),
     * and their leases let go, so another instance (or this one, restarted over an embedded database) continues them
     * at once.
     */
    @PreDestroy
    public void interruptAll() {
        shuttingDown = true;
        leaseKeeper.shutdownNow();
        for (Map.Entry<String, Running> e : running.entrySet()) {
            e.getValue().stopSearch();
            e.getValue().future().cancel(false);
        }
        if (running.isEmpty()) {
            // Nothing held here to hand over (a job is running here from its creation or claim to its end), and the
            // database may be gone already: a pool waiting for a connection to it held the shutdown for 30 s.
            return;
        }
        try {
            // Each stopped search writes its best plan on its way out: let it, while the database is still open (the
            // connection pool closes after this bean), and before the leases are let go, which would fence it out.
            if (!executor.drain(SHUTDOWN_WRITE_WAIT)) {
                LOG.warn("plan searches still running {} s into the shutdown; their last plans may not be saved",
                        SHUTDOWN_WRITE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            repository.releaseLeases(instance.id());
        } catch (RuntimeException e) {
            LOG.warn("letting go of this instance's plan jobs failed; others take them when their leases run out", e);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request JSON", e);
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        // The class name is for the log (which has the trace), not for the plan's users.
        return "the search failed" + (m == null ? "" : ": " + (m.length() > 3000 ? m.substring(0, 3000) : m));
    }
}
