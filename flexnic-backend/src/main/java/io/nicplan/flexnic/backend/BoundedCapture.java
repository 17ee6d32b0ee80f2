package io.nicplan.flexnic.backend;

import io.nicplan.flexnic.capture.Direction;
import io.nicplan.flexnic.capture.PcapWriter;
import io.nicplan.flexnic.capture.WireTap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The wire of one emulator as a pcap file in memory, up to a size; frames beyond it are counted, not kept. */
public final class BoundedCapture implements WireTap {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PcapWriter writer;
    private final long limit;
    private long skipped;
    /** Bytes of the file so far: the writer buffers, so the stream's size lags behind. */
    private long size = 24;

    /** A capture that keeps at most {@code limit} bytes of pcap file. */
    public BoundedCapture(long limit) {
        this.limit = limit;
        try {
            this.writer = new PcapWriter(bytes, PcapWriter.DEFAULT_SNAPLEN);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory stream failed", e);
        }
    }

    @Override
    public void frame(Direction direction, long timeNanos, byte[] frame, int offset, int length) {
        // pcap: a 16-byte record header and the frame cut to the snap length (24-byte file header counted at start).
        long record = 16 + Math.min(length, PcapWriter.DEFAULT_SNAPLEN);
        if (size + record > limit) {
            skipped++;
            return;
        }
        size += record;
        writer.frame(direction, timeNanos, frame, offset, length);
    }

    /** The capture so far, a complete pcap file. */
    public byte[] pcap() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory stream failed", e);
        }
        return bytes.toByteArray();
    }

    /** Frames kept. */
    public long frames() {
        return writer.frames();
    }

    /** Frames seen but not kept (the file was full). */
    public long skipped() {
        return skipped;
    }
}
