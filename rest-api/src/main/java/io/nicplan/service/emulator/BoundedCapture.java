package io.nicplan.service.emulator;

import io.nicplan.flexnic.capture.Direction;
import io.nicplan.flexnic.capture.PcapWriter;
import io.nicplan.flexnic.capture.WireTap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The wire of one emulator as a pcap file in memory, up to a size; frames beyond it are counted, not kept. */
final class BoundedCapture implements WireTap {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PcapWriter writer;
    private final long limit;
    private long skipped;

    BoundedCapture(long limit) {
        this.limit = limit;
        try {
            this.writer = new PcapWriter(bytes, PcapWriter.DEFAULT_SNAPLEN);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory stream failed", e);
        }
    }

    @Override
    public void frame(Direction direction, long timeNanos, byte[] frame, int offset, int length) {
        if (bytes.size() + length + 16 > limit) {
            skipped++;
            return;
        }
        writer.frame(direction, timeNanos, frame, offset, length);
    }

    /** The capture so far, a complete pcap file. */
    byte[] pcap() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory stream failed", e);
        }
        return bytes.toByteArray();
    }

    long frames() {
        return writer.frames();
    }

    long skipped() {
        return skipped;
    }
}
