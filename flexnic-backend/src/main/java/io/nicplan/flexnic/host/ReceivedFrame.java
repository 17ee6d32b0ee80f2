package io.nicplan.flexnic.host;

import java.util.Arrays;
import java.util.HexFormat;

/** A descriptor taken from a ring, as a value: bytes, timestamp, tag (RSS hash or flow id), mark. */
public record ReceivedFrame(byte[] bytes, long timestampNanos, int tag, long mark) {

    public ReceivedFrame {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedFrame r && Arrays.equals(r.bytes, bytes) && r.timestampNanos == timestampNanos
                && r.tag == tag && r.mark == mark;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + Long.hashCode(timestampNanos);
    }

    @Override
    public String toString() {
        return "ReceivedFrame[" + bytes.length + " bytes at " + timestampNanos + "ns, tag=0x" + Integer.toHexString(tag)
                + ", mark=0x" + Long.toHexString(mark) + ", " + HexFormat.of().formatHex(bytes) + "]";
    }
}
