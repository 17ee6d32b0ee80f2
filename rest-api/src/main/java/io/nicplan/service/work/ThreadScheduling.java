package io.nicplan.service.work;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the operating system schedules a pool's threads against the threads that answer requests.
 *
 * <p>A plan search is CPU-bound for hundreds of milliseconds; a read answers in a fraction of one. Java thread
 * priorities do not reach Linux's scheduler unless the JVM is started with {@code -XX:ThreadPriorityPolicy=1},
 * so a {@link #BACKGROUND} thread puts itself in the {@code SCHED_IDLE} class: it runs whenever nothing else
 * wants the core, and a request thread that wakes takes the core from it at once (the scheduler treats a core
 * that runs only {@code SCHED_IDLE} work as idle when it places a waking thread; sched(7)). Unlike a nice
 * value, the class needs no privilege to enter and applies to the calling thread only.
 */
public enum ThreadScheduling {
    /** The scheduler's default class, as for every other thread of the service. */
    NORMAL,
    /** {@code SCHED_IDLE} on Linux; elsewhere, or where the call is refused, the lowest Java priority only. */
    BACKGROUND;

    private static final Logger LOG = LoggerFactory.getLogger(ThreadScheduling.class);
    /** {@code SCHED_IDLE} in linux/sched.h (since Linux 2.6.23). */
    private static final int SCHED_IDLE = 5;

    /** Applies this class to the calling thread; false if the operating system refused (the thread runs on). */
    public boolean applyToCurrentThread() {
        if (this == NORMAL) {
            return true;
        }
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            // pid 0: the calling thread (Linux schedules threads, and sched_setscheduler takes a thread id).
            CLibrary.INSTANCE.sched_setscheduler(0, SCHED_IDLE, new IntByReference(0));
            return true;
        } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError refused) {
            LOG.warn("{} could not enter SCHED_IDLE ({}); it runs at the normal scheduling class",
                    Thread.currentThread().getName(), refused.toString());
            return false;
        }
    }

    /** The C library's scheduling call, bound through JNA when first used. */
    private interface CLibrary extends Library {
        CLibrary INSTANCE = Native.load("c", CLibrary.class);

        /** sched_setscheduler(2): {@code param} points at a {@code struct sched_param} (one int, 0 for SCHED_IDLE). */
        int sched_setscheduler(int pid, int policy, IntByReference param) throws LastErrorException;
    }
}
