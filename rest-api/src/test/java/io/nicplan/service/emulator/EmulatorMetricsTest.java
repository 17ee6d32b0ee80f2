package io.nicplan.service.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.flexnic.pipeline.DropReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmulatorMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmulatorMetrics metrics = new EmulatorMetrics(registry);

    private static NicCounters counters(List<Long> perQueue, Map<DropReason, Long> drops) {
        long queued = perQueue.stream().mapToLong(Long::longValue).sum();
        long dropped = drops.values().stream().mapToLong(Long::longValue).sum();
        return new NicCounters(queued + dropped, 0, queued, 0, 0, drops, perQueue, 0, 0);
    }

    private double packets(String emulator, int queue) {
        var c = registry.find("nicplan.emulator.packets").tag("emulator", emulator).tag("queue", Integer.toString(queue))
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theMetersGrowByWhatTheCountersGrewAndKeepItWhenTheEmulatorStartsAgainFromZero() {
        DropReason reason = DropReason.values()[0];
        metrics.sync("e1", counters(List.of(5L, 0L), Map.of(reason, 2L)));
        metrics.sync("e1", counters(List.of(7L, 1L), Map.of(reason, 2L)));
        assertThat(packets("e1", 0)).isEqualTo(7);
        assertThat(packets("e1", 1)).isEqualTo(1);
        assertThat(registry.find("nicplan.emulator.drops").tag("reason", reason.name().toLowerCase()).counter().count())
                .isEqualTo(2);
        // A new program: the emulator counts from zero again.
        metrics.sync("e1", counters(List.of(0L, 0L), Map.of()));
        metrics.sync("e1", counters(List.of(3L, 0L), Map.of()));
        assertThat(packets("e1", 0)).isEqualTo(10);
        metrics.sync("e2", counters(List.of(4L), Map.of()));
        metrics.removed("e1");
        assertThat(registry.find("nicplan.emulator.packets").tag("emulator", "e1").meters()).isEmpty();
        assertThat(registry.find("nicplan.emulator.drops").tag("emulator", "e1").meters()).isEmpty();
        assertThat(packets("e2", 0)).isEqualTo(4);
    }
}
