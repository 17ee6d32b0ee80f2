package io.nicplan.flexnic.packet;

/**
 * The TCP options the emulator understands, parsed from an option area into reusable fields:
 * MSS (kind 2, RFC 793), window scale (kind 3, RFC 7323), SACK permitted (kind 4, RFC 2018) and
 * timestamps (kind 8, RFC 7323). Unknown options are skipped by their length byte. A malformed
 * area (an option running past the end or a length below 2) sets {@link #malformed()}.
 */
public final class TcpOptions {

    public static final int KIND_END = 0;
    public static final int KIND_NOP = 1;
    public static final int KIND_MSS = 2;
    public static final int KIND_WINDOW_SCALE = 3;
    public static final int KIND_SACK_PERMITTED = 4;
    public static final int KIND_TIMESTAMPS = 8;

    private int mss = -1;
    private int windowScale = -1;
    private boolean sackPermitted;
    private boolean hasTimestamps;
    private int tsValue;
    private int tsEchoReply;
    private boolean malformed;

    /** Parses {@code b[offset, offset+length)}; returns this. */
    public TcpOptions parse(byte[] b, int offset, int length) {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        hasTimestamps = false;
        tsValue = 0;
        tsEchoReply = 0;
        malformed = false;
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int kind = b[i] & 0xff;
            if (kind == KIND_END) {
                break;
            }
            if (kind == KIND_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                malformed = true;
                break;
            }
            int optLen = b[i + 1] & 0xff;
            if (optLen < 2 || i + optLen > end) {
                malformed = true;
                break;
            }
            if (kind == KIND_MSS && optLen == 4) {
                mss = Bytes.u16(b, i + 2);
            } else if (kind == KIND_WINDOW_SCALE && optLen == 3) {
                windowScale = b[i + 2] & 0xff;
            } else if (kind == KIND_SACK_PERMITTED && optLen == 2) {
                sackPermitted = true;
            } else if (kind == KIND_TIMESTAMPS && optLen == 10) {
                hasTimestamps = true;
                tsValue = Bytes.u32(b, i + 2);
                tsEchoReply = Bytes.u32(b, i + 6);
            }
            i += optLen;
        }
        return this;
    }

    /** The maximum segment size option, or -1 if absent. */
    public int mss() {
        return mss;
    }

    /** The window scale shift count, or -1 if absent. */
    public int windowScale() {
        return windowScale;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    public boolean hasTimestamps() {
        return hasTimestamps;
    }

    public int timestampValue() {
        return tsValue;
    }

    public int timestampEchoReply() {
        return tsEchoReply;
    }

    public boolean malformed() {
        return malformed;
    }
}
