package io.nicplan.flexnic.emulator;

import io.nicplan.flexnic.capture.Direction;
import io.nicplan.flexnic.capture.WireTap;
import io.nicplan.flexnic.clock.Clock;
import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.host.Descriptor;
import io.nicplan.flexnic.host.HostRing;
import io.nicplan.flexnic.host.QueueManager;
import io.nicplan.flexnic.host.TokenBucket;
import io.nicplan.flexnic.packet.TransmitOffloads;
import io.nicplan.flexnic.packet.TxOffloadError;
import io.nicplan.flexnic.packet.TxOffloadRequest;
import io.nicplan.flexnic.pipeline.CompiledAction;
import io.nicplan.flexnic.pipeline.DropReason;
import io.nicplan.flexnic.pipeline.FastPathEngine;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.flexnic.pipeline.PacketOutcome;
import io.nicplan.flexnic.pipeline.Pipeline;
import io.nicplan.flexnic.program.DmaRingSpec;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.RateClassSpec;
import io.nicplan.flexnic.runtime.FlexNicRuntime;
import io.nicplan.flexnic.runtime.FlowStateStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One emulated FlexNIC with one Ethernet port. Receive: a frame from the wire is captured, runs
 * through the {@link Pipeline}, is policed by its rate class, and ends in exactly one place: an
 * RX queue, a DMA ring, the fast-path engine, or a drop counted by reason. Malformed frames
 * never throw. Transmit: the host posts frames to TX queues; the {@link QueueManager} releases
 * them under their rate limits to the wire sink, captured on the way.
 *
 * <p>Threading: the packet path ({@link #receive}, transmit, and the consumer side of RX
 * rings) runs on one thread, the emulator's; the control path ({@link #runtime()}) may be used
 * from any thread. Receive allocates nothing per frame.
 */
public final class FlexNicEmulator {

    private final FlexNicProgram program;
    private final EmulatorConfig config;
    private final Clock clock;
    private final FlexNicRuntime runtime;
    private final Pipeline pipeline;
    private final PacketOutcome outcome = new PacketOutcome();
    private final HostRing[] rxQueues;
    private final HostRing[] dmaRings;
    private final TokenBucket[] policers;
    private final QueueManager txQueues;
    private final Descriptor txDescriptor;
    private final List<WireTap> taps = new ArrayList<>();
    private WireTap[] tapArray = new WireTap[0];
    private FrameSink wire = (frame, offset, length, time) -> { };
    private FastPathEngine fastPath;
    private boolean transmitScheduled;

    private long rxFrames;
    private long rxBytes;
    private long toQueues;
    private long toDma;
    private long toFastPath;
    private final long[] drops = new long[DropReason.values().length];
    private final long[] perQueue;
    /** Frames a rate class dropped, by the RX queue they were steered to (the queue manager's per-queue limit, FlexNIC). */
    private final long[] rateLimitedPerQueue;
    /** Frames each rate class dropped, in the program's order of rate classes. */
    private final long[] rateLimitedPerClass;
    private long txFrames;
    private long txBytes;
    private final long[] txOffloadErrors = new long[TxOffloadError.values().length];
    private long tsoSends;
    private long tsoSegments;

    /** A NIC running {@code program} with empty tables, on {@code clock}. */
    public FlexNicEmulator(FlexNicProgram program, EmulatorConfig config, Clock clock) {
        this.program = Objects.requireNonNull(program, "program");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runtime = new FlexNicRuntime(program);
        this.pipeline = new Pipeline(config.parser(), runtime.snapshot());
        runtime.subscribe(pipeline::publish);
        runtime.readCountersFrom(pipeline::adopted);
        int maxFrame = config.parser().maxFrameLength();
        this.rxQueues = new HostRing[program.rxQueues()];
        for (int q = 0; q < rxQueues.length; q++) {
            rxQueues[q] = new HostRing("rx" + q, config.rxRingSize(), maxFrame);
        }
        this.perQueue = new long[rxQueues.length];
        this.rateLimitedPerQueue = new long[rxQueues.length];
        this.rateLimitedPerClass = new long[program.rateClasses().size()];
        this.dmaRings = new HostRing[program.dmaRings().size()];
        for (int i = 0; i < dmaRings.length; i++) {
            DmaRingSpec spec = program.dmaRings().get(i);
            dmaRings[i] = new HostRing(spec.name(), spec.slots(), spec.slotSize());
        }
        this.policers = new TokenBucket[program.rateClasses().size()];
        for (int i = 0; i < policers.length; i++) {
            RateClassSpec rc = program.rateClasses().get(i);
            policers[i] = new TokenBucket(rc.bitsPerSecond(), rc.burstBytes(), clock.nanos());
        }
        this.txQueues = new QueueManager(config.txQueues(), config.txRingSize(), maxFrame);
        this.txDescriptor = new Descriptor(maxFrame);
    }

    public FlexNicProgram program() {
        return program;
    }

    /**
     * Heap the emulator's buffers hold, allocated when it was made: RX rings, DMA rings and TX rings
     * (a ring's slots are preallocated as a driver's are). Tables, counters and the parser are small
     * beside them and not counted.
     */
    public long memoryBytes() {
        long bytes = txQueues.memoryBytes() + txDescriptor.buffer().length;
        for (HostRing q : rxQueues) {
            bytes += q.memoryBytes();
        }
        for (HostRing r : dmaRings) {
            bytes += r.memoryBytes();
        }
        return bytes;
    }

    public EmulatorConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The control path: write entries, read entries and counters. */
    public FlexNicRuntime runtime() {
        return runtime;
    }

    /** The parse of the last frame received (valid until the next). */
    public PacketMetadata lastMetadata() {
        return pipeline.metadata();
    }

    /** Where transmitted frames go (default: nowhere). */
    public void connectWire(FrameSink sink) {
        this.wire = Objects.requireNonNull(sink, "sink");
    }

    /** Adds a tap that sees every frame received and transmitted (e.g. a {@link io.nicplan.flexnic.capture.PcapWriter}). */
    public void addTap(WireTap tap) {
        taps.add(Objects.requireNonNull(tap, "tap"));
        tapArray = taps.toArray(new WireTap[0]);
    }

    /**
     * Installs the engine that fate FAST_PATH hands packets to. An engine with per-flow state (a
     * {@link FlowStateStore}, FlexTCP's) also becomes the control path's target for flow-state
     * updates.
     */
    public void attachFastPath(FastPathEngine engine) {
        this.fastPath = Objects.requireNonNull(engine, "engine");
        if (engine instanceof FlowStateStore store) {
            runtime.attachFlowState(store);
        }
    }

    public HostRing rxQueue(int queue) {
        if (queue < 0 || queue >= rxQueues.length) {
            throw new IllegalArgumentException("no RX queue " + queue + " (have " + rxQueues.length + ")");
        }
        return rxQueues[queue];
    }

    public HostRing dmaRing(String name) {
        int index = program.indexOfDmaRing(name);
        if (index < 0) {
            throw new IllegalArgumentException("no dma ring '" + name + "' in the program");
        }
        return dmaRings[index];
    }

    public QueueManager txQueues() {
        return txQueues;
    }

    /** Receives a whole array as one frame from the wire. */
    public PacketOutcome receive(byte[] frame) {
        return receive(frame, 0, frame.length);
    }

    /**
     * Receives {@code frame[offset, offset+length)} from the wire at the clock's current time.
     *
     * @return the decision for this frame, after delivery (a full ring or a rate limit turns it
     *     into a drop); reused, valid until the next call
     */
    public PacketOutcome receive(byte[] frame, int offset, int length) {
        long now = clock.nanos();
        rxFrames++;
        rxBytes += length;
        for (WireTap tap : tapArray) {
            tap.frame(Direction.RX, now, frame, offset, length);
        }
        PacketOutcome out = pipeline.process(frame, offset, length, outcome);
        if (!out.dropped() && out.rateClass() >= 0 && !policers[out.rateClass()].tryConsume(now, length)) {
            rateLimitedPerClass[out.rateClass()]++;
            if (out.queue() >= 0) {
                rateLimitedPerQueue[out.queue()]++;
            }
            out.drop(DropReason.RATE_LIMITED);
        }
        switch (out.fate()) {
            case DROP -> drops[out.dropReason().ordinal()]++;
            case NONE, QUEUE, RSS -> deliver(out, out.queue(), frame, offset, length, now);
            case DMA -> writeDma(out, frame, length, now);
            case FAST_PATH -> handOff(out, frame, offset, length, now);
        }
        return out;
    }

    private void deliver(PacketOutcome out, int queue, byte[] frame, int offset, int length, long now) {
        if (rxQueues[queue].offer(frame, offset, length, now, out.rssHash(), out.mark())) {
            toQueues++;
            perQueue[queue]++;
        } else {
            out.drop(DropReason.RX_RING_FULL);
            drops[DropReason.RX_RING_FULL.ordinal()]++;
        }
    }

    private void writeDma(PacketOutcome out, byte[] frame, int length, long now) {
        HostRing ring = dmaRings[out.dmaRing()];
        CompiledAction action = out.fateAction();
        PacketMetadata m = pipeline.metadata();
        int recordLength = action.dmaRecordLength(m);
        if (recordLength > ring.slotSize()) {
            out.drop(DropReason.DMA_RECORD_TOO_LARGE);
            drops[DropReason.DMA_RECORD_TOO_LARGE.ordinal()]++;
            return;
        }
        int slot = ring.claim();
        if (slot < 0) {
            out.drop(DropReason.DMA_RING_FULL);
            drops[DropReason.DMA_RING_FULL.ordinal()]++;
            return;
        }
        action.writeDmaRecord(m, frame, ring.buffer(), ring.slotOffset(slot));
        ring.publish(recordLength, now, out.rssHash(), out.mark());
        toDma++;
    }

    private void handOff(PacketOutcome out, byte[] frame, int offset, int length, long now) {
        if (fastPath == null) {
            out.drop(DropReason.NO_FAST_PATH);
            drops[DropReason.NO_FAST_PATH.ordinal()]++;
            return;
        }
        int verdict = fastPath.process(frame, offset, length, pipeline.metadata(), now);
        if (verdict == FastPathEngine.CONSUMED) {
            toFastPath++;
        } else if (verdict == FastPathEngine.DROPPED) {
            out.drop(DropReason.FAST_PATH_DROP);
            drops[DropReason.FAST_PATH_DROP.ordinal()]++;
        } else if (verdict >= 0 && verdict < rxQueues.length) {
            out.puntedTo(verdict);
            deliver(out, verdict, frame, offset, length, now);
        } else {
            throw new IllegalStateException("fast-path engine returned " + verdict + ", neither CONSUMED, DROPPED nor one of "
                    + rxQueues.length + " RX queues");
        }
    }

    /**
     * Host side: posts a frame to a TX queue.
     *
     * @param flowId for per-flow rate limits, or {@link QueueManager#NO_FLOW}
     * @return false if that TX ring is full
     */
    public boolean post(int txQueue, int flowId, byte[] frame) {
        return txQueues.post(txQueue, flowId, frame, 0, frame.length, clock.nanos());
    }

    /**
     * Host side: posts a frame with transmit offloads, as a driver does with a context descriptor
     * (docs/flexnic.md "Transmit offloads"): the NIC fills in the checksums asked for and, for TSO,
     * cuts the send into MSS-sized segments ({@link TransmitOffloads}), each queued as its own
     * frame. A send the offloads cannot take (neither IPv4 nor IPv6, truncated headers, TSO on UDP, no room in
     * the ring for all its segments, ...) is not queued at all and is counted by reason
     * ({@link #txOffloadErrors()}).
     *
     * @return false if the frame was refused
     */
    public boolean post(int txQueue, int flowId, byte[] frame, TxOffloadRequest offloads) {
        if (!offloads.any()) {
            return post(txQueue, flowId, frame);
        }
        TransmitOffloads.Plan plan = TransmitOffloads.plan(frame, 0, frame.length, offloads);
        TxOffloadError error = plan.error();
        HostRing ring = txQueues.queue(txQueue);
        int largest = offloads.segments() ? plan.largestFrame(offloads.mss()) : frame.length;
        if (error == null && largest > ring.slotSize()) {
            error = TxOffloadError.SEGMENT_TOO_LARGE;
        }
        if (error == null && ring.capacity() - ring.size() < plan.segments()) {
            error = TxOffloadError.RING_FULL;
        }
        if (error != null) {
            txOffloadErrors[error.ordinal()]++;
            return false;
        }
        long now = clock.nanos();
        TransmitOffloads.apply(frame, 0, frame.length, offloads, plan, seg -> txQueues.post(txQueue, flowId, seg, 0, seg.length, now));
        if (offloads.segments()) {
            tsoSends++;
            tsoSegments += plan.segments();
        }
        return true;
    }

    /** Sends refused by the transmit offloads, by reason (only reasons that occurred). */
    public Map<TxOffloadError, Long> txOffloadErrors() {
        Map<TxOffloadError, Long> out = new EnumMap<>(TxOffloadError.class);
        for (TxOffloadError e : TxOffloadError.values()) {
            if (txOffloadErrors[e.ordinal()] != 0) {
                out.put(e, txOffloadErrors[e.ordinal()]);
            }
        }
        return out;
    }

    /** TSO sends accepted so far, and the segments they became. */
    public long tsoSends() {
        return tsoSends;
    }

    public long tsoSegments() {
        return tsoSegments;
    }

    /** Sends every frame the queue manager releases now; returns how many. */
    public int transmitReady() {
        long now = clock.nanos();
        int sent = 0;
        while (txQueues.next(now, txDescriptor) >= 0) {
            transmitFromNic(txDescriptor.buffer(), 0, txDescriptor.length());
            sent++;
        }
        return sent;
    }

    /** When the next waiting frame may leave ({@link Long#MAX_VALUE} if none waits). */
    public long nextTransmitTime() {
        return txQueues.nextEligibleTime(clock.nanos());
    }

    /**
     * Sends what may leave now and, while frames wait on rate limits, schedules itself on the
     * loop for when the next may leave. Call after posting frames.
     */
    public void pumpTransmit(EventLoop loop) {
        transmitReady();
        long next = nextTransmitTime();
        if (next != Long.MAX_VALUE && !transmitScheduled) {
            transmitScheduled = true;
            loop.schedule(next, () -> {
                transmitScheduled = false;
                pumpTransmit(loop);
            });
        }
    }

    /** Puts a frame on the wire from inside the NIC (the fast path's ACKs and segments). */
    public void transmitFromNic(byte[] frame, int offset, int length) {
        long now = clock.nanos();
        txFrames++;
        txBytes += length;
        for (WireTap tap : tapArray) {
            tap.frame(Direction.TX, now, frame, offset, length);
        }
        wire.accept(frame, offset, length, now);
    }

    /**
     * Frames dropped as {@code rate_limited} that were steered to RX queue {@code queue} (0 for a
     * queue out of range); call on the emulator's thread.
     */
    public long rateLimited(int queue) {
        return queue >= 0 && queue < rateLimitedPerQueue.length ? rateLimitedPerQueue[queue] : 0;
    }

    /** Frames the named rate class dropped; call on the emulator's thread. */
    public long rateLimitedBy(String rateClass) {
        for (int i = 0; i < rateLimitedPerClass.length; i++) {
            if (program.rateClasses().get(i).name().equals(rateClass)) {
                return rateLimitedPerClass[i];
            }
        }
        throw new IllegalArgumentException("no rate class '" + rateClass + "'");
    }

    /** The device counters now; call on the emulator's thread (they are its plain fields). */
    public NicCounters counters() {
        Map<DropReason, Long> byReason = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            if (drops[r.ordinal()] != 0) {
                byReason.put(r, drops[r.ordinal()]);
            }
        }
        List<Long> queues = new ArrayList<>(perQueue.length);
        for (long n : perQueue) {
            queues.add(n);
        }
        return new NicCounters(rxFrames, rxBytes, toQueues, toDma, toFastPath, byReason, queues, txFrames, txBytes);
    }
}
