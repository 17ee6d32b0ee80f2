package io.nicplan.flexnic.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopTest {

    @Test
    void runsEventsInTimeOrderWithTheClockAtEachEventsTime() throws InterruptedException {
        SimulatedClock clock = new SimulatedClock(1_000);
        EventLoop loop = new EventLoop(clock);
        List<String> log = new ArrayList<>();
        loop.schedule(5_000, () -> log.add("b@" + clock.nanos()));
        loop.schedule(2_000, () -> log.add("a@" + clock.nanos()));
        loop.schedule(5_000, () -> log.add("c@" + clock.nanos()));
        loop.scheduleAfter(500, () -> {
            log.add("first@" + clock.nanos());
            loop.scheduleAfter(100, () -> log.add("nested@" + clock.nanos()));
        });

        assertThat(loop.runUntil(4_000)).isEqualTo(3);
        assertThat(clock.nanos()).isEqualTo(4_000);
        assertThat(loop.nextEventTime()).isEqualTo(5_000);
        assertThat(loop.runAll(10)).isEqualTo(2);
        assertThat(log).containsExactly("first@1500", "nested@1600", "a@2000", "b@5000", "c@5000");
        assertThat(loop.pending()).isZero();
        assertThat(loop.executed()).isEqualTo(5);
    }

    @Test
    void runAllStopsAtTheGuardForSelfReschedulingTasks() throws InterruptedException {
        SimulatedClock clock = new SimulatedClock(0);
        EventLoop loop = new EventLoop(clock);
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> loop.scheduleAfter(10, tick[0]);
        loop.schedule(0, tick[0]);
        assertThat(loop.runAll(100)).isEqualTo(100);
        assertThat(clock.nanos()).isEqualTo(990);
    }

    @Test
    void simulatedTimeNeverGoesBack() {
        SimulatedClock clock = new SimulatedClock(50);
        clock.advanceTo(10);
        assertThat(clock.nanos()).isEqualTo(50);
        clock.advanceBy(5);
        assertThat(clock.nanos()).isEqualTo(55);
    }

    @Test
    void wallClockWaitsUntilTheGivenTime() throws InterruptedException {
        WallClock clock = new WallClock();
        long target = clock.nanos() + 2_000_000;
        clock.awaitUntil(target);
        assertThat(clock.nanos()).isGreaterThanOrEqualTo(target);
        // The epoch base puts the clock near the system's wall time.
        assertThat(Math.abs(clock.nanos() / 1_000_000 - System.currentTimeMillis())).isLessThan(10_000);
    }
}
