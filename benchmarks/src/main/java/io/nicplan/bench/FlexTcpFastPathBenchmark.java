package io.nicplan.bench;

import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.InternetChecksum;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.flexnic.pipeline.Parser;
import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.flexnic.tcp.ApplicationEvents;
import io.nicplan.flexnic.tcp.FastPathConfig;
import io.nicplan.flexnic.tcp.FlexTcpFastPath;
import io.nicplan.flexnic.tcp.SegmentReason;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FlexTCP's fast path per segment on one thread, 1,024 established flows in a table of 131,072
 * slots (the FlexNIC description's {@code flowstate_slots}), round-robin over the flows.
 * {@code receiveDataSegment}: parse and fast-path receive of an in-order segment (64 or 1448 payload bytes)
 * (payload into the flow's receive buffer, an ACK frame built with both checksums, the
 * application notified and reading the bytes). {@code sendSegmentAndReceiveAck}: the
 * application bumps tx_avail by one payload, the fast path sends the segment, and the peer's pure
 * ACK for it is parsed and processed. Time per operation; run with {@code -prof gc}:
 * gc.alloc.rate.norm should be about 0 B/op.
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlexTcpFastPathBenchmark {

    static final int FLOWS = 1024;
    static final int SLOTS = 131_072;
    static final int BUFFER = 16_384;
    static final int MSS = FastPathConfig.DEFAULT_MSS;
    static final Ipv4Address LOCAL = Ipv4Address.parse("10.0.0.1");
    static final Ipv4Address REMOTE = Ipv4Address.parse("10.1.0.1");
    static final MacAddress LOCAL_MAC = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress REMOTE_MAC = MacAddress.parse("02:00:00:00:00:02");
    /** Where the TCP header starts in the benchmark's frames (Ethernet 14 + IPv4 20). */
    static final int TCP = 34;

    /** What both states share: the payload size, the fast path and its flows, the parser, the clock. */
    @State(Scope.Thread)
    public abstract static class Flows {
        /** Payload bytes per segment: a 64-byte RPC, or a full segment. */
        @Param({"64", "1448"})
        int payload;
        FlexTcpFastPath fast;
        final Parser parser = new Parser(ParserConfig.DEFAULT);
        final PacketMetadata metadata = new PacketMetadata();
        final int[] slots = new int[FLOWS];
        int next;
        long now = 1_000_000_000L;
    }

    @State(Scope.Thread)
    public static class Receiver extends Flows {
        final byte[][] frames = new byte[FLOWS][];
        final int[] nextSeq = new int[FLOWS];

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < FLOWS; i++) {
                nextSeq[i] = i * 7919;
            }
            fast = fastPath(slots, nextSeq, new int[FLOWS]);
            for (int i = 0; i < FLOWS; i++) {
                frames[i] = peerSegment(i, nextSeq[i], 0, TcpFlags.ACK | TcpFlags.PSH, payload);
            }
        }

        /** The figure only counts if every segment took the in-order path. */
        @TearDown(Level.Trial)
        public void check() {
            if (fast.count(SegmentReason.IN_ORDER) != fast.segmentsReceived() || fast.segmentsReceived() == 0) {
                throw new IllegalStateException("not every segment was in order: " + fast.countsByReason());
            }
        }
    }

    @State(Scope.Thread)
    public static class Sender extends Flows {
        final byte[][] acks = new byte[FLOWS][];
        final int[] acked = new int[FLOWS];

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < FLOWS; i++) {
                acked[i] = i * 104_729;
            }
            fast = fastPath(slots, new int[FLOWS], acked);
            for (int i = 0; i < FLOWS; i++) {
                acks[i] = peerSegment(i, 0, acked[i], TcpFlags.ACK, 0);
            }
        }

        /** The figure only counts if every ACK acknowledged its segment on the fast path. */
        @TearDown(Level.Trial)
        public void check() {
            if (fast.count(SegmentReason.ACK_ONLY) != fast.segmentsReceived() || fast.segmentsSent() != fast.segmentsReceived()
                    || fast.segmentsReceived() == 0) {
                throw new IllegalStateException("ACKs off the fast path: " + fast.countsByReason() + ", sent "
                        + fast.segmentsSent());
            }
        }
    }

    @Benchmark
    public int receiveDataSegment(Receiver r) {
        int i = r.next;
        r.next = (i + 1) & (FLOWS - 1);
        byte[] frame = r.frames[i];
        int seq = r.nextSeq[i];
        setSeq(frame, TCP + 4, seq);
        r.nextSeq[i] = seq + r.payload;
        r.now += 1_000;
        r.parser.parse(frame, 0, frame.length, r.metadata);
        int verdict = r.fast.process(frame, 0, frame.length, r.metadata, r.now);
        r.fast.rxConsumed(r.slots[i], r.payload, r.now); // the application reads what arrived
        return verdict;
    }

    @Benchmark
    public int sendSegmentAndReceiveAck(Sender s) {
        int i = s.next;
        s.next = (i + 1) & (FLOWS - 1);
        s.now += 1_000;
        s.fast.txAvailable(s.slots[i], s.payload, s.now);
        s.fast.transmit(s.now, 1);
        byte[] ack = s.acks[i];
        int acked = s.acked[i] + s.payload;
        s.acked[i] = acked;
        setSeq(ack, TCP + 8, acked);
        s.parser.parse(ack, 0, ack.length, s.metadata);
        return s.fast.process(ack, 0, ack.length, s.metadata, s.now);
    }

    /** A fast path with FLOWS established flows (sequence numbers given per flow); fills {@code slots}. */
    static FlexTcpFastPath fastPath(int[] slots, int[] rxNextSeq, int[] txNextSeq) {
        FlexTcpFastPath fast = new FlexTcpFastPath(new FastPathConfig(SLOTS, LOCAL_MAC.value(), MSS, 0),
                new byte[FLOWS * 2 * BUFFER], (frame, offset, length) -> { }, ApplicationEvents.NONE);
        for (int i = 0; i < FLOWS; i++) {
            slots[i] = fast.install(FlowSpec.of(LOCAL.bits(), REMOTE.bits() + i, 80, 10_000 + i, REMOTE_MAC.value(),
                    i * 2 * BUFFER, BUFFER, i * 2 * BUFFER + BUFFER, BUFFER, rxNextSeq[i], txNextSeq[i])).orElseThrow();
        }
        return fast;
    }

    /** A segment from flow {@code i}'s peer, with timestamps. */
    static byte[] peerSegment(int i, int seq, int ack, int flags, int payload) {
        byte[] frame = FrameBuilder.ethernet().src(REMOTE_MAC).dst(LOCAL_MAC).ipv4(REMOTE, LOCAL).tcp(10_000 + i, 80)
                .seq(seq).ack(ack).flags(flags).window(65_535).timestamps(1, 0).payloadLength(payload).build();
        setIpSource(frame, REMOTE.bits() + i); // the flow's peer is REMOTE + i
        return frame;
    }

    /** Rewrites a 32-bit TCP field and updates the checksum incrementally (RFC 1624: HC' = ~(~HC + ~m + m')). */
    static void setSeq(byte[] frame, int at, int value) {
        int old = Bytes.u32(frame, at);
        Bytes.setU32(frame, at, value);
        long sum = (~Bytes.u16(frame, TCP + 16) & 0xffff) + (~old >>> 16 & 0xffff) + (~old & 0xffff)
                + (value >>> 16) + (value & 0xffff);
        Bytes.setU16(frame, TCP + 16, ~InternetChecksum.fold(sum) & 0xffff);
    }

    /** Sets the IPv4 source address and recomputes both checksums. */
    static void setIpSource(byte[] frame, int address) {
        Bytes.setU32(frame, 14 + 12, address);
        Bytes.setU16(frame, 14 + 10, 0);
        Bytes.setU16(frame, 14 + 10, InternetChecksum.of(frame, 14, 20));
        int segmentLength = Bytes.u16(frame, 14 + 2) - 20;
        Bytes.setU16(frame, TCP + 16, 0);
        Bytes.setU16(frame, TCP + 16, InternetChecksum.finish(InternetChecksum.add(InternetChecksum.pseudoHeader(
                address, Bytes.u32(frame, 14 + 16), 6, segmentLength), frame, TCP, segmentLength)));
    }
}
