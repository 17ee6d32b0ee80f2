package io.nicplan.flexnic.tcp;

import io.nicplan.flexnic.program.FlowSpec;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * FlexTCP's per-flow state: a preallocated table of {@code slots} records of 32 ints (128 bytes,
 * TAS's two cache lines) in one {@code int[]}, and an open-addressing index from the 4-tuple to
 * the slot. The first twelve words are written by the control path at install and only read
 * per segment (TAS's read-only line); the rest is the fast path's (TAS's read-write line).
 * Nothing here allocates per segment; there are no per-flow objects.
 *
 * <p>Threading: one thread, the emulator's. The control calls ({@link #install},
 * {@link #remove}) run between segments on that thread, as the slow path's commands will.
 */
final class FlowTable {

    /** Words per flow record: 32 ints = 128 bytes. */
    public static final int STRIDE = 32;

    // Read-only line: 4-tuple, peer MAC, flags, application context, buffers.
    static final int LOCAL_IP = 0;
    static final int REMOTE_IP = 1;
    /** Local port in the high 16 bits, remote port in the low. */
    static final int PORTS = 2;
    static final int REMOTE_MAC_HIGH = 3;
    static final int REMOTE_MAC_LOW = 4;
    /** {@code FLAG_*} bits; the window shifts in bits 16..19 (peer) and 20..23 (local). */
    static final int FLAGS = 5;
    static final int CONTEXT = 6;
    static final int OPAQUE = 7;
    static final int RX_BASE = 8;
    static final int RX_LENGTH = 9;
    static final int TX_BASE = 10;
    static final int TX_LENGTH = 11;
    // Read-write line.
    /** Free bytes in the receive buffer: the window this side announces. */
    static final int RX_AVAIL = 12;
    /** Buffer position of the next in-order byte. */
    static final int RX_NEXT_POS = 13;
    static final int RX_NEXT_SEQ = 14;
    /** The peer's window in bytes (scaled). */
    static final int RX_REMOTE_AVAIL = 15;
    static final int RX_DUPACKS = 16;
    /** The one out-of-order interval: first sequence number and length (0: none). */
    static final int RX_OOO_START = 17;
    static final int RX_OOO_LENGTH = 18;
    /** Bytes the application has written and the fast path has not sent yet. */
    static final int TX_AVAIL = 19;
    /** Sequence units sent and not acknowledged (a sent FIN counts one). */
    static final int TX_SENT = 20;
    static final int TX_NEXT_POS = 21;
    static final int TX_NEXT_SEQ = 22;
    /** One past the highest sequence number ever sent (go-back-N rewinds TX_NEXT_SEQ, not this). */
    static final int TX_HIGH_SEQ = 23;
    /** The peer's last timestamp value, echoed in every segment (RFC 7323 TS.Recent). */
    static final int TS_ECHO = 24;
    static final int TX_RATE_KBPS = 25;
    // Counters for the slow path's congestion control (read as deltas, so they may wrap).
    static final int CNT_DROPS = 26;
    static final int CNT_ACKS = 27;
    static final int CNT_ACK_BYTES = 28;
    static final int CNT_ECN_BYTES = 29;
    /** Smoothed RTT in microseconds (EWMA 7/8), 0 before the first sample. */
    static final int RTT_MICROS = 30;
    /** The flow group (RSS bucket) the flow's segments arrive on; informational. */
    static final int FLOW_GROUP = 31;

    static final int FLAG_IN_USE = 1;
    static final int FLAG_ECN = 1 << 1;
    /** The application closed its direction: send FIN after the last byte. */
    static final int FLAG_TX_CLOSING = 1 << 2;
    /** The FIN is among the sent, unacknowledged units. */
    static final int FLAG_TX_FIN_SENT = 1 << 3;
    static final int FLAG_TX_FIN_ACKED = 1 << 4;
    static final int FLAG_RX_FIN = 1 << 5;
    static final int PEER_SHIFT_BIT = 16;
    static final int LOCAL_SHIFT_BIT = 20;

    private final int slots;
    final int[] state;
    /** Slot + 1 per index bucket, 0 when empty; linear probing. */
    private final int[] index;
    private final int indexMask;
    private final int[] freeSlots;
    private int freeCount;
    private final int hostMemoryLength;

    /**
     * A table of {@code slots} flows (the description's {@code flowstate_slots}) whose buffers lie in
     * a host memory of {@code hostMemoryLength} bytes.
     */
    public FlowTable(int slots, int hostMemoryLength) {
        if (slots < 1 || slots > (1 << 24)) {
            throw new IllegalArgumentException("flow slots must be 1..2^24, got " + slots);
        }
        this.slots = slots;
        this.hostMemoryLength = hostMemoryLength;
        this.state = new int[slots * STRIDE];
        // At most half full keeps linear probes short.
        int buckets = Integer.highestOneBit(slots) << 2;
        this.index = new int[buckets];
        this.indexMask = buckets - 1;
        this.freeSlots = new int[slots];
        for (int i = 0; i < slots; i++) {
            freeSlots[i] = slots - 1 - i;
        }
        this.freeCount = slots;
    }

    public int capacity() {
        return slots;
    }

    public int size() {
        return slots - freeCount;
    }

    /**
     * Installs an established flow (control path).
     *
     * @return its slot, or empty when every slot is taken (flow state is an exhaustible resource)
     * @throws IllegalArgumentException if the 4-tuple is already installed or a buffer lies outside host memory
     */
    public OptionalInt install(FlowSpec spec) {
        Objects.requireNonNull(spec, "spec");
        checkBuffer("rx", spec.rxBase(), spec.rxLength());
        checkBuffer("tx", spec.txBase(), spec.txLength());
        int ports = spec.localPort() << 16 | spec.remotePort();
        if (lookup(spec.localIp(), spec.remoteIp(), ports) >= 0) {
            throw new IllegalArgumentException("flow already installed: " + spec);
        }
        if (freeCount == 0) {
            return OptionalInt.empty();
        }
        int slot = freeSlots[--freeCount];
        int b = slot * STRIDE;
        java.util.Arrays.fill(state, b, b + STRIDE, 0);
        state[b + LOCAL_IP] = spec.localIp();
        state[b + REMOTE_IP] = spec.remoteIp();
        state[b + PORTS] = ports;
        state[b + REMOTE_MAC_HIGH] = (int) (spec.remoteMac() >>> 32);
        state[b + REMOTE_MAC_LOW] = (int) spec.remoteMac();
        state[b + FLAGS] = FLAG_IN_USE | (spec.ecn() ? FLAG_ECN : 0) | spec.peerWindowShift() << PEER_SHIFT_BIT
                | spec.localWindowShift() << LOCAL_SHIFT_BIT;
        state[b + CONTEXT] = spec.context();
        state[b + OPAQUE] = spec.opaque();
        state[b + RX_BASE] = spec.rxBase();
        state[b + RX_LENGTH] = spec.rxLength();
        state[b + TX_BASE] = spec.txBase();
        state[b + TX_LENGTH] = spec.txLength();
        state[b + RX_AVAIL] = spec.rxLength();
        state[b + RX_NEXT_SEQ] = spec.rxNextSeq();
        state[b + RX_REMOTE_AVAIL] = spec.peerWindow();
        state[b + TX_NEXT_SEQ] = spec.txNextSeq();
        state[b + TX_HIGH_SEQ] = spec.txNextSeq();
        state[b + TS_ECHO] = spec.timestampToEcho();
        state[b + TX_RATE_KBPS] = spec.txRateKbps();
        int bucket = hash(spec.localIp(), spec.remoteIp(), ports) & indexMask;
        while (index[bucket] != 0) {
            bucket = (bucket + 1) & indexMask;
        }
        index[bucket] = slot + 1;
        return OptionalInt.of(slot);
    }

    /** Removes a flow (control path); its slot becomes free. */
    public void remove(int slot) {
        int b = checkSlot(slot) * STRIDE;
        int bucket = hash(state[b + LOCAL_IP], state[b + REMOTE_IP], state[b + PORTS]) & indexMask;
        while (index[bucket] != slot + 1) {
            bucket = (bucket + 1) & indexMask;
        }
        // Backward-shift deletion: no tombstones, so probes stay as short as the table is full.
        int hole = bucket;
        int next = (hole + 1) & indexMask;
        while (index[next] != 0) {
            int other = (index[next] - 1) * STRIDE;
            int home = hash(state[other + LOCAL_IP], state[other + REMOTE_IP], state[other + PORTS]) & indexMask;
            // Move the entry into the hole unless its home lies cyclically in (hole, next].
            if (((next - home) & indexMask) >= ((next - hole) & indexMask)) {
                index[hole] = index[next];
                hole = next;
            }
            next = (next + 1) & indexMask;
        }
        index[hole] = 0;
        state[b + FLAGS] = 0;
        freeSlots[freeCount++] = slot;
    }

    /** The slot of a flow, or -1. Allocation-free. */
    public int lookup(int localIp, int remoteIp, int localPort, int remotePort) {
        return lookup(localIp, remoteIp, localPort << 16 | remotePort);
    }

    int lookup(int localIp, int remoteIp, int ports) {
        final int[] s = state;
        int bucket = hash(localIp, remoteIp, ports) & indexMask;
        int entry;
        while ((entry = index[bucket]) != 0) {
            int b = (entry - 1) * STRIDE;
            if (s[b + PORTS] == ports && s[b + REMOTE_IP] == remoteIp && s[b + LOCAL_IP] == localIp) {
                return entry - 1;
            }
            bucket = (bucket + 1) & indexMask;
        }
        return -1;
    }

    /**
     * A hash of the 4-tuple. TAS uses CRC32C (a NIC has it in hardware); here a multiply-xorshift
     * mix (the finalizer of MurmurHash3) spreads the bits as well at a fraction of the cost in Java.
     */
    static int hash(int localIp, int remoteIp, int ports) {
        long h = (localIp & 0xffffffffL) << 32 | (remoteIp & 0xffffffffL);
        h ^= (long) ports * 0x9E3779B97F4A7C15L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    public boolean inUse(int slot) {
        return slot >= 0 && slot < slots && (state[slot * STRIDE + FLAGS] & FLAG_IN_USE) != 0;
    }

    /** A snapshot of one flow's state (for the slow path, tests and tools; allocates). */
    public FlowView view(int slot) {
        int b = checkSlot(slot) * STRIDE;
        int[] s = state;
        int f = s[b + FLAGS];
        return new FlowView(slot, s[b + RX_AVAIL], s[b + RX_NEXT_POS], s[b + RX_NEXT_SEQ], s[b + RX_REMOTE_AVAIL],
                s[b + RX_DUPACKS], s[b + RX_OOO_START], s[b + RX_OOO_LENGTH], s[b + TX_AVAIL], s[b + TX_SENT],
                s[b + TX_NEXT_POS], s[b + TX_NEXT_SEQ], s[b + TS_ECHO], s[b + TX_RATE_KBPS], s[b + CNT_DROPS],
                s[b + CNT_ACKS], s[b + CNT_ACK_BYTES], s[b + CNT_ECN_BYTES], s[b + RTT_MICROS],
                (f & FLAG_RX_FIN) != 0, (f & FLAG_TX_CLOSING) != 0, (f & FLAG_TX_FIN_SENT) != 0, (f & FLAG_TX_FIN_ACKED) != 0);
    }

    /**
     * Checks the invariants of one installed flow: positions inside their buffers, the window and
     * the out-of-order interval inside the free receive space, unsent plus unacknowledged data
     * inside the transmit buffer, fewer than three duplicate ACKs pending.
     *
     * @return a description of the first violated invariant, or empty
     */
    public Optional<String> invariantViolation(int slot) {
        int b = checkSlot(slot) * STRIDE;
        int[] s = state;
        int rxLength = s[b + RX_LENGTH];
        int txLength = s[b + TX_LENGTH];
        int finUnit = (s[b + FLAGS] & FLAG_TX_FIN_SENT) != 0 ? 1 : 0;
        if (s[b + RX_AVAIL] < 0 || s[b + RX_AVAIL] > rxLength) {
            return Optional.of("rx_avail " + s[b + RX_AVAIL] + " outside 0.." + rxLength);
        }
        if (s[b + RX_NEXT_POS] < 0 || s[b + RX_NEXT_POS] >= rxLength) {
            return Optional.of("rx_next_pos " + s[b + RX_NEXT_POS] + " outside the buffer of " + rxLength);
        }
        int oooLength = s[b + RX_OOO_LENGTH];
        if (oooLength < 0) {
            return Optional.of("negative out-of-order length " + oooLength);
        }
        if (oooLength > 0) {
            long start = SequenceSpace.distance(s[b + RX_NEXT_SEQ], s[b + RX_OOO_START]);
            if (start <= 0 || start + oooLength > s[b + RX_AVAIL]) {
                return Optional.of("out-of-order interval at +" + start + " length " + oooLength
                        + " not inside the window of " + s[b + RX_AVAIL]);
            }
        }
        if (s[b + TX_AVAIL] < 0 || s[b + TX_SENT] < 0 || (long) s[b + TX_AVAIL] + s[b + TX_SENT] - finUnit > txLength) {
            return Optional.of("tx_avail " + s[b + TX_AVAIL] + " + tx_sent " + s[b + TX_SENT] + " exceed the buffer of "
                    + txLength);
        }
        if (s[b + TX_NEXT_POS] < 0 || s[b + TX_NEXT_POS] >= txLength) {
            return Optional.of("tx_next_pos " + s[b + TX_NEXT_POS] + " outside the buffer of " + txLength);
        }
        long ahead = SequenceSpace.distance(s[b + TX_NEXT_SEQ], s[b + TX_HIGH_SEQ]);
        if (ahead < 0 || ahead > (long) s[b + TX_AVAIL] + 1) {
            return Optional.of("highest sent sequence " + ahead + " beyond tx_next_seq with " + s[b + TX_AVAIL]
                    + " unsent bytes");
        }
        if (s[b + RX_DUPACKS] < 0 || s[b + RX_DUPACKS] >= 3) {
            return Optional.of("duplicate-ACK count " + s[b + RX_DUPACKS] + " outside 0..2");
        }
        if (s[b + RX_REMOTE_AVAIL] < 0) {
            return Optional.of("negative peer window " + s[b + RX_REMOTE_AVAIL]);
        }
        return Optional.empty();
    }

    private int checkSlot(int slot) {
        if (!inUse(slot)) {
            throw new IllegalArgumentException("no flow in slot " + slot);
        }
        return slot;
    }

    /** Why the flow's buffers cannot be installed, or empty. */
    Optional<String> bufferProblem(FlowSpec spec) {
        try {
            checkBuffer("rx", spec.rxBase(), spec.rxLength());
            checkBuffer("tx", spec.txBase(), spec.txLength());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void checkBuffer(String name, int base, int length) {
        if ((long) base + length > hostMemoryLength) {
            throw new IllegalArgumentException(name + " buffer " + base + "+" + length + " lies outside host memory of "
                    + hostMemoryLength + " bytes");
        }
    }
}
