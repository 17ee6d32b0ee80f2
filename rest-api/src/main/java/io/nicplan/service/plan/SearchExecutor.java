package io.nicplan.service.plan;

import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.problem.ApiProblem;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Runs plan searches on {@code nicplan.limits.concurrent-searches} threads with a waiting queue of
 * {@code nicplan.limits.search-queue-size}; a search beyond both is refused with 429 and
 * {@code Retry-After} rather than queued without bound.
 */
@Component
public class SearchExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final long retryAfterSeconds;

    public SearchExecutor(LimitsProperties limits) {
        int threads = limits.concurrentSearches();
        BlockingQueue<Runnable> queue = limits.searchQueueSize() == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(limits.searchQueueSize());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, r -> {
            Thread t = new Thread(r, "nicplan-search-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.retryAfterSeconds = Math.max(1, limits.retryAfter().toSeconds());
    }

    /** Queues a search, or throws a 429 problem when every runner and queue slot is taken. */
    public Future<?> submit(Runnable search) {
        try {
            return pool.submit(search);
        } catch (RejectedExecutionException e) {
            throw ApiProblem.tooManyRequests("all " + pool.getMaximumPoolSize() + " search runners are busy and "
                    + pool.getQueue().size() + " searches are waiting (nicplan.limits.concurrent-searches, "
                    + "nicplan.limits.search-queue-size); try again later", retryAfterSeconds);
        }
    }

    /** Searches running now. */
    public int running() {
        return pool.getActiveCount();
    }

    /** Searches waiting for a runner. */
    public int waiting() {
        return pool.getQueue().size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
