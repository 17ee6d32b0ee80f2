package io.nicplan.service.work;

import io.nicplan.service.problem.ApiProblem;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of daemon threads with a bounded waiting queue; work beyond both is refused with
 * a 429 problem and {@code Retry-After} rather than queued without bound.
 */
public class BoundedExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final long retryAfterSeconds;
    private final String work;
    private final String properties;

    /**
     * @param work what the threads do, for messages and thread names ("search")
     * @param properties the settings that size the pool, for messages
     */
    public BoundedExecutor(String work, int threads, int queueSize, long retryAfterSeconds, String properties) {
        this(work, threads, queueSize, retryAfterSeconds, properties, ThreadScheduling.NORMAL);
    }

    /** As above, with how the operating system schedules the threads ({@link ThreadScheduling}). */
    public BoundedExecutor(String work, int threads, int queueSize, long retryAfterSeconds, String properties,
                           ThreadScheduling scheduling) {
        BlockingQueue<Runnable> queue = queueSize == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueSize);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, r -> {
            Thread t = new Thread(() -> {
                scheduling.applyToCurrentThread();
                r.run();
            }, "nicplan-" + work + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        this.work = work;
        this.properties = properties;
    }

    /** Queues {@code task}, or throws a 429 problem when every thread and queue slot is taken. */
    public Future<?> submit(Runnable task) {
        try {
            return pool.submit(task);
        } catch (RejectedExecutionException e) {
            throw busy();
        }
    }

    /** Queues {@code task}, or throws a 429 problem when every thread and queue slot is taken. */
    public <T> Future<T> submit(Callable<T> task) {
        try {
            return pool.submit(task);
        } catch (RejectedExecutionException e) {
            throw busy();
        }
    }

    private ApiProblem busy() {
        return ApiProblem.tooManyRequests("all " + pool.getMaximumPoolSize() + " " + work + " runners are busy and "
                + pool.getQueue().size() + " more are waiting (" + properties + "); try again later",
                retryAfterSeconds);
    }

    /** Threads that run tasks. */
    public int threads() {
        return pool.getMaximumPoolSize();
    }

    /** Tasks running now. */
    public int running() {
        return pool.getActiveCount();
    }

    /** Tasks waiting for a thread. */
    public int waiting() {
        return pool.getQueue().size();
    }

    /**
     * Takes no more work and waits up to {@code timeout} for the tasks already taken to end (a task cancelled
     * before it started ends at once). Returns whether they all ended.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        pool.shutdown();
        return pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
