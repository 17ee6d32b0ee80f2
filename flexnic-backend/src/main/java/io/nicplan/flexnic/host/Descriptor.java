package io.nicplan.flexnic.host;

/**
 * A reusable holder for one ring slot as read by the consumer: the bytes are copied into
 * {@link #buffer} (grown if needed), with their length and the slot's metadata.
 */
public final class Descriptor {

    byte[] buffer;
    int length;
    long timestampNanos;
    int tag;
    long mark;

    public Descriptor(int capacity) {
        this.buffer = new byte[capacity];
    }

    /** The bytes; only {@code [0, length())} are valid. */
    public byte[] buffer() {
        return buffer;
    }

    public int length() {
        return length;
    }

    /** When the NIC (or host, for TX) wrote the slot. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** RX: the RSS hash; TX: the flow id. */
    public int tag() {
        return tag;
    }

    /** RX: {@code meta.mark} after the pipeline; TX: unused. */
    public long mark() {
        return mark;
    }

    /** A copy of the valid bytes. */
    public byte[] bytes() {
        return java.util.Arrays.copyOf(buffer, length);
    }
}
