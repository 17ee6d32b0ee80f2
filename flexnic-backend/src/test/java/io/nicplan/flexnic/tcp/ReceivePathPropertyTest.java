package io.nicplan.flexnic.tcp;

import static io.nicplan.flexnic.packet.TcpFlags.ACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The receive path against a reference model, under random segmentation, reordering, loss and
 * duplication (seeded). The model keeps the same rules (in-order placement trimmed to the
 * window, one out-of-order interval kept when it overlaps or touches, FIN-free stream) in the
 * plainest form: 64-bit offsets from the initial sequence number, no wrap, no buffers. After
 * every segment the fast path's reason, rx_next_seq, out-of-order interval, window and the ACK it
 * sent agree with the model; the application reads the buffer as it goes, and in the end has
 * read the sent stream byte for byte.
 */
class ReceivePathPropertyTest {

    private static final int OUR_ISN = 77;

    /** The model: everything is an offset into the stream. */
    private static final class Model {
        long next;
        long avail;
        long oooStart;
        long oooEnd;

        Model(int window) {
            this.avail = window;
        }

        SegmentReason segment(long start, int length) {
            if (start > next) {
                long ahead = start - next;
                if (ahead >= avail) {
                    return SegmentReason.OUT_OF_WINDOW;
                }
                long end = start + Math.min(length, avail - ahead);
                if (oooEnd > oooStart && (start > oooEnd || end < oooStart)) {
                    return SegmentReason.OUT_OF_ORDER_DISCARDED;
                }
                if (oooEnd > oooStart) {
                    oooStart = Math.min(oooStart, start);
                    oooEnd = Math.max(oooEnd, end);
                } else {
                    oooStart = start;
                    oooEnd = end;
                }
                return SegmentReason.OUT_OF_ORDER;
            }
            long fresh = Math.min(start + length - next, avail);
            if (fresh <= 0) {
                return SegmentReason.DUPLICATE;
            }
            next += fresh;
            avail -= fresh;
            if (oooEnd > oooStart && oooStart <= next) {
                if (oooEnd > next) {
                    avail -= oooEnd - next;
                    next = oooEnd;
                }
                oooStart = oooEnd = 0;
            }
            return SegmentReason.IN_ORDER;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void receivePathAgreesWithTheModelUnderReorderingLossAndDuplication(long seed) {
        Random random = new Random(seed);
        int window = 2048 + random.nextInt(12_000);
        int isn = (int) (0xffffffffL - random.nextInt(40_000)); // the stream crosses 2^32
        byte[] stream = new byte[20_000 + random.nextInt(40_000)];
        random.nextBytes(stream);
        double loss = random.nextDouble() * 0.3;
        double duplication = random.nextDouble() * 0.2;
        double reorder = random.nextDouble();

        TcpFixture f = new TcpFixture(4, window * 2);
        int slot = f.install(f.flow(0, window, isn, OUR_ISN));
        Model model = new Model(window);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        long lastAck = 0;
        int readPos = 0;
        for (int round = 0; read.size() < stream.length; round++) {
            assertThat(round).as("the stream gets through").isLessThan(20_000);
            List<long[]> pieces = new ArrayList<>();
            long from = Math.max(0, lastAck - (random.nextInt(4) == 0 ? random.nextInt(3000) : 0));
            long to = Math.min(stream.length, lastAck + window + random.nextInt(3000));
            for (long at = from; at < to; ) {
                int length = (int) Math.min(to - at, 1 + random.nextInt(1448));
                if (random.nextDouble() >= loss) {
                    pieces.add(new long[] {at, length});
                    if (random.nextDouble() < duplication) {
                        pieces.add(new long[] {at, length});
                    }
                }
                at += length;
            }
            if (random.nextDouble() < reorder) {
                Collections.shuffle(pieces, random);
            }
            for (long[] piece : pieces) {
                long start = piece[0];
                int length = (int) piece[1];
                int sentBefore = f.sent.size();
                long[] before = counts(f);
                f.deliver(f.segment(0, isn + (int) start, OUR_ISN, ACK,
                        Arrays.copyOfRange(stream, (int) start, (int) start + length)).build());
                SegmentReason expected = model.segment(start, length);
                assertThat(reasonSince(f, before)).as("segment at %d+%d", start, length).isEqualTo(expected);
                FlowView v = f.fast.flows().view(slot);
                assertThat(v.rxNextSeq()).isEqualTo(isn + (int) model.next);
                assertThat(v.rxAvail()).isEqualTo((int) model.avail);
                assertThat(v.outOfOrderLength()).isEqualTo((int) (model.oooEnd - model.oooStart));
                if (model.oooEnd > model.oooStart) {
                    assertThat(v.outOfOrderStart()).isEqualTo(isn + (int) model.oooStart);
                }
                assertThat(f.fast.flows().invariantViolation(slot)).isEmpty();
                if (expected != SegmentReason.OUT_OF_WINDOW) {
                    assertThat(f.sent).hasSize(sentBefore + 1);
                    TcpFixture.Sent ack = f.lastSent();
                    assertThat(ack.tcp().ack()).isEqualTo(isn + (int) model.next);
                    assertThat(ack.tcp().window()).isEqualTo((int) model.avail);
                    lastAck = model.next;
                } else {
                    assertThat(f.sent).hasSize(sentBefore);
                }
                // The application reads some of what is in order, wrapping around the buffer.
                int unread = (int) (model.next - read.size());
                int take = random.nextInt(unread + 1);
                for (int i = 0; i < take; i++) {
                    read.write(f.memory[readPos]);
                    readPos = (readPos + 1) % window;
                }
                if (take > 0) {
                    f.fast.rxConsumed(slot, take, f.now);
                    model.avail += take;
                    if (f.sent.size() > sentBefore + (expected == SegmentReason.OUT_OF_WINDOW ? 0 : 1)) {
                        lastAck = model.next; // a window update
                    }
                }
            }
        }
        assertThat(read.toByteArray()).isEqualTo(stream);
    }

    private static long[] counts(TcpFixture f) {
        long[] c = new long[SegmentReason.values().length];
        for (SegmentReason r : SegmentReason.values()) {
            c[r.ordinal()] = f.fast.count(r);
        }
        return c;
    }

    private static SegmentReason reasonSince(TcpFixture f, long[] before) {
        SegmentReason found = null;
        for (SegmentReason r : SegmentReason.values()) {
            long delta = f.fast.count(r) - before[r.ordinal()];
            if (delta != 0) {
                assertThat(found).as("one reason per segment").isNull();
                assertThat(delta).isEqualTo(1);
                found = r;
            }
        }
        return found;
    }
}
