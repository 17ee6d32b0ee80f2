package io.nicplan.service.work;

import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.problem.ApiProblem;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;

/**
 * The expensive work of one request (a graph export, an embedding, a re-plan, an emulator's
 * compilation, a traffic replay, a description's parse), run off the request threads on a bounded
 * pool ({@code nicplan.limits.concurrent-requests}, {@code nicplan.limits.request-queue-size}, 429
 * beyond), answered through Spring MVC's asynchronous {@link DeferredResult}, and stopped when its
 * client goes away or {@code nicplan.limits.request-deadline} passes (the answer is then a 504). A
 * client that goes away is seen by probing its connection every 100 ms ({@link ClientConnection}),
 * since Tomcat does not watch the socket of an asynchronous request that writes nothing.
 *
 * <p>Stopping is cooperative: the worker thread is interrupted, but only inside the parts the work
 * marks {@link #interruptibly} (pure computation); database reads and writes are never interrupted,
 * since an interrupt closes the embedded database's file channel. The computations check
 * {@link Thread#interrupted()} in their long loops (graph rendering through {@link BoundedText}, the
 * emulator's traffic replay) and end with a {@link CancellationException}.
 *
 * <pre>{@code
 * @GetMapping("/{id}/graph")
 * DeferredResult<String> graph(@PathVariable String id) {
 *     return work.run("graph of " + id, () -> nics.graph(id));   // nics.graph renders interruptibly
 * }
 * }</pre>
 */
@Component
public class RequestWork implements AutoCloseable {
    private static final ThreadLocal<Task<?>> CURRENT = new ThreadLocal<>();

    /** How often a waiting request's connection is probed: a stopped client costs at most this much more work. */
    private static final long PROBE_INTERVAL_MS = 100;

    private final BoundedExecutor pool;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nicplan-client-watch");
        t.setDaemon(true);
        return t;
    });
    private final Duration deadline;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong stoppedClientGone = new AtomicLong();
    private final AtomicLong stoppedDeadline = new AtomicLong();
    private final AtomicLong finishedUnanswered = new AtomicLong();
    private final AtomicLong running = new AtomicLong();

    public RequestWork(LimitsProperties limits) {
        this.pool = new BoundedExecutor("request", limits.concurrentRequests(), limits.requestQueueSize(),
                limits.retryAfter().toSeconds(), "nicplan.limits.concurrent-requests, nicplan.limits.request-queue-size");
        this.deadline = limits.requestDeadline();
    }

    /**
     * Queues {@code body} (429 when every runner and queue slot is taken) and answers its result, or
     * the problem it throws; a 504 problem once the deadline passes. The deadline counts from now,
     * so time spent waiting for a runner counts too.
     *
     * @param what the work in words, for the 504's detail ("the DOT rendering of graph X")
     */
    public <T> DeferredResult<T> run(String what, Supplier<T> body) {
        DeferredResult<T> answer = new DeferredResult<>(deadline.toMillis());
        Task<T> task = new Task<>(body, answer);
        answer.onTimeout(() -> {
            if (task.cancel(Stop.DEADLINE)) {
                answer.setErrorResult(ApiProblem.deadlineExceeded(what + " did not end within " + deadline.toMillis()
                        + " ms (nicplan.limits.request-deadline); it was stopped"));
            }
        });
        // A connection that fails while the answer is written, or that the container reports broken.
        answer.onError(error -> task.cancel(Stop.CLIENT_GONE));
        task.future = pool.submit(task);
        watchClient(task);
        return answer;
    }

    /**
     * Probes the request's connection every {@link #PROBE_INTERVAL_MS} ms while its work is queued or
     * runs, from the moment the request has gone asynchronous (before that, the request thread still
     * owns the connection); a closed one stops the work and completes the request.
     */
    private void watchClient(Task<?> task) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
                || !(attributes.getRequest().getAttribute(ClientConnection.ATTRIBUTE) instanceof ClientConnection c)) {
            return;   // not served by Tomcat (a mock request in a test): nothing to watch
        }
        WebAsyncUtils.getAsyncManager(attributes.getRequest()).registerDeferredResultInterceptor(task,
                new DeferredResultProcessingInterceptor() {
                    @Override
                    public <T> void preProcess(NativeWebRequest request, DeferredResult<T> deferredResult) {
                        task.watch(c, watcher.scheduleWithFixedDelay(task::probe, PROBE_INTERVAL_MS,
                                PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS));
                    }
                });
    }

    /**
     * Runs {@code compute} so that a stop of the current request's work interrupts it; outside
     * request work (tests, start-up) it simply runs. Throws {@link CancellationException} when the
     * work was stopped, before or during {@code compute}.
     */
    public static <R> R interruptibly(Supplier<R> compute) {
        Task<?> task = CURRENT.get();
        if (task == null) {
            return compute.get();
        }
        task.enterInterruptible();
        R result;
        try {
            result = compute.get();
        } catch (RuntimeException e) {
            task.leaveInterruptible();
            if (task.stop != null) {
                throw new CancellationException("stopped: " + task.stop.reason);
            }
            throw e;
        }
        task.leaveInterruptible();
        if (task.stop != null) {
            throw new CancellationException("stopped: " + task.stop.reason);
        }
        return result;
    }

    /** How much request work there is and how it ended, since start-up. */
    public Counts counts() {
        return new Counts(running.get(), pool.waiting(), completed.get(), failed.get(), stoppedClientGone.get(),
                stoppedDeadline.get(), finishedUnanswered.get());
    }

    /**
     * Request work by how it ended.
     *
     * @param running on a runner now
     * @param waiting queued for a runner
     * @param completed answered with its result
     * @param failed answered with the problem it raised
     * @param stoppedClientGone stopped because the client closed its connection
     * @param stoppedDeadline stopped because {@code nicplan.limits.request-deadline} passed (answered 504)
     * @param finishedUnanswered ran to its end although stopped (a part that cannot be interrupted)
     */
    public record Counts(long running, long waiting, long completed, long failed, long stoppedClientGone,
                         long stoppedDeadline, long finishedUnanswered) {
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        pool.close();
    }

    private enum Stop {
        CLIENT_GONE("the client closed its connection"), DEADLINE("the request deadline passed");

        final String reason;

        Stop(String reason) {
            this.reason = reason;
        }
    }

    /** One request's work on a runner: who runs it, whether it may be interrupted now, whether it was stopped. */
    private final class Task<T> implements Runnable {
        private final Supplier<T> body;
        private final DeferredResult<T> answer;
        volatile Future<?> future;
        private Thread runner;
        private boolean interruptible;
        private boolean ended;
        volatile Stop stop;

        Task(Supplier<T> body, DeferredResult<T> answer) {
            this.body = body;
            this.answer = answer;
        }

        /** Marks the work stopped, interrupting it if it is in an interruptible part; false if it had ended or was stopped. */
        synchronized boolean cancel(Stop why) {
            if (ended || stop != null) {
                return false;
            }
            stop = why;
            if (runner == null) {
                // Still queued: it will not start, and its queue slot is freed.
                Future<?> f = future;
                if (f != null) {
                    f.cancel(false);
                }
                count(why);
            } else if (interruptible) {
                runner.interrupt();
            }
            return true;
        }

        private ClientConnection connection;
        private ScheduledFuture<?> probing;

        synchronized void watch(ClientConnection c, ScheduledFuture<?> probe) {
            connection = c;
            probing = probe;
            if (ended || stop != null) {
                probe.cancel(false);
            }
        }

        /** Stops the work and completes the request if the client has gone. */
        void probe() {
            synchronized (this) {
                if (ended || stop != null) {
                    probing.cancel(false);
                    return;
                }
                // Under the lock: the work cannot end (and its answer be written, after which the container
                // recycles what the probe reads) while the probe runs.
                if (!connection.closed()) {
                    return;
                }
                probing.cancel(false);
            }
            if (cancel(Stop.CLIENT_GONE)) {
                // Nobody reads this answer; it ends the asynchronous request now rather than at its deadline.
                answer.setErrorResult(ApiProblem.badRequest("the client closed its connection; the work was stopped"));
            }
        }

        synchronized void enterInterruptible() {
            if (stop != null) {
                throw new CancellationException("stopped: " + stop.reason);
            }
            interruptible = true;
        }

        synchronized void leaveInterruptible() {
            interruptible = false;
            Thread.interrupted();   // an interrupt meant for the part that just ended must not reach the next
        }

        @Override
        public void run() {
            synchronized (this) {
                if (stop != null) {
                    return;
                }
                runner = Thread.currentThread();
            }
            running.incrementAndGet();
            CURRENT.set(this);
            try {
                T result = body.get();
                if (end()) {
                    finishedUnanswered.incrementAndGet();
                } else {
                    completed.incrementAndGet();
                    answer.setResult(result);
                }
            } catch (RuntimeException | Error e) {
                if (end()) {
                    count(stop);
                } else {
                    failed.incrementAndGet();
                    answer.setErrorResult(e);
                }
            } finally {
                CURRENT.remove();
                running.decrementAndGet();
                Thread.interrupted();
            }
        }

        /** Marks the work ended; whether it had been stopped. */
        private synchronized boolean end() {
            ended = true;
            interruptible = false;
            return stop != null;
        }

        private void count(Stop why) {
            (why == Stop.DEADLINE ? stoppedDeadline : stoppedClientGone).incrementAndGet();
        }
    }
}
