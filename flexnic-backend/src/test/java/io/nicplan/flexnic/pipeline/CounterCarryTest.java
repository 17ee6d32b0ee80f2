package io.nicplan.flexnic.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.EntryReading;
import io.nicplan.flexnic.runtime.FlexNicRuntime;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.graph.predicate.HeaderField;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The control path rewrites tables while the packet path runs on another thread: no packet is
 * lost from the counters, and an entry's counts survive MODIFY and rebuilds of its table.
 */
class CounterCarryTest {

    @Test
    void countsSurviveConcurrentRebuildsOfTheTable() throws Exception {
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(4)
                .table("ports", 0, 1024, ActionSpec.queue(0), KeyField.exact(HeaderField.L4_DPORT)).build();
        FlexNicRuntime runtime = new FlexNicRuntime(program);
        Pipeline pipeline = new Pipeline(ParserConfig.DEFAULT, runtime.snapshot());
        runtime.subscribe(pipeline::publish);
        runtime.readCountersFrom(pipeline::adopted);
        runtime.write(WriteRequest.atomic(List.of(Update.insert(port(80, 1)))));

        byte[] hit = FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(1, 80).build();
        byte[] miss = FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(1, 81).build();
        int packets = 200_000;
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread packetPath = new Thread(() -> {
            try {
                PacketOutcome out = new PacketOutcome();
                started.countDown();
                for (int i = 0; i < packets; i++) {
                    byte[] f = (i & 1) == 0 ? hit : miss;
                    pipeline.process(f, 0, f.length, out);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "packet-path");
        packetPath.start();
        started.await();
        // Rebuild the table many times meanwhile: other entries come and go, port 80 is modified.
        for (int batch = 0; packetPath.isAlive() && batch < 2_000; batch++) {
            runtime.write(WriteRequest.atomic(List.of(
                    Update.insert(port(1000 + batch, 2)),
                    Update.modify(port(80, 1 + batch % 3)))));
            if (batch >= 10) {
                runtime.write(WriteRequest.atomic(List.of(Update.delete(port(1000 + batch - 10, 0)))));
            }
        }
        packetPath.join();
        assertThat(failure.get()).isNull();
        // Let the packet path adopt the last snapshot.
        pipeline.process(miss, 0, miss.length, new PacketOutcome());

        EntryReading port80 = runtime.readEntry(port(80, 0)).orElseThrow();
        assertThat(port80.counter().packets()).isEqualTo(packets / 2);
        assertThat(port80.counter().bytes()).isEqualTo(60L * packets / 2);
        assertThat(runtime.readDefaultCounter("ports").packets()).isEqualTo(packets / 2 + 1);
    }

    private static TableEntry port(int port, int queue) {
        return TableEntry.of("ports", List.of(FieldMatch.exact(HeaderField.L4_DPORT, port)), ActionSpec.queue(queue));
    }
}
