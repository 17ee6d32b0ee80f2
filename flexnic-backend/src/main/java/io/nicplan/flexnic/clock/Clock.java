package io.nicplan.flexnic.clock;

/**
 * The emulator's notion of time, in nanoseconds since the Unix epoch (so captures carry
 * meaningful timestamps). Implementations are monotonic.
 */
public interface Clock {

    /** The current time. */
    long nanos();

    /**
     * Returns once the time is at least {@code nanos}: a simulated clock jumps there, a wall
     * clock sleeps. Returns at once if that time has passed.
     */
    void awaitUntil(long nanos) throws InterruptedException;
}
