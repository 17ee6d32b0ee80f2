package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.plan.PlanSearch;
import io.nicplan.app.plan.Plans;
import io.nicplan.optimizer.plan.Plan;
import io.nicplan.service.config.FleetProperties;
import io.nicplan.service.fleet.FleetInstance;
import io.nicplan.service.persistence.PlanExecution;
import io.nicplan.service.persistence.IdempotencyKey;
import io.nicplan.service.persistence.PlanRecord;
import io.nicplan.service.persistence.PlanRepository;
import io.nicplan.service.persistence.PlanStatus;
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
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life cycle of plan jobs: queued on the bounded {@link SearchExecutor}, solving (the application's
 * {@link PlanSearch}, each best-so-far plan written through to the database at once), completed, stopped or failed.
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
    private record Running(AtomicReference<PlanSearch> search, Future<?> future, boolean[] stopRequested,
                           java.util.concurrent.atomic.AtomicBoolean lost,
                           java.util.concurrent.atomic.AtomicBoolean ending) {
        Running(AtomicReference<PlanSearch> search, Future<?> future, boolean[] stopRequested) {
            this(search, future, stopRequested, new java.util.concurrent.atomic.AtomicBoolean(),
                    new java.util.concurrent.atomic.AtomicBoolean());
        }

        void stopSearch() {
            PlanSearch s = search.get();
            if (s != null) {
                s.stop();
            }
        }
    }

    private final SearchMetrics metrics;

    public PlanJobs(PlanRepository repository, SearchExecutor executor, ObjectMapper json, SearchMetrics metrics,
            PlanEvents events, FleetInstance instance, FleetProperties fleet, PlanInputReader reader,
            TransactionTemplate transactions) {
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
                Plans.Prepared prepared = reader.prepare(new PlanInputs(in.nic(), in.state(), in.cost(), in.strategy(),
                        limit, in.stepLimit(), in.explain(), in.json()));
                Optional<Plan> floor = Optional.empty();
                if (r.resultJson().isPresent()) {
                    try {
                        floor = Optional.of(Plans.rebuild(prepared, json.readTree(r.resultJson().get())));
                    } catch (JsonProcessingException | RuntimeException unreadable) {
                        LOG.warn("plan {}: the stored best plan cannot be rebuilt; searching from scratch", id, unreadable);
                    }
                }
                return new Start(prepared.search(), floor);
            }, strategy, spent, refused -> "preparing the plan failed: " + refused.getMessage());
        } catch (RuntimeException busy) {
            // The runners filled up since the claim: the job's lease runs out and it is claimed again.
            LOG.info("plan {} claimed but the search queue is full", id);
        }
    }

    /** A prepared search, and the best plan a previous holder stored (the search must beat it to replace it). */
    private record Start(PlanSearch search, Optional<Plan> floor) {
    }

    /** Queues the search of a job {@link #create} stored; throws the executor's 429 problem when the queue is full. */
    public void start(String id, String strategy, PlanSearch search) {
        boolean[] stopRequested = {false};
        AtomicReference<PlanSearch> prepared = new AtomicReference<>(search);
        synchronized (running) {
            Future<?> f = executor.submit(() -> execute(id, strategy, new Start(search, Optional.empty()), 0,
                    stopRequested));
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
        prepareAndStart(id, () -> new Start(preparation.get(), Optional.empty()), new String[] {strategy}, 0, describe);
    }

    private void prepareAndStart(String id, Supplier<Start> preparation, String[] strategy, long spentMillis,
                                 Function<Throwable, String> describe) {
        boolean[] stopRequested = {false};
        AtomicReference<PlanSearch> prepared = new AtomicReference<>();
        synchronized (running) {
            Future<?> f = executor.submit(() -> {
                MDC.put(PLAN_MDC_KEY, id);
                Start start;
                try {
                    start = preparation.get();
                } catch (RuntimeException refused) {
                    LOG.info("plan refused after its request was answered");
                    failBeforeSearch(id, describe.apply(refused));
                    forget(id);
                    return;
                } finally {
                    MDC.remove(PLAN_MDC_KEY);
                }
                prepared.set(start.search());
                execute(id, strategy[0], start, spentMillis, stopRequested);
            });
            running.put(id, new Running(prepared, f, stopRequested));
        }
    }

    /** A job that never reached its search: its preparation failed after its request was answered. */
    public void failBeforeSearch(String id, String error) {
        // The column holds 4,000 characters; a refusal listing many pointers is cut, not lost silently.
        String kept = error.length() <= 4000 ? error : error.substring(0, 3990) + " [cut]";
        repository.finish(id, instance.id(), PlanStatus.FAILED, Optional.of(kept));
        events.ended(id, PlanStatus.FAILED);
    }

    private void execute(String id, String strategy, Start start, long spentMillis, boolean[] stopRequested) {
        int revision = 1;
        long started = System.nanoTime();
        int[] improvements = {0};
        String me = instance.id();
        PlanSearch search = start.search();
        MDC.put(PLAN_MDC_KEY, id);
        try {
            if (!repository.beginSolving(id, me)) {
                return;   // stopped, deleted or taken over while queued
            }
            events.searchStarted(id);
            Plan[] best = {start.floor().orElse(null)};
            var found = search.run(better -> {
                improvements[0]++;
                metrics.improved(strategy);
                if (best[0] != null && !better(better, best[0])) {
                    return;   // a resumed search has not yet caught up with the plan its previous holder stored
                }
                best[0] = better;
                if (repository.updateResult(id, revision, write(Plans.toJson(better)), me, spent(spentMillis, started))) {
                    events.better(id, revision, better);
                } else {
                    search.stop();   // no longer this instance's job
                }
            });
            Plan result = start.floor().isPresent() && better(start.floor().get(), found) ? start.floor().get() : found;
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
                repository.updateResult(id, revision, write(Plans.toJson(result)), me, spent(spentMillis, started));
                return;
            }
            if (!repository.updateResult(id, revision, write(Plans.toJson(result)), me, spent(spentMillis, started))) {
                LOG.warn("plan {} was taken over or ended elsewhere; this instance's result is dropped", id);
                return;
            }
            events.better(id, revision, result);
            PlanStatus end = stopped ? PlanStatus.STOPPED : PlanStatus.COMPLETED;
            if (repository.finish(id, me, end, Optional.empty())) {
                ended(strategy, end, started, improvements[0]);
            }
        } catch (RuntimeException e) {
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

    /** Whether {@code a} beats {@code b}: feasible first, then fewer hard-rule violations, then lower cost. */
    static boolean better(Plan a, Plan b) {
        if (a.feasible() != b.feasible()) {
            return a.feasible();
        }
        if (a.hard() != b.hard()) {
            return a.hard() < b.hard();
        }
        return a.total() < b.total();
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
     * At shutdown: searches still running are stopped with their best plans kept, and their leases let go, so
     * another instance (or this one, restarted over an embedded database) continues them at once.
     */
    @PreDestroy
    public void interruptAll() {
        shuttingDown = true;
        leaseKeeper.shutdownNow();
        for (Map.Entry<String, Running> e : running.entrySet()) {
            e.getValue().stopSearch();
            e.getValue().future().cancel(false);
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
            throw new IllegalStateException("cannot write plan JSON", e);
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        // The class name is for the log (which has the trace), not for the plan's users.
        return "the search failed" + (m == null ? "" : ": " + (m.length() > 3000 ? m.substring(0, 3000) : m));
    }
}
