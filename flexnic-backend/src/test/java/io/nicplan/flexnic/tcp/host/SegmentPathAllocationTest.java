package io.nicplan.flexnic.tcp.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.FrameSink;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.flexnic.tcp.FlexTcpFastPath;
import io.nicplan.flexnic.tcp.SegmentReason;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "allocation-free per segment", counted rather than timed: after a warm-up, 10,000
 * segments at a time through a FlexTCP host's NIC (the emulator's parser and steering table, the fast path,
 * the ACK or data frame it builds, handed to the wire) allocate exactly 0 bytes on this thread,
 * measured by {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}. The counter counts
 * objects, exactly, per thread; but the JVM's own one-off work on this thread (the counter's
 * reading allocates while it is interpreted, and a method's switch to compiled code can allocate
 * once, and so does the first run of a rare branch, which resolves its constants) can land in a
 * window. So four windows of 10,000 segments run after three of warm-up, each minus the cost of
 * the reading itself, and the cleanest must be exactly 0: a path that allocated per segment would
 * show at least 10,000 bytes in every one. (With escape analysis off the sporadic bytes stay as
 * few: no allocation on the path is merely optimised away.)
 */
class SegmentPathAllocationTest {

    private static final Ipv4Address LOCAL = Ipv4Address.parse("10.8.0.1");
    private static final Ipv4Address REMOTE = Ipv4Address.parse("10.8.0.2");
    private static final MacAddress LOCAL_MAC = MacAddress.parse("02:00:00:08:00:01");
    private static final MacAddress REMOTE_MAC = MacAddress.parse("02:00:00:08:00:02");
    private static final int FLOWS = 8;
    private static final int BUFFER = 64 * 1024;
    /** Segments per window. */
    private static final int MEASURED = 10_000;
    /** Windows not judged: the first run of every branch (class and constant resolution allocates once). */
    private static final int WARM_UP_WINDOWS = 3;
    /** Windows judged: the cleanest must allocate nothing. */
    private static final int WINDOWS = 4;
    private static final long START = 1_000_000_000L;

    /** Counts what the NIC puts on the wire without keeping (or allocating for) it. */
    private static final class CountingWire implements FrameSink {
        long frames;
        long bytes;

        @Override
        public void accept(byte[] frame, int offset, int length, long timeNanos) {
            frames++;
            bytes += length;
        }
    }

    private final EventLoop loop = new EventLoop(new SimulatedClock(START));
    private final FlexTcpHost host = new FlexTcpHost(HostConfig.defaults(LOCAL, LOCAL_MAC).withSlots(64, FLOWS)
            .withBufferBytes(BUFFER), loop);
    private final FlexTcpFastPath fast = host.fastPath();
    private final CountingWire wire = new CountingWire();
    private final int[] slots = new int[FLOWS];

    private void install(int[] rxNextSeq, int[] txNextSeq) {
        host.nic().connectWire(wire);
        for (int i = 0; i < FLOWS; i++) {
            int base = i * 2 * BUFFER;
            slots[i] = fast.install(FlowSpec.of(LOCAL.bits(), REMOTE.bits(), 80, 20_000 + i, REMOTE_MAC.value(), base,
                    BUFFER, base + BUFFER, BUFFER, rxNextSeq[i], txNextSeq[i])).orElseThrow();
        }
    }

    private static byte[] peerSegment(int flow, int seq, int ack, int flags, int payload) {
        return FrameBuilder.ethernet().src(REMOTE_MAC).dst(LOCAL_MAC).ipv4(REMOTE, LOCAL).tcp(20_000 + flow, 80)
                .seq(seq).ack(ack).flags(flags).window(65_535).timestamps(1, 0).payloadLength(payload).build();
    }

    /** Looked up once: ManagementFactory's lookup allocates on every call. */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** What two back-to-back reads of the counter allocate (the reading itself, while interpreted). */
    private static long measuringCost() {
        long a = allocatedBytes();
        long b = allocatedBytes();
        return b - a;
    }

    @Test
    void theCounterWorksHere() {
        long before = allocatedBytes();
        byte[] garbage = new byte[1 << 20];
        long after = allocatedBytes();
        assumeTrue(before >= 0, "this JVM does not count allocated bytes per thread");
        assertTrue(after - before >= garbage.length, "a 1 MB array was not counted: " + (after - before));
    }

    @ParameterizedTest(name = "{0}-byte payload")
    @ValueSource(ints = {64, 1448})
    void receivingInOrderSegmentsAllocatesNothing(int payload) {
        int[] rxNext = new int[FLOWS];
        for (int i = 0; i < FLOWS; i++) {
            rxNext[i] = 0x7fff_0000 + i * 104_729; // crosses 2^31 on the way
        }
        install(rxNext, new int[FLOWS]);
        SimulatedClock clock = (SimulatedClock) loop.clock();
        byte[][] frames = new byte[MEASURED][];
        long[] allocated = new long[WARM_UP_WINDOWS + WINDOWS];
        for (int window = 0; window < allocated.length; window++) {
            int first = window * MEASURED;
            for (int k = 0; k < MEASURED; k++) {
                int flow = (first + k) % FLOWS;
                frames[k] = peerSegment(flow, rxNext[flow] + ((first + k) / FLOWS) * payload, 0,
                        TcpFlags.ACK | TcpFlags.PSH, payload);
            }
            long cost = measuringCost();
            long before = allocatedBytes();
            for (int k = 0; k < MEASURED; k++) {
                receive(frames[k], first + k, payload, clock);
            }
            allocated[window] = allocatedBytes() - before - cost;
        }
        long total = (long) allocated.length * MEASURED;

        assertEquals(total, fast.count(SegmentReason.IN_ORDER), "every segment in order: " + fast.countsByReason());
        assertEquals(total, wire.frames, "one ACK per segment");
        assertEquals(0, Arrays.stream(allocated, WARM_UP_WINDOWS, allocated.length).min().orElseThrow(), Arrays.toString(allocated)
                + " bytes allocated in windows of " + MEASURED + " received segments");
    }

    private void receive(byte[] frame, int k, int payload, SimulatedClock clock) {
        clock.advanceBy(1_000);
        host.nic().receive(frame, 0, frame.length);
        fast.rxConsumed(slots[k % FLOWS], payload, clock.nanos()); // the application reads what arrived
    }

    @ParameterizedTest(name = "{0}-byte payload")
    @ValueSource(ints = {64, 1448})
    void sendingSegmentsAndTakingTheirAcksAllocatesNothing(int payload) {
        int[] txNext = new int[FLOWS];
        for (int i = 0; i < FLOWS; i++) {
            txNext[i] = -1 - i * 7_919; // crosses 2^32 at once
        }
        install(new int[FLOWS], txNext);
        SimulatedClock clock = (SimulatedClock) loop.clock();
        byte[][] acks = new byte[MEASURED][];
        long[] allocated = new long[WARM_UP_WINDOWS + WINDOWS];
        for (int window = 0; window < allocated.length; window++) {
            int first = window * MEASURED;
            for (int k = 0; k < MEASURED; k++) {
                int flow = (first + k) % FLOWS;
                acks[k] = peerSegment(flow, 0, txNext[flow] + ((first + k) / FLOWS + 1) * payload, TcpFlags.ACK, 0);
            }
            long cost = measuringCost();
            long before = allocatedBytes();
            for (int k = 0; k < MEASURED; k++) {
                sendAndAck(acks[k], first + k, payload, clock);
            }
            allocated[window] = allocatedBytes() - before - cost;
        }
        long total = (long) allocated.length * MEASURED;

        assertEquals(total, fast.segmentsSent(), "one segment sent per bump");
        assertEquals(total, fast.count(SegmentReason.ACK_ONLY), "every ACK on the fast path: " + fast.countsByReason());
        assertEquals((long) total * (payload + 66), wire.bytes, "data frames of the payload and 66 header bytes");
        assertEquals(0, Arrays.stream(allocated, WARM_UP_WINDOWS, allocated.length).min().orElseThrow(), Arrays.toString(allocated)
                + " bytes allocated in windows of " + MEASURED + " sent and acknowledged segments");
    }

    private void sendAndAck(byte[] ack, int k, int payload, SimulatedClock clock) {
        clock.advanceBy(1_000);
        int slot = slots[k % FLOWS];
        fast.txAvailable(slot, payload, clock.nanos());
        fast.transmit(clock.nanos(), 1);
        host.nic().receive(ack, 0, ack.length);
    }
}
