package io.nicplan.flexnic.clock;

/** A deterministic clock that only moves when told to. Not thread-safe; drive it from one thread. */
public final class SimulatedClock implements Clock {

    private long now;

    /** A clock at the given time (nanoseconds since the epoch). */
    public SimulatedClock(long startNanos) {
        if (startNanos < 0) {
            throw new IllegalArgumentException("start time must be >= 0, got " + startNanos);
        }
        this.now = startNanos;
    }

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public void awaitUntil(long nanos) {
        advanceTo(nanos);
    }

    /** Moves to {@code nanos} if that is later; time never goes back. */
    public void advanceTo(long nanos) {
        if (nanos > now) {
            now = nanos;
        }
    }

    public void advanceBy(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("time cannot go back: delta " + deltaNanos);
        }
        now = Math.addExact(now, deltaNanos);
    }
}
