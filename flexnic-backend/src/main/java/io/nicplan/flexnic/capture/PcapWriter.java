package io.nicplan.flexnic.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes frames to a classic libpcap file: magic 0xa1b2c3d4 (microsecond timestamps), version
 * 2.4, link type 1 (LINKTYPE_ETHERNET), written big-endian (readers detect the byte order from
 * the magic). Classic pcap has no direction field, so both directions share one file in time
 * order. Frames longer than the snap length are truncated in the file (captured length) but
 * keep their original length. Allocation-free per frame.
 */
public final class PcapWriter implements WireTap, Closeable {

    public static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int DEFAULT_SNAPLEN = 65535;

    private final OutputStream out;
    private final int snaplen;
    private final byte[] header = new byte[16];
    private long frames;

    /** A writer that owns {@code out} (closing the writer closes it). */
    public PcapWriter(OutputStream out, int snaplen) throws IOException {
        if (snaplen < 1) {
            throw new IllegalArgumentException("snap length must be >= 1, got " + snaplen);
        }
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.snaplen = snaplen;
        byte[] global = new byte[24];
        putInt(global, 0, MAGIC_MICROSECONDS);
        putShort(global, 4, 2);
        putShort(global, 6, 4);
        putInt(global, 8, 0); // thiszone: GMT
        putInt(global, 12, 0); // sigfigs
        putInt(global, 16, snaplen);
        putInt(global, 20, LINKTYPE_ETHERNET);
        this.out.write(global);
    }

    /** A writer to a new file (replaced if it exists). */
    public static PcapWriter create(Path file) throws IOException {
        return new PcapWriter(Files.newOutputStream(file), DEFAULT_SNAPLEN);
    }

    /** Appends one frame captured at {@code timeNanos} (nanoseconds since the epoch). */
    public void write(long timeNanos, byte[] frame, int offset, int length) throws IOException {
        long micros = Math.floorDiv(timeNanos, 1000L);
        int captured = Math.min(length, snaplen);
        putInt(header, 0, (int) Math.floorDiv(micros, 1_000_000L));
        putInt(header, 4, (int) Math.floorMod(micros, 1_000_000L));
        putInt(header, 8, captured);
        putInt(header, 12, length);
        out.write(header);
        out.write(frame, offset, captured);
        frames++;
    }

    /**
     * {@link WireTap} form of {@link #write}; an I/O error surfaces as {@link UncheckedIOException}
     * because the packet path cannot handle it.
     */
    @Override
    public void frame(Direction direction, long timeNanos, byte[] frame, int offset, int length) {
        try {
            write(timeNanos, frame, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write capture", e);
        }
    }

    /** Frames written. */
    public long frames() {
        return frames;
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }
}
