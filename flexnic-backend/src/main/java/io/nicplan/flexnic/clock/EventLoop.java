package io.nicplan.flexnic.clock;

import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A discrete-event loop: tasks scheduled at times run in time order (FIFO among equal times),
 * each with the clock at its time. On a {@link SimulatedClock} the loop jumps from event to
 * event, so runs are deterministic and take no real time; on a {@link WallClock} it sleeps
 * until each event is due. Tasks may schedule further tasks. Not thread-safe: one thread runs
 * the loop and schedules.
 */
public final class EventLoop {

    private record Event(long time, long order, Runnable task) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final Clock clock;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long order;
    private long executed;

    public EventLoop(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Clock clock() {
        return clock;
    }

    /** Runs {@code task} at {@code timeNanos} (at once on the next run if that has passed). */
    public void schedule(long timeNanos, Runnable task) {
        queue.add(new Event(timeNanos, order++, Objects.requireNonNull(task, "task")));
    }

    /** Runs {@code task} {@code delayNanos} after the clock's current time. */
    public void scheduleAfter(long delayNanos, Runnable task) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must be >= 0, got " + delayNanos);
        }
        schedule(clock.nanos() + delayNanos, task);
    }

    /** Time of the next event, or {@link Long#MAX_VALUE} if none is scheduled. */
    public long nextEventTime() {
        Event next = queue.peek();
        return next == null ? Long.MAX_VALUE : next.time();
    }

    public int pending() {
        return queue.size();
    }

    /** Events run so far. */
    public long executed() {
        return executed;
    }

    /**
     * Runs every event due at or before {@code timeNanos}, then brings the clock to that time.
     *
     * @return the number of events run
     */
    public int runUntil(long timeNanos) throws InterruptedException {
        int ran = 0;
        while (!queue.isEmpty() && queue.peek().time() <= timeNanos) {
            runNext();
            ran++;
        }
        clock.awaitUntil(timeNanos);
        return ran;
    }

    /**
     * Runs events until none is left or {@code maxEvents} have run (a guard against tasks that
     * reschedule themselves forever).
     *
     * @return the number of events run
     */
    public int runAll(int maxEvents) throws InterruptedException {
        int ran = 0;
        while (!queue.isEmpty() && ran < maxEvents) {
            runNext();
            ran++;
        }
        return ran;
    }

    private void runNext() throws InterruptedException {
        Event e = queue.poll();
        clock.awaitUntil(e.time());
        executed++;
        e.task().run();
    }
}
