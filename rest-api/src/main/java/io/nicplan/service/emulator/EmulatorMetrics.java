package io.nicplan.service.emulator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nicplan.flexnic.emulator.NicCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The emulators' packet counters as meters: {@code nicplan.emulator.packets} by emulator and queue (only
 * queues that received frames get a series) and {@code nicplan.emulator.drops} by emulator and drop reason.
 * The emulator counts for itself; after each change of its counters (a replay, a configuration that
 * installed a new program and so started them from zero) the difference since the last look is added,
 * so the meters only grow, as Prometheus counters must. A deleted emulator's series are removed.
 */
@Component
class EmulatorMetrics {
    private final MeterRegistry registry;
    /** The counters each emulator showed at the last look. */
    private final Map<String, NicCounters> lastSeen = new ConcurrentHashMap<>();

    EmulatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Adds what {@code now} counts beyond the last look at emulator {@code id} (all of it after a restart from zero). */
    void sync(String id, NicCounters now) {
        synchronized (lastSeen) {
            NicCounters before = lastSeen.get(id);
            List<Long> queues = now.perQueue();
            for (int q = 0; q < queues.size(); q++) {
                long was = before == null || q >= before.perQueue().size() ? 0 : before.perQueue().get(q);
                add(Counter.builder("nicplan.emulator.packets").tag("queue", Integer.toString(q)), id,
                        growth(was, queues.get(q)));
            }
            // The reasons as the counters name them: the doors do not reach into the emulator's pipeline.
            for (Map.Entry<? extends Enum<?>, Long> d : now.drops().entrySet()) {
                long was = before == null ? 0 : before.drops().getOrDefault(d.getKey(), 0L);
                add(Counter.builder("nicplan.emulator.drops").tag("reason", d.getKey().name().toLowerCase(Locale.ROOT)),
                        id, growth(was, d.getValue()));
            }
            lastSeen.put(id, now);
        }
    }

    /** Forgets a deleted emulator and removes its series. */
    void removed(String id) {
        synchronized (lastSeen) {
            lastSeen.remove(id);
            List<Meter> gone = new ArrayList<>(registry.find("nicplan.emulator.packets").tag("emulator", id).meters());
            gone.addAll(registry.find("nicplan.emulator.drops").tag("emulator", id).meters());
            gone.forEach(registry::remove);
        }
    }

    /** A counter that went down was started again from zero: all it shows is new. */
    private static long growth(long was, long now) {
        return now >= was ? now - was : now;
    }

    private void add(Counter.Builder meter, String id, long amount) {
        if (amount > 0) {
            meter.tag("emulator", id).description("frames an emulated NIC received, by where they went")
                    .register(registry).increment(amount);
        }
    }
}
