package io.nicplan.bench;

import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.host.Descriptor;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.flexnic.pipeline.PacketOutcome;
import io.nicplan.flexnic.pipeline.Parser;
import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.pipeline.Pipeline;
import io.nicplan.flexnic.program.Action;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.FlexNicRuntime;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.flexnic.runtime.WriteResponse;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The FlexNIC emulator's packet path on one thread: 64-byte frames (60 bytes without FCS)
 * through a 3-stage pipeline (a 5-tuple exact table of 10,000 entries, a ternary ACL of 1,000
 * entries in 4 mask groups, an LPM route table of 64 prefixes). {@code pipeline} measures parse,
 * lookups and fate; {@code parseOnly} the parser alone; {@code receiveAndPoll} adds delivery into an RX ring and the host taking
 * the frame out. Throughput in operations (frames) per microsecond = Mpps; 10 GbE line rate
 * for 64-byte frames is 14.88 Mpps. Run with {@code -prof gc}: gc.alloc.rate.norm should be
 * about 0 B/op. {@code install2000} times one atomic batch of 2,000 exact-match inserts.
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FlexNicPipelineBenchmark {

    static final int EXACT_ENTRIES = 10_000;
    static final int TERNARY_ENTRIES = 1_000;
    static final int FRAMES = 4096;

    /** The program: tables and capacities. */
    static FlexNicProgram program() {
        return FlexNicProgram.builder().rxQueues(8)
                .table("flows", 0, 16_384, ActionSpec.NO_ACTION, KeyField.exact(HeaderField.IP_SRC),
                        KeyField.exact(HeaderField.IP_DST), KeyField.exact(HeaderField.IP_PROTO),
                        KeyField.exact(HeaderField.L4_SPORT), KeyField.exact(HeaderField.L4_DPORT))
                .table("acl", 1, 2_048, ActionSpec.NO_ACTION, KeyField.ternary(HeaderField.IP_SRC),
                        KeyField.ternary(HeaderField.IP_DST), KeyField.ternary(HeaderField.L4_DPORT))
                .table("routes", 2, 256, ActionSpec.queue(0), KeyField.lpm(HeaderField.IP_DST))
                .build();
    }

    static int src(int flow) {
        return 0x0a000000 | flow; // 10.0.x.y
    }

    static int dst(int flow) {
        return 0xc0a80000 | ((flow * 7919) & 0xffff); // 192.168.x.y
    }

    static int sport(int flow) {
        return 10_000 + flow % 50_000;
    }

    static int dport(int flow) {
        return 80 + flow % 16;
    }

    /** 10,000 5-tuple entries, one per flow 0..9999, each steering to a queue. */
    static List<Update> exactEntries(int from, int count) {
        List<Update> updates = new ArrayList<>(count);
        for (int flow = from; flow < from + count; flow++) {
            updates.add(Update.insert(TableEntry.of("flows", List.of(
                    FieldMatch.exact(HeaderField.IP_SRC, src(flow) & 0xffffffffL),
                    FieldMatch.exact(HeaderField.IP_DST, dst(flow) & 0xffffffffL),
                    FieldMatch.exact(HeaderField.IP_PROTO, 6),
                    FieldMatch.exact(HeaderField.L4_SPORT, sport(flow)),
                    FieldMatch.exact(HeaderField.L4_DPORT, dport(flow))), ActionSpec.queue(1 + flow % 7))));
        }
        return updates;
    }

    /** 1,000 ternary entries in four mask groups (src /24; dst /16 + port; src /32 + dst /32; port). */
    static List<Update> ternaryEntries() {
        List<Update> updates = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            updates.add(acl(List.of(FieldMatch.ternary(HeaderField.IP_SRC, 0x0b000000L | (long) i << 8, 0xffffff00L)), 10,
                    ActionSpec.of(new Action.SetMark(1, 0xff))));
        }
        for (int i = 0; i < 300; i++) {
            updates.add(acl(List.of(FieldMatch.ternary(HeaderField.IP_DST, 0xac100000L + ((long) i << 16) % 0x10000000L, 0xffff0000L),
                    FieldMatch.ternary(HeaderField.L4_DPORT, 443, 0xffff)), 20, ActionSpec.drop()));
        }
        for (int i = 0; i < 200; i++) {
            updates.add(acl(List.of(FieldMatch.ternary(HeaderField.IP_SRC, src(i * 50) & 0xffffffffL, 0xffffffffL),
                    FieldMatch.ternary(HeaderField.IP_DST, dst(i * 50) & 0xffffffffL, 0xffffffffL)), 30,
                    ActionSpec.of(new Action.SetMark(2, 0xff))));
        }
        for (int i = 0; i < 100; i++) {
            updates.add(acl(List.of(FieldMatch.ternary(HeaderField.L4_DPORT, 1000 + i, 0xffff)), 5, ActionSpec.drop()));
        }
        return updates;
    }

    private static Update acl(List<FieldMatch> matches, int priority, ActionSpec action) {
        return Update.insert(new TableEntry("acl", matches, priority, action));
    }

    /** 64 routes: 16 each of /8, /16, /24 and /32 over 192.168/16 and a few others. */
    static List<Update> routes() {
        List<Update> updates = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            updates.add(route((long) (100 + i) << 24, 8, i % 8));
            updates.add(route(0xc0a80000L + ((long) i << 12), 20, (i + 1) % 8));
            updates.add(route(0xc0a80000L + ((long) i << 8), 24, (i + 2) % 8));
            updates.add(route(dst(i * 97) & 0xffffffffL, 32, (i + 3) % 8));
        }
        return updates;
    }

    private static Update route(long prefix, int length, int queue) {
        return Update.insert(TableEntry.of("routes", List.of(FieldMatch.lpm(HeaderField.IP_DST, prefix, length)),
                ActionSpec.queue(queue)));
    }

    static void install(FlexNicRuntime runtime, List<Update> updates) {
        WriteResponse r = runtime.write(WriteRequest.atomic(updates));
        if (!r.allOk()) {
            throw new IllegalStateException("benchmark setup failed:\n" + r.failures());
        }
    }

    /** 60-byte TCP frames: 90% from installed flows, 10% from unknown flows (exact-table misses). */
    static byte[][] frames() {
        Random random = new Random(7);
        byte[][] frames = new byte[FRAMES][];
        for (int i = 0; i < FRAMES; i++) {
            int flow = random.nextInt(10) == 0 ? EXACT_ENTRIES + random.nextInt(50_000) : random.nextInt(EXACT_ENTRIES);
            frames[i] = FrameBuilder.ethernet().ipv4(new Ipv4Address(src(flow)), new Ipv4Address(dst(flow)))
                    .tcp(sport(flow), dport(flow)).build();
            if (frames[i].length != 60) {
                throw new IllegalStateException("frame is " + frames[i].length + " bytes");
            }
        }
        return frames;
    }

    /** A pipeline with all tables filled and pregenerated frames. */
    @State(Scope.Thread)
    public static class Loaded {
        Pipeline pipeline;
        Parser parser = new Parser(ParserConfig.DEFAULT);
        PacketMetadata metadata = new PacketMetadata();
        FlexNicEmulator nic;
        PacketOutcome outcome = new PacketOutcome();
        Descriptor descriptor = new Descriptor(2048);
        byte[][] frames;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            nic = new FlexNicEmulator(program(), EmulatorConfig.DEFAULT, new SimulatedClock(0));
            install(nic.runtime(), exactEntries(0, EXACT_ENTRIES));
            install(nic.runtime(), ternaryEntries());
            install(nic.runtime(), routes());
            pipeline = new Pipeline(ParserConfig.DEFAULT, nic.runtime().snapshot());
            frames = frames();
        }
    }

    /** Four forks by default: this VM's speed drifts by up to 30 % over minutes, so one fork can mislead. */
    @Benchmark
    @Fork(4)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int pipeline(Loaded s) {
        byte[] frame = s.frames[s.next++ & (FRAMES - 1)];
        return s.pipeline.process(frame, 0, frame.length, s.outcome).queue();
    }

    /** The parser alone (headers, lengths, IPv4 and TCP checksums): the part no table can skip. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean parseOnly(Loaded s) {
        byte[] frame = s.frames[s.next++ & (FRAMES - 1)];
        return s.parser.parse(frame, 0, frame.length, s.metadata);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int receiveAndPoll(Loaded s) {
        byte[] frame = s.frames[s.next++ & (FRAMES - 1)];
        int queue = s.nic.receive(frame, 0, frame.length).queue();
        if (queue >= 0) {
            s.nic.rxQueue(queue).poll(s.descriptor);
        }
        return queue;
    }

    /** A fresh runtime per invocation and a prepared batch of 2,000 inserts. */
    @State(Scope.Thread)
    public static class Install {
        FlexNicProgram program;
        List<Update> batch;
        FlexNicRuntime runtime;

        @Setup(Level.Trial)
        public void prepare() {
            program = program();
            batch = exactEntries(0, 2_000);
        }

        @Setup(Level.Invocation)
        public void freshRuntime() {
            runtime = new FlexNicRuntime(program);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public WriteResponse install2000(Install s) {
        return s.runtime.write(WriteRequest.atomic(s.batch));
    }
}
