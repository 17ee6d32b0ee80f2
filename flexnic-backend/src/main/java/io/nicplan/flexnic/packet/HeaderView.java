package io.nicplan.flexnic.packet;

import java.util.Objects;

/**
 * Common part of the zero-copy header views: a window {@code [offset, offset+length)} of a byte
 * array. Accessors do not check lengths beyond what Java's array bounds do; callers check a
 * header fits (see each view's {@code HEADER_LENGTH}) before reading, as the parser does.
 */
abstract class HeaderView {

    protected byte[] buf = new byte[0];
    protected int off;
    protected int len;

    protected final void bind(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        this.buf = buffer;
        this.off = offset;
        this.len = length;
    }

    /** The array this view reads and writes. */
    public byte[] buffer() {
        return buf;
    }

    /** Where the header starts in {@link #buffer()}. */
    public int offset() {
        return off;
    }

    /** Bytes from the header's start to the end of the window (header plus what follows). */
    public int length() {
        return len;
    }
}
