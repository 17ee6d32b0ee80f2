package io.nicplan.flexnic.tcp.host;

import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.emulator.FrameSink;
import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.flexnic.runtime.WriteResponse;
import io.nicplan.flexnic.tcp.ApplicationEvents;
import io.nicplan.flexnic.tcp.FastPathConfig;
import io.nicplan.flexnic.tcp.FlexTcpFastPath;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One FlexTCP host on an event loop: an emulated FlexNIC whose program hands every TCP segment
 * to the FlexTCP fast path (everything else, and what the fast path does not handle, reaches the
 * slow path's RX queue 0), the slow path on the host, and the applications' contexts.
 *
 * <pre>{@code
 * EventLoop loop = new EventLoop(new SimulatedClock(0));
 * FlexTcpHost server = new FlexTcpHost(HostConfig.defaults(ipA, macA), loop);
 * FlexTcpHost client = new FlexTcpHost(HostConfig.defaults(ipB, macB), loop);
 * SimulatedLink.connect(loop, server, client, LinkSettings.ideal(10_000_000_000L, 5_000));
 * TcpListener listener = server.newContext().listen(80);
 * TcpConnection c = client.newContext().connect(ipA, 80);
 * c.awaitOpen();                       // drives the loop on the simulated clock
 * c.outputStream().write(request);
 * }</pre>
 *
 * <p>Threading: one thread runs the loop, the NIC, the slow path and the applications' calls
 * (on a simulated clock, the test's thread); blocking calls such as {@link #await} drive the
 * loop from that thread.
 */
public final class FlexTcpHost {

    /** The RX queue of the slow path: non-TCP frames, and segments the fast path hands over. */
    public static final int SLOW_PATH_QUEUE = 0;
    /** The program's one table: TCP to the fast path, the rest to the slow path's queue. */
    public static final String STEERING_TABLE = "flextcp";
    /** The most segments one transmit turn sends before it yields to other events. */
    private static final int TRANSMIT_BURST = 256;

    private final HostConfig config;
    private final EventLoop loop;
    private final FlexNicEmulator nic;
    private final FlexTcpFastPath fast;
    private final byte[] hostMemory;
    private final SlowPath slow;
    private final int[] slowPathQueues;
    private final TcpConnection[] byIndex;
    private final List<TcpContext> contexts = new ArrayList<>();
    private final Set<TcpContext> toDispatch = new LinkedHashSet<>();
    private long pumpAt = Long.MAX_VALUE;
    private boolean dispatching;
    private Progress progress;
    private boolean timingFastPath;
    private long fastPathNanos;

    public FlexTcpHost(HostConfig config, EventLoop loop) {
        this(config, loop, ownNic(config, loop), new int[] {SLOW_PATH_QUEUE});
    }

    /**
     * A host on a NIC that is already programmed, e.g. compiled from a plan: its tables decide which
     * segments reach the fast path, and the slow path takes what arrives on any of its RX queues (the
     * host's stack, for the connections it sets up). The NIC must run on {@code loop}'s clock. Segments
     * the fast path hands over go to its configured queue unless {@link FlexTcpFastPath#steerSlowPath}
     * says otherwise.
     */
    public static FlexTcpHost onNic(HostConfig config, EventLoop loop, FlexNicEmulator nic) {
        if (nic.clock() != loop.clock()) {
            throw new IllegalArgumentException("the NIC runs on another clock than the event loop");
        }
        int[] all = new int[nic.program().rxQueues()];
        for (int q = 0; q < all.length; q++) {
            all[q] = q;
        }
        return new FlexTcpHost(config, loop, nic, all);
    }

    private static FlexNicEmulator ownNic(HostConfig config, EventLoop loop) {
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(1)
                .table(STEERING_TABLE, 0, 4, ActionSpec.queue(SLOW_PATH_QUEUE), KeyField.exact(HeaderField.IP_PROTO)).build();
        // The port takes the frames its MSS makes: headers (66 bytes with timestamps) and a VLAN tag's room.
        int maxFrame = Math.max(ParserConfig.STANDARD_MAX_FRAME, config.mss() + 66 + 4);
        FlexNicEmulator nic = new FlexNicEmulator(program, EmulatorConfig.DEFAULT.withParser(new ParserConfig(maxFrame, true)),
                loop.clock());
        WriteResponse steering = nic.runtime().write(WriteRequest.atomic(List.of(Update.insert(TableEntry.of(STEERING_TABLE,
                List.of(FieldMatch.exact(HeaderField.IP_PROTO, 6)), ActionSpec.fastPath())))));
        if (!steering.allOk()) {
            throw new IllegalStateException("cannot steer TCP to the fast path: " + steering.failures());
        }
        return nic;
    }

    private FlexTcpHost(HostConfig config, EventLoop loop, FlexNicEmulator nic, int[] slowPathQueues) {
        this.config = Objects.requireNonNull(config, "config");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.nic = nic;
        this.slowPathQueues = slowPathQueues;
        this.hostMemory = new byte[config.maxConnections() * 2 * config.bufferBytes()];
        this.byIndex = new TcpConnection[config.maxConnections()];
        this.fast = new FlexTcpFastPath(new FastPathConfig(config.flowSlots(), config.mac().value(), config.mss(),
                SLOW_PATH_QUEUE), hostMemory, nic::transmitFromNic, this::flowEvent);
        nic.attachFastPath(fast);
        this.slow = new SlowPath(this);
        this.progress = () -> loop.runAll(1) > 0;
    }

    /**
     * One step of progress for a blocking call ({@link #await} and the calls built on it): by
     * default the event loop's next event. A wire that brings frames from outside the loop (a TAP
     * device on the wall clock) replaces it with a step that also waits for and reads frames.
     */
    @FunctionalInterface
    public interface Progress {

        /** Makes some progress, waiting if there is nothing to do yet; false if nothing can happen any more. */
        boolean step() throws InterruptedException;
    }

    /** Makes blocking calls progress with {@code step} (see {@link Progress}); the thread that calls them runs it. */
    public void progressBy(Progress step) {
        this.progress = Objects.requireNonNull(step, "step");
    }

    public HostConfig config() {
        return config;
    }

    public EventLoop loop() {
        return loop;
    }

    /** The emulated NIC (its counters, its control path, taps for captures). */
    public FlexNicEmulator nic() {
        return nic;
    }

    public FlexTcpFastPath fastPath() {
        return fast;
    }

    /** Slow-path counters by name (handshakes, resets, timeouts, ARP, refusals). */
    public java.util.Map<String, Long> slowPathCounters() {
        return slow.counters();
    }

    /**
     * Starts or stops adding up the wall-clock time spent in the NIC (a frame's way through the
     * emulator's pipeline and the fast path's receive, the frames it sends handed to the wire
     * included) and in the fast path's transmit turns: what a core of its own would do for the
     * fast path (the benchmarks' "per fast-path core"). Off by default; two clock reads per call.
     */
    public void timeFastPath(boolean enabled) {
        timingFastPath = enabled;
    }

    /** Nanoseconds spent in the NIC and the fast path while {@link #timeFastPath} was on. */
    public long fastPathNanos() {
        return fastPathNanos;
    }

    /** Another address this host answers ARP and takes connections for (an interface with several addresses). */
    public void addAddress(Ipv4Address address) {
        slow.addLocalAddress(address.bits());
    }

    /** Which incoming connections get flow state, and the NIC context each names (by default: all, their application's). */
    public void admit(FlowAdmission admission) {
        slow.admit(admission);
    }

    int[] slowPathQueues() {
        return slowPathQueues;
    }

    /** A new application context (one per application thread, TAS-style). */
    public TcpContext newContext() {
        TcpContext context = new TcpContext(this, contexts.size());
        contexts.add(context);
        return context;
    }

    /** Where the NIC's port sends frames (a link, a TAP device, a test). */
    public void connectWire(FrameSink sink) {
        nic.connectWire(sink);
    }

    /** A frame from the wire reaches the NIC's port now. */
    public void receive(byte[] frame, int offset, int length) {
        if (timingFastPath) {
            long start = System.nanoTime();
            nic.receive(frame, offset, length);
            fastPathNanos += System.nanoTime() - start;
        } else {
            nic.receive(frame, offset, length);
        }
        slow.drain();
        pump();
        dispatch();
    }

    /**
     * Blocks until {@code condition} holds, making {@link Progress} step by step: by default
     * running the event loop's events one by one (on a simulated clock time jumps from event to
     * event).
     *
     * @throws IllegalStateException if nothing is left to happen and the condition still fails
     */
    public void await(BooleanSupplier condition, String what) {
        try {
            while (!condition.getAsBoolean()) {
                if (!progress.step()) {
                    throw new IllegalStateException("waiting for " + what + ", but no event is left to run");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    long now() {
        return loop.clock().nanos();
    }

    byte[] hostMemory() {
        return hostMemory;
    }

    SlowPath slowPath() {
        return slow;
    }

    void register(TcpConnection connection) {
        byIndex[connection.index] = connection;
    }

    boolean ownsBuffer(TcpConnection connection) {
        return byIndex[connection.index] == connection;
    }

    void unregister(TcpConnection connection) {
        if (byIndex[connection.index] == connection) {
            byIndex[connection.index] = null;
        }
    }

    /** After an application call changed flow state: send what became sendable, deliver events. */
    void afterApplicationCall() {
        pump();
        slow.scheduleControl();
        dispatch();
    }

    void dispatchLater(TcpContext context) {
        toDispatch.add(context);
    }

    /** The fast path's notification (TAS's context queue entry), routed by the flow's opaque tag. */
    private void flowEvent(int context, int opaque, int slot, int received, int acknowledged, int events) {
        TcpConnection c = opaque >= 0 && opaque < byIndex.length ? byIndex[opaque] : null;
        if (c == null) {
            return;
        }
        if (received > 0) {
            c.received(received);
        }
        if (acknowledged > 0) {
            c.acknowledged(acknowledged);
        }
        if ((events & ApplicationEvents.FIN_RECEIVED) != 0) {
            slow.finReceived(c);
        }
        if ((events & ApplicationEvents.FIN_ACKNOWLEDGED) != 0) {
            slow.finAcknowledged(c);
        }
    }

    /**
     * The NIC's transmit turn: sends what the queue manager releases now, and comes back when the
     * next rate-limited flow may send.
     */
    void pump() {
        long now = now();
        long start = timingFastPath ? System.nanoTime() : 0;
        int sent = fast.transmit(now, TRANSMIT_BURST);
        if (timingFastPath) {
            fastPathNanos += System.nanoTime() - start;
        }
        if (sent == TRANSMIT_BURST) {
            schedulePump(now);
            return;
        }
        long next = fast.nextTransmitNanos(now);
        if (next != Long.MAX_VALUE) {
            schedulePump(next);
        }
    }

    private void schedulePump(long at) {
        if (at >= pumpAt) {
            return;
        }
        pumpAt = at;
        loop.schedule(at, () -> {
            if (pumpAt == at) {
                pumpAt = Long.MAX_VALUE;
            }
            pump();
            dispatch();
        });
    }

    /** Delivers queued events to contexts with handlers, outside segment processing. */
    void dispatch() {
        if (dispatching) {
            return; // a handler's call came back here: the outer loop delivers
        }
        dispatching = true;
        try {
            while (!toDispatch.isEmpty()) {
                TcpContext next = toDispatch.iterator().next();
                toDispatch.remove(next);
                next.dispatch();
            }
        } finally {
            dispatching = false;
        }
    }
}
