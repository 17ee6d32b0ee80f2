package io.nicplan.flexnic.host;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * A bounded descriptor ring with preallocated slot buffers, between one producer and one
 * consumer thread (single-producer single-consumer: release/acquire on the two indices, no
 * locks). Used for RX queues and DMA rings (NIC produces, host consumes) and TX queues (host
 * produces, NIC consumes). A full ring refuses the offer and counts it; nothing allocates on
 * {@link #offer}.
 *
 * <p>The slots are consecutive stretches of one buffer, as a driver lays out a ring's packet
 * buffers: a frame is copied straight to its slot's offset (no per-slot array to look up first,
 * which was a cache miss per frame), and consecutive slots are consecutive memory.
 */
public final class HostRing {

    /** Largest ring, slots times slot size: one Java array holds it. */
    public static final long MAX_BYTES = 1L << 30;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(HostRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(HostRing.class, "tail", long.class);
            DROPPED = lookup.findVarHandle(HostRing.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int capacity;
    /** {@code capacity - 1} when the capacity is a power of two (as NIC rings usually are), else -1. */
    private final long indexMask;
    private final int slotSize;
    /** Slot {@code i} is {@code buffer[i * slotSize, (i + 1) * slotSize)}. */
    private final byte[] buffer;
    private final int[] lengths;
    private final long[] timestamps;
    private final int[] tags;
    private final long[] marks;
    /** Next slot to consume; written by the consumer only. */
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile long head;
    /** Next slot to produce; written by the producer only. */
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile long tail;
    @SuppressWarnings("unused") // accessed through DROPPED
    private long dropped;

    /**
     * @param capacity descriptors in the ring
     * @param slotSize bytes per slot (an RX queue: the maximum frame length)
     */
    public HostRing(String name, int capacity, int slotSize) {
        if (capacity < 1 || slotSize < 1) {
            throw new IllegalArgumentException("ring " + name + ": capacity and slot size must be >= 1, got "
                    + capacity + " x " + slotSize);
        }
        if ((long) capacity * slotSize > MAX_BYTES) {
            throw new IllegalArgumentException("ring " + name + ": " + capacity + " slots x " + slotSize + " bytes exceed "
                    + (MAX_BYTES >> 20) + " MiB");
        }
        this.name = name;
        this.capacity = capacity;
        this.indexMask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
        this.slotSize = slotSize;
        this.buffer = new byte[capacity * slotSize];
        this.lengths = new int[capacity];
        this.timestamps = new long[capacity];
        this.tags = new int[capacity];
        this.marks = new long[capacity];
    }

    public String name() {
        return name;
    }

    /** Heap this ring holds: the slot buffer and the per-slot length, timestamp, tag and mark. */
    public long memoryBytes() {
        return (long) capacity * slotSize + (long) capacity * (Integer.BYTES + Long.BYTES + Integer.BYTES + Long.BYTES);
    }

    /** The slot of a ring position: a mask for a power-of-two ring, else a (64-bit, slower) division. */
    private int slotOf(long position) {
        return indexMask >= 0 ? (int) (position & indexMask) : (int) (position % capacity);
    }

    public int capacity() {
        return capacity;
    }

    public int slotSize() {
        return slotSize;
    }

    /** Descriptors filled and not yet consumed. */
    public int size() {
        return (int) ((long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this));
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Descriptors ever filled. */
    public long produced() {
        return (long) TAIL.getAcquire(this);
    }

    /** Offers refused because the ring was full. */
    public long droppedFull() {
        return (long) DROPPED.getOpaque(this);
    }

    /**
     * Copies {@code b[off, off+len)} into the next free slot. Producer only.
     *
     * @return false (and counts a drop) if the ring is full
     * @throws IllegalArgumentException if {@code len} exceeds the slot size (a caller bug)
     */
    public boolean offer(byte[] b, int off, int len, long timestampNanos, int tag, long mark) {
        if (len > slotSize) {
            throw new IllegalArgumentException("ring " + name + ": " + len + " bytes exceed the slot size " + slotSize);
        }
        int slot = claim();
        if (slot < 0) {
            return false;
        }
        System.arraycopy(b, off, buffer, slot * slotSize, len);
        publish(len, timestampNanos, tag, mark);
        return true;
    }

    /**
     * Reserves the next free slot for the producer to write into ({@link #buffer} from
     * {@link #slotOffset});
     * {@link #publish} then makes it visible. Producer only.
     *
     * @return the slot index, or -1 (and counts a drop) if the ring is full
     */
    public int claim() {
        long t = (long) TAIL.getOpaque(this);
        if (t - (long) HEAD.getAcquire(this) >= capacity) {
            DROPPED.setOpaque(this, (long) DROPPED.getOpaque(this) + 1);
            return -1;
        }
        return slotOf(t);
    }

    /** The buffer that holds every slot; a producer writes a claimed slot at {@link #slotOffset}. */
    public byte[] buffer() {
        return buffer;
    }

    /** Where slot {@code slot} starts in {@link #buffer}; it is {@link #slotSize} bytes long. */
    public int slotOffset(int slot) {
        return slot * slotSize;
    }

    /** Publishes the slot last claimed with its length and metadata. Producer only. */
    public void publish(int length, long timestampNanos, int tag, long mark) {
        long t = (long) TAIL.getOpaque(this);
        int slot = slotOf(t);
        lengths[slot] = length;
        timestamps[slot] = timestampNanos;
        tags[slot] = tag;
        marks[slot] = mark;
        TAIL.setRelease(this, t + 1);
    }

    /** Length of the oldest descriptor, or -1 if the ring is empty. Consumer only. */
    public int peekLength() {
        long h = (long) HEAD.getOpaque(this);
        if (h == (long) TAIL.getAcquire(this)) {
            return -1;
        }
        return lengths[slotOf(h)];
    }

    /** Tag of the oldest descriptor (undefined if empty). Consumer only. */
    public int peekTag() {
        return tags[slotOf((long) HEAD.getOpaque(this))];
    }

    /**
     * Moves the oldest descriptor into {@code out} (copying its bytes). Consumer only.
     *
     * @return false if the ring is empty
     */
    public boolean poll(Descriptor out) {
        long h = (long) HEAD.getOpaque(this);
        if (h == (long) TAIL.getAcquire(this)) {
            return false;
        }
        int slot = slotOf(h);
        int len = lengths[slot];
        if (out.buffer.length < len) {
            out.buffer = new byte[Math.max(len, slotSize)];
        }
        System.arraycopy(buffer, slot * slotSize, out.buffer, 0, len);
        out.length = len;
        out.timestampNanos = timestamps[slot];
        out.tag = tags[slot];
        out.mark = marks[slot];
        HEAD.setRelease(this, h + 1);
        return true;
    }

    /** The oldest descriptor as a new value, if any (allocates; for tests and tools). */
    public Optional<ReceivedFrame> poll() {
        Descriptor d = new Descriptor(slotSize);
        return poll(d) ? Optional.of(new ReceivedFrame(d.bytes(), d.timestampNanos, d.tag, d.mark)) : Optional.empty();
    }

    /** Discards every descriptor. Consumer only. Returns how many. */
    public int drain() {
        long t = (long) TAIL.getAcquire(this);
        long h = (long) HEAD.getOpaque(this);
        HEAD.setRelease(this, t);
        return (int) (t - h);
    }
}
