package io.nicplan.flexnic.pipeline;

import io.nicplan.flexnic.program.CounterValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A packet and byte counter with one writer (the packet path) and any number of readers (the
 * control path). Opaque accesses make every update visible to readers without the cost of a
 * volatile write or an atomic add; with one writer no increment is lost.
 */
public final class DirectCounter {

    private static final VarHandle PACKETS;
    private static final VarHandle BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PACKETS = lookup.findVarHandle(DirectCounter.class, "packets", long.class);
            BYTES = lookup.findVarHandle(DirectCounter.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through PACKETS
    private long packets;
    @SuppressWarnings("unused") // accessed through BYTES
    private long bytes;

    /** Counts one packet of {@code length} bytes. Packet path only. */
    public void add(int length) {
        PACKETS.setOpaque(this, (long) PACKETS.getOpaque(this) + 1);
        BYTES.setOpaque(this, (long) BYTES.getOpaque(this) + length);
    }

    public long packets() {
        return (long) PACKETS.getOpaque(this);
    }

    public long bytes() {
        return (long) BYTES.getOpaque(this);
    }

    /** Both counts (not read atomically together: the pair may straddle one packet). */
    public CounterValue read() {
        return new CounterValue(packets(), bytes());
    }
}
