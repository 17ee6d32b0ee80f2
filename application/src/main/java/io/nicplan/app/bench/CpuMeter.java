package io.nicplan.app.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time over a measurement window: the named threads' CPU time (user and system, so a
 * thread's own system calls and the loopback processing the kernel does in them count), the
 * whole process's (garbage collection and the JIT too), and the collectors' time.
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What one window measured. */
    record Window(long wallNanos, long threadCpuNanos, long processCpuNanos, long gcMillis) {

        double seconds() {
            return wallNanos / 1e9;
        }

        double threadCpuSeconds() {
            return threadCpuNanos / 1e9;
        }

        double processCpuSeconds() {
            return processCpuNanos / 1e9;
        }
    }

    private final long[] threadIds;
    private long wallStart;
    private long threadStart;
    private long processStart;
    private long gcStart;

    /** Meters the given threads (by {@link Thread#getId()}). */
    CpuMeter(long... threadIds) {
        this.threadIds = threadIds.clone();
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
    }

    /**
     * Blocks (sleeping) until the metered threads used {@code cpuNanos} more CPU time, or
     * {@code wallLimitNanos} passed; {@code check} runs every few milliseconds (to surface failures).
     */
    void awaitCpu(long cpuNanos, long wallLimitNanos, Runnable check) throws InterruptedException {
        long target = threadCpu() + cpuNanos;
        long deadline = System.nanoTime() + wallLimitNanos;
        while (threadCpu() < target && System.nanoTime() < deadline) {
            Thread.sleep(5);
            check.run();
        }
    }

    void start() {
        wallStart = System.nanoTime();
        threadStart = threadCpu();
        processStart = processCpu();
        gcStart = gcMillis();
    }

    Window stop() {
        return new Window(System.nanoTime() - wallStart, threadCpu() - threadStart, processCpu() - processStart,
                gcMillis() - gcStart);
    }

    /** The metered threads' CPU time so far. */
    long threadCpu() {
        long sum = 0;
        for (long id : threadIds) {
            long t = THREADS.getThreadCpuTime(id);
            if (t < 0) {
                throw new IllegalStateException("thread " + id + " is gone or not measurable");
            }
            sum += t;
        }
        return sum;
    }

    static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}
