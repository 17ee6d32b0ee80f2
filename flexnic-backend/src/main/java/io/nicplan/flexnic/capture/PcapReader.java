package io.nicplan.flexnic.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a classic pcap file of Ethernet frames (either byte order, microsecond or nanosecond
 * magic), e.g. to replay captured traffic into the emulator. Every structural problem is
 * reported with the byte offset where it was found.
 */
final class PcapReader {

    /** One record: timestamp in nanoseconds since the epoch, captured bytes, original length. */
    public record Record(long timeNanos, byte[] frame, int originalLength) {
        public Record {
            frame = frame.clone();
        }

        @Override
        public byte[] frame() {
            return frame.clone();
        }
    }

    private static final int MAGIC_NANOSECONDS = 0xa1b23c4d;

    private PcapReader() {
    }

    /**
     * All records of a file.
     *
     * @throws IOException if the file cannot be read or is not a classic Ethernet pcap
     */
    public static List<Record> readAll(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 24) {
            throw new IOException(file + ": " + b.remaining() + " bytes, shorter than a pcap header (24)");
        }
        int magic = b.getInt(0);
        boolean nanos;
        if (magic == PcapWriter.MAGIC_MICROSECONDS || magic == MAGIC_NANOSECONDS) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else if (Integer.reverseBytes(magic) == PcapWriter.MAGIC_MICROSECONDS
                || Integer.reverseBytes(magic) == MAGIC_NANOSECONDS) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw new IOException(file + ": offset 0: not a classic pcap file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        nanos = b.getInt(0) == MAGIC_NANOSECONDS;
        int linkType = b.getInt(20);
        if (linkType != PcapWriter.LINKTYPE_ETHERNET) {
            throw new IOException(file + ": offset 20: link type " + linkType + ", only Ethernet (1) is supported");
        }
        b.position(24);
        List<Record> records = new ArrayList<>();
        while (b.hasRemaining()) {
            int at = b.position();
            if (b.remaining() < 16) {
                throw new IOException(file + ": offset " + at + ": truncated record header");
            }
            long seconds = b.getInt() & 0xffffffffL;
            long fraction = b.getInt() & 0xffffffffL;
            int captured = b.getInt();
            int original = b.getInt();
            if (captured < 0 || captured > b.remaining()) {
                throw new IOException(file + ": offset " + at + ": record claims " + captured + " bytes, "
                        + b.remaining() + " remain");
            }
            byte[] frame = new byte[captured];
            b.get(frame);
            records.add(new Record(seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000L), frame, original));
        }
        return records;
    }
}
