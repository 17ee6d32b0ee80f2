package io.nicplan.flexnic.wire;

import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.tcp.host.FlexTcpHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A FlexTCP host's NIC port wired to a {@link TapDevice}, on the wall clock: the kernel's TCP is
 * the peer. Frames the NIC transmits are written to the device at once; frames the kernel sends
 * are read and handed to the NIC's port.
 *
 * <p>Threading: one thread, the wire's, does everything: it waits in {@code ppoll} on the device
 * until a frame arrives or the host's event loop has its next timer due (retransmissions, the
 * control loop, pacing, TIME-WAIT), then reads the frames that arrived and runs the due events.
 * Applications run on that thread too: event-driven ones through their context's handler, and
 * blocking ones ({@code awaitOpen}, the streams) because the wire makes the host's blocking calls
 * progress by these steps ({@link FlexTcpHost#progressBy}). So no state is shared between threads
 * and nothing needs a lock; the first thread to step owns the wire, any other is refused.
 * Waiting is capped ({@link #MAX_WAIT_NANOS}) so a stop request is seen within that time.
 */
public final class TapWire implements AutoCloseable {

    /** The longest one step waits for a frame or a timer, so a stop condition is checked this often. */
    public static final long MAX_WAIT_NANOS = 50_000_000L;
    /**
     * The wire thread's timer slack: a paced flow sends one segment per wake-up (its next send
     * time moves on from when it sent), so wake-ups 50 us late (the kernel's default slack) would
     * cap it near 200 Mbit/s.
     */
    private static final long TIMER_SLACK_NANOS = 1_000;
    /** The most frames one step reads before it runs due timers. */
    private static final int READ_BURST = 256;

    private final FlexTcpHost host;
    private final TapDevice device;
    private final EventLoop loop;
    private final byte[] frame = new byte[TapDevice.MAX_FRAME];
    private Thread owner;
    private long framesFromKernel;
    private long bytesFromKernel;
    private long framesToKernel;
    private long bytesToKernel;
    private long refusedByKernel;

    private TapWire(FlexTcpHost host, TapDevice device) {
        this.host = host;
        this.device = device;
        this.loop = host.loop();
    }

    /**
     * Wires {@code host}'s port to {@code device}. The host's event loop must run on a wall clock
     * ({@code new EventLoop(new WallClock())}): the kernel does not wait for simulated time.
     */
    public static TapWire attach(FlexTcpHost host, TapDevice device) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(device, "device");
        if (host.loop().clock() instanceof SimulatedClock) {
            throw new IllegalArgumentException("a TAP wire needs a host on the wall clock, not a simulated one");
        }
        TapWire wire = new TapWire(host, device);
        host.connectWire((bytes, offset, length, time) -> wire.toKernel(bytes, offset, length));
        host.progressBy(wire::step);
        return wire;
    }

    public FlexTcpHost host() {
        return host;
    }

    public TapDevice device() {
        return device;
    }

    /**
     * One step: waits until a frame arrives or the next timer is due (at most
     * {@link #MAX_WAIT_NANOS}), hands up to {@value #READ_BURST} frames to the NIC, then runs the
     * events that are due.
     *
     * @return true (the kernel may always send something more)
     */
    public boolean step() throws InterruptedException {
        checkOwner();
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while driving " + device);
        }
        try {
            long now = loop.clock().nanos();
            long wait = Math.min(loop.nextEventTime() - now, MAX_WAIT_NANOS);
            if (wait > 0) {
                device.awaitReadable(wait);
            }
            for (int i = 0; i < READ_BURST; i++) {
                int length = device.read(frame);
                if (length == 0) {
                    break;
                }
                framesFromKernel++;
                bytesFromKernel += length;
                host.receive(frame, 0, length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loop.runUntil(loop.clock().nanos());
        return true;
    }

    /** Steps until {@code done} holds. */
    public void runUntil(BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            step();
        }
    }

    /**
     * Steps until {@code done} holds or {@code timeoutNanos} of wall time passed.
     *
     * @return whether {@code done} holds
     */
    public boolean runUntil(BooleanSupplier done, long timeoutNanos) throws InterruptedException {
        long deadline = loop.clock().nanos() + timeoutNanos;
        while (!done.getAsBoolean()) {
            if (loop.clock().nanos() >= deadline) {
                return false;
            }
            step();
        }
        return true;
    }

    public long framesFromKernel() {
        return framesFromKernel;
    }

    public long bytesFromKernel() {
        return bytesFromKernel;
    }

    public long framesToKernel() {
        return framesToKernel;
    }

    public long bytesToKernel() {
        return bytesToKernel;
    }

    /** Frames the device refused (counted, like a full transmit queue's drops). */
    public long refusedByKernel() {
        return refusedByKernel;
    }

    /** Closes the device, which removes it from the kernel. */
    @Override
    public void close() {
        device.close();
    }

    @Override
    public String toString() {
        return "TAP wire " + device.name() + ": " + framesFromKernel + " frames from the kernel, " + framesToKernel
                + " to it, " + refusedByKernel + " refused";
    }

    private void toKernel(byte[] bytes, int offset, int length) {
        if (!device.isOpen()) {
            refusedByKernel++;
            return;
        }
        if (device.write(bytes, offset, length)) {
            framesToKernel++;
            bytesToKernel += length;
        } else {
            refusedByKernel++;
        }
    }

    private void checkOwner() {
        Thread current = Thread.currentThread();
        if (owner == null) {
            owner = current;
            TapDevice.setTimerSlack(TIMER_SLACK_NANOS);
        } else if (owner != current) {
            throw new IllegalStateException(device + " is driven by " + owner.getName() + ", not " + current.getName());
        }
    }
}
