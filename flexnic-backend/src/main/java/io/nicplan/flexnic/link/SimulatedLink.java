package io.nicplan.flexnic.link;

import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.emulator.FrameSink;
import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.EtherType;
import io.nicplan.flexnic.packet.InternetChecksum;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * One direction of a wire on the simulated clock. A frame the sender hands over ({@link #accept})
 * joins the transmit queue: dropped if the queue is full, marked CE if it is ECN-capable and the
 * queue holds at least the marking threshold; it leaves when the frames before it have been
 * serialised at the line rate, and arrives a propagation delay later at the receiver, unless an
 * impairment strikes: loss, a hold-back that lets later frames overtake it, a duplicate, or a
 * flipped byte that the receiving MAC's frame check sequence catches (CRC-32, as IEEE 802.3's
 * FCS: every single-byte error is detected), so a corrupted frame is counted and never delivered.
 * The impairments draw from one generator seeded by the settings, and the event loop orders
 * events deterministically, so a seed gives the same run every time.
 *
 * <p>Connect both directions of a duplex wire with {@link #duplex}.
 */
public final class SimulatedLink implements FrameSink {

    /** Ethernet's preamble, start delimiter, FCS and inter-frame gap: 24 bytes on the wire per frame. */
    private static final int WIRE_OVERHEAD = 24;
    private static final int ECN_CE = 3;

    private final EventLoop loop;
    private final LinkSettings settings;
    private final FrameSink receiver;
    private final Random random;
    private final CRC32 crc = new CRC32();
    /** Departure times and sizes of the frames in the queue, oldest first. */
    private final ArrayDeque<long[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long lastDepartureNanos;

    private long frames;
    private long delivered;
    private long lost;
    private long queueDrops;
    private long marked;
    private long reordered;
    private long duplicated;
    private long fcsErrors;
    private long maxQueuedBytes;

    /** A direction that delivers to {@code receiver}. */
    public SimulatedLink(EventLoop loop, LinkSettings settings, FrameSink receiver) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.random = new Random(settings.seed());
    }

    /** Both directions of a wire between two ports; the second direction's seed is the first's + 1. */
    public static SimulatedLink[] duplex(EventLoop loop, LinkSettings settings, FrameSink a, FrameSink b) {
        return new SimulatedLink[] {new SimulatedLink(loop, settings, b),
                new SimulatedLink(loop, settings.withSeed(settings.seed() + 1), a)};
    }

    public LinkSettings settings() {
        return settings;
    }

    @Override
    public void accept(byte[] frame, int offset, int length, long timeNanos) {
        long now = loop.clock().nanos();
        frames++;
        while (!queue.isEmpty() && queue.peek()[0] <= now) {
            queuedBytes -= queue.poll()[1];
        }
        if (queuedBytes + length > settings.queueBytes()) {
            queueDrops++;
            return;
        }
        byte[] copy = Arrays.copyOfRange(frame, offset, offset + length);
        if (queuedBytes >= settings.ecnThresholdBytes() && markCongestion(copy)) {
            marked++;
        }
        long serialisation = (length + WIRE_OVERHEAD) * 8L * 1_000_000_000L / settings.bitsPerSecond();
        long departure = Math.max(now, lastDepartureNanos) + serialisation;
        lastDepartureNanos = departure;
        queue.add(new long[] {departure, length});
        queuedBytes += length;
        maxQueuedBytes = Math.max(maxQueuedBytes, queuedBytes);

        // Impairments on the wire, each drawn for every frame so a seed fixes the whole run.
        boolean lose = random.nextDouble() < settings.loss();
        boolean holdBack = random.nextDouble() < settings.reorder();
        boolean twice = random.nextDouble() < settings.duplicate();
        boolean damage = random.nextDouble() < settings.corrupt();
        int damagedByte = random.nextInt(length);
        if (lose) {
            lost++;
            return;
        }
        long arrival = departure + settings.delayNanos() + (holdBack ? settings.reorderDelayNanos() : 0);
        if (holdBack) {
            reordered++;
        }
        long fcs = 0;
        if (damage) {
            crc.reset();
            crc.update(copy);
            fcs = crc.getValue();
            copy[damagedByte] ^= (byte) (1 + random.nextInt(255));
        }
        final boolean checkFcs = damage;
        final long sentFcs = fcs;
        loop.schedule(arrival, () -> deliver(copy, checkFcs, sentFcs, arrival));
        if (twice) {
            duplicated++;
            byte[] again = copy.clone();
            loop.schedule(arrival + serialisation, () -> deliver(again, checkFcs, sentFcs, arrival + serialisation));
        }
    }

    /** The receiving MAC: a frame whose FCS does not match is dropped, else handed on. */
    private void deliver(byte[] frame, boolean checkFcs, long sentFcs, long time) {
        if (checkFcs) {
            crc.reset();
            crc.update(frame);
            if (crc.getValue() != sentFcs) {
                fcsErrors++;
                return;
            }
        }
        delivered++;
        receiver.accept(frame, 0, frame.length, time);
    }

    /** Sets CE on an ECN-capable IPv4 packet (RFC 3168) and fixes its header checksum; false if it is not one. */
    private static boolean markCongestion(byte[] f) {
        if (f.length < 34 || Bytes.u16(f, 12) != EtherType.IPV4 || (f[14] >>> 4 & 0xf) != 4) {
            return false;
        }
        int ecn = f[15] & 3;
        if (ecn == 0 || ecn == ECN_CE) {
            return false;
        }
        f[15] = (byte) (f[15] | ECN_CE);
        int ihl = (f[14] & 0xf) * 4;
        Bytes.setU16(f, 24, 0);
        Bytes.setU16(f, 24, InternetChecksum.finish(InternetChecksum.add(0, f, 14, ihl)));
        return true;
    }

    /** Bytes waiting in the transmit queue now. */
    public long queuedBytes() {
        long now = loop.clock().nanos();
        long bytes = queuedBytes;
        for (long[] entry : queue) {
            if (entry[0] <= now) {
                bytes -= entry[1];
            }
        }
        return bytes;
    }

    public long framesOffered() {
        return frames;
    }

    public long framesDelivered() {
        return delivered;
    }

    public long framesLost() {
        return lost;
    }

    public long queueDrops() {
        return queueDrops;
    }

    public long framesMarked() {
        return marked;
    }

    public long framesReordered() {
        return reordered;
    }

    public long framesDuplicated() {
        return duplicated;
    }

    /** Corrupted frames the receiving MAC dropped. */
    public long fcsErrors() {
        return fcsErrors;
    }

    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    @Override
    public String toString() {
        return String.format("offered %d, delivered %d, lost %d, queue drops %d, CE-marked %d, reordered %d, duplicated %d,"
                + " FCS errors %d, max queue %d B", frames, delivered, lost, queueDrops, marked, reordered, duplicated,
                fcsErrors, maxQueuedBytes);
    }
}
