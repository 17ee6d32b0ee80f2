package io.nicplan.flexnic.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian (network order) reads and writes of unsigned fields in a byte array. Multi-byte
 * reads go through byte-array view handles, which the JIT turns into one load and a byte swap.
 */
public final class Bytes {

    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    public static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    public static int u16(byte[] b, int at) {
        return (short) BE16.get(b, at) & 0xffff;
    }

    public static int u32(byte[] b, int at) {
        return (int) BE32.get(b, at);
    }

    /** Eight bytes as one big-endian long. */
    public static long u64(byte[] b, int at) {
        return (long) BE64.get(b, at);
    }

    /** A 48-bit field (a MAC address) as the low bits of a long. */
    public static long u48(byte[] b, int at) {
        return ((long) u16(b, at) << 32) | (u32(b, at + 2) & 0xffffffffL);
    }

    public static void setU8(byte[] b, int at, int value) {
        b[at] = (byte) value;
    }

    public static void setU16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    public static void setU32(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    public static void setU48(byte[] b, int at, long value) {
        setU16(b, at, (int) (value >>> 32));
        setU32(b, at + 2, (int) value);
    }

    /** Reads {@code width} bytes (1..8) big-endian as an unsigned value. */
    public static long read(byte[] b, int at, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (b[at + i] & 0xffL);
        }
        return v;
    }

    /** Writes the low {@code width} bytes (1..8) of {@code value} big-endian. */
    public static void write(byte[] b, int at, int width, long value) {
        for (int i = width - 1; i >= 0; i--) {
            b[at + i] = (byte) value;
            value >>>= 8;
        }
    }
}
