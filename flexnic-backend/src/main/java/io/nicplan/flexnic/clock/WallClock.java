package io.nicplan.flexnic.clock;

import java.util.concurrent.locks.LockSupport;

/**
 * Real time: the wall-clock time at creation plus the monotonic {@link System#nanoTime()} elapsed
 * since, so it never jumps back when the system clock is adjusted. Emulators on it talk to real
 * peers (the FlexTCP TAP wire, {@code io.nicplan.flexnic.wire}).
 */
public final class WallClock implements Clock {

    private final long epochNanosAtStart = System.currentTimeMillis() * 1_000_000L;
    private final long monotonicAtStart = System.nanoTime();

    @Override
    public long nanos() {
        return epochNanosAtStart + (System.nanoTime() - monotonicAtStart);
    }

    @Override
    public void awaitUntil(long nanos) throws InterruptedException {
        long remaining;
        while ((remaining = nanos - nanos()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the wall clock");
            }
        }
    }
}
