package io.nicplan.flexnic.tcp;

import static io.nicplan.flexnic.packet.TcpFlags.ACK;
import static io.nicplan.flexnic.packet.TcpFlags.ECE;
import static io.nicplan.flexnic.packet.TcpFlags.FIN;
import static io.nicplan.flexnic.packet.TcpFlags.PSH;
import static io.nicplan.flexnic.packet.TcpFlags.RST;
import static io.nicplan.flexnic.packet.TcpFlags.SYN;
import static io.nicplan.flexnic.packet.TcpFlags.URG;
import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.pipeline.FastPathEngine;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FastPathReceiveTest {

    private static final int PEER_ISN = 5_000;
    private static final int OUR_ISN = 9_000;

    private final TcpFixture t = new TcpFixture(16, 1 << 20);
    private final int slot = t.install(t.flow(0, 8192, PEER_ISN, OUR_ISN));

    @Test
    void inOrderPayloadLandsInTheReceiveBufferAndIsAckedAtOnce() {
        byte[] data = TcpFixture.bytes(1000, 1);
        int verdict = t.deliver(t.segment(0, PEER_ISN, OUR_ISN, ACK | PSH, data).build());

        assertThat(verdict).isEqualTo(FastPathEngine.CONSUMED);
        assertThat(Arrays.copyOfRange(t.memory, 0, 1000)).isEqualTo(data);
        TcpFixture.Sent ack = t.lastSent();
        assertThat(ack.tcp().ack()).isEqualTo(PEER_ISN + 1000);
        assertThat(ack.tcp().seq()).isEqualTo(OUR_ISN);
        assertThat(ack.tcp().flags()).isEqualTo(ACK);
        assertThat(ack.tcp().window()).isEqualTo(8192 - 1000);
        assertThat(ack.tcp().timestamps().orElseThrow().echoReply()).isEqualTo(0x1000);
        assertThat(ack.tcp().srcPort()).isEqualTo(TcpFixture.LOCAL_PORT);
        assertThat(ack.tcp().dstPort()).isEqualTo(TcpFixture.REMOTE_PORT);
        assertThat(ack.dstMac()).isEqualTo(TcpFixture.REMOTE_MAC.value());
        assertThat(ack.srcMac()).isEqualTo(TcpFixture.LOCAL_MAC.value());
        assertThat(ack.srcIp()).isEqualTo(TcpFixture.LOCAL_IP.bits());
        assertThat(t.events).singleElement().satisfies(e -> assertThat(e).containsExactly(7, 100, slot, 1000, 0, 0));
        assertThat(t.fast.count(SegmentReason.IN_ORDER)).isEqualTo(1);
    }

    /** The reference's vectors once more, through the whole receive path: what lands where. */
    @ParameterizedTest
    @CsvSource({
        "2048, 8192, 2048, 1400, 1400, 0",
        "2048, 8192, 2000, 1400, 1352, 48",
        "2048, 1000, 2000, 1400, 1000, 48",
        "4294965248, 8192, 4294965200, 1400, 1352, 48",
        "4294966784, 1000, 4294966700, 1400, 1000, 84",
    })
    void theReferenceVectorsHoldOnTheFastPath(long next, int avail, long seq, int length, int placed, int trimStart) {
        TcpFixture f = new TcpFixture(4, 1 << 16);
        int s = f.install(f.flow(0, avail, (int) next, OUR_ISN));
        byte[] data = TcpFixture.bytes(length, 2);
        f.deliver(f.segment(0, (int) seq, OUR_ISN, ACK, data).build());

        FlowView v = f.fast.flows().view(s);
        assertThat(v.rxNextSeq()).isEqualTo((int) next + placed);
        assertThat(v.rxAvail()).isEqualTo(avail - placed);
        assertThat(Arrays.copyOfRange(f.memory, 0, placed)).isEqualTo(Arrays.copyOfRange(data, trimStart, trimStart + placed));
        assertThat(f.lastSent().tcp().ack()).isEqualTo((int) next + placed);
    }

    @Test
    void aSegmentAfterAGapIsKeptInTheOneIntervalAndMergedWhenTheGapFills() {
        byte[] data = TcpFixture.bytes(3000, 3);
        t.deliver(t.segment(0, PEER_ISN + 2000, OUR_ISN, ACK, Arrays.copyOfRange(data, 2000, 3000)).build());
        assertThat(t.lastSent().tcp().ack()).as("duplicate ACK").isEqualTo(PEER_ISN);
        t.deliver(t.segment(0, PEER_ISN + 1000, OUR_ISN, ACK, Arrays.copyOfRange(data, 1000, 2000)).build());
        FlowView v = t.fast.flows().view(slot);
        assertThat(v.outOfOrderStart()).isEqualTo(PEER_ISN + 1000);
        assertThat(v.outOfOrderLength()).isEqualTo(2000);

        t.deliver(t.segment(0, PEER_ISN, OUR_ISN, ACK, Arrays.copyOfRange(data, 0, 1000)).build());

        v = t.fast.flows().view(slot);
        assertThat(v.rxNextSeq()).isEqualTo(PEER_ISN + 3000);
        assertThat(v.outOfOrderLength()).isZero();
        assertThat(Arrays.copyOfRange(t.memory, 0, 3000)).isEqualTo(data);
        assertThat(t.lastSent().tcp().ack()).isEqualTo(PEER_ISN + 3000);
        assertThat(t.events.get(t.events.size() - 1)[3]).as("bytes reported to the application").isEqualTo(3000);
        assertThat(t.fast.count(SegmentReason.OUT_OF_ORDER)).isEqualTo(2);
    }

    @Test
    void aSecondGapIsDiscardedBecauseOnlyOneIntervalIsKept() {
        t.deliver(t.segment(0, PEER_ISN + 1000, OUR_ISN, ACK, new byte[100]).build());
        t.deliver(t.segment(0, PEER_ISN + 3000, OUR_ISN, ACK, new byte[100]).build());
        assertThat(t.fast.count(SegmentReason.OUT_OF_ORDER_DISCARDED)).isEqualTo(1);
        assertThat(t.fast.flows().view(slot).outOfOrderLength()).isEqualTo(100);
        assertThat(t.sent).hasSize(2);
    }

    @Test
    void receivedDataWrapsAroundTheCircularBuffer() {
        byte[] data = TcpFixture.bytes(8192 + 500, 4);
        for (int at = 0; at < 8000; at += 1000) {
            t.deliver(t.segment(0, PEER_ISN + at, OUR_ISN, ACK, Arrays.copyOfRange(data, at, at + 1000)).build());
        }
        t.fast.rxConsumed(slot, 8000, t.now);
        t.deliver(t.segment(0, PEER_ISN + 8000, OUR_ISN, ACK, Arrays.copyOfRange(data, 8000, 8692)).build());
        assertThat(Arrays.copyOfRange(t.memory, 8000, 8192)).isEqualTo(Arrays.copyOfRange(data, 8000, 8192));
        assertThat(Arrays.copyOfRange(t.memory, 0, 500)).isEqualTo(Arrays.copyOfRange(data, 8192, 8692));
        assertThat(t.fast.flows().view(slot).rxNextPos()).isEqualTo(500);
    }

    @Test
    void aFullWindowTrimsTheSegmentAndTheAckRepeatsTheEdge() {
        t.deliver(t.segment(0, PEER_ISN, OUR_ISN, ACK, new byte[1448]).build());
        for (int i = 1; i < 6; i++) {
            t.deliver(t.segment(0, PEER_ISN + i * 1448, OUR_ISN, ACK, new byte[1448]).build());
        }
        assertThat(t.fast.flows().view(slot).rxAvail()).isZero();
        t.deliver(t.segment(0, PEER_ISN + 8192, OUR_ISN, ACK, new byte[1]).build());
        assertThat(t.fast.count(SegmentReason.DUPLICATE)).isEqualTo(1);
        assertThat(t.lastSent().tcp().window()).isZero();
        int acks = t.sent.size();
        t.fast.rxConsumed(slot, 4096, t.now);
        assertThat(t.sent).as("a window update once the window reopens").hasSize(acks + 1);
        assertThat(t.lastSent().tcp().window()).isEqualTo(4096);
    }

    @Test
    void ceMarkedSegmentsAreEchoedWithEce() {
        TcpFixture f = new TcpFixture(4, 1 << 16);
        f.install(f.flow(0, 8192, PEER_ISN, OUR_ISN).withEcn(true));
        f.deliver(f.segment(0, PEER_ISN, OUR_ISN, ACK, new byte[10]).ecn(3).build());
        assertThat(f.lastSent().tcp().flags()).isEqualTo(ACK | ECE);
        f.deliver(f.segment(0, PEER_ISN + 10, OUR_ISN, ACK, new byte[10]).ecn(2).build());
        assertThat(f.lastSent().tcp().flags()).isEqualTo(ACK);
    }

    @Test
    void theFinIsAcceptedInOrderAndTakesOneSequenceNumber() {
        t.deliver(t.segment(0, PEER_ISN + 10, OUR_ISN, ACK | FIN, new byte[0]).build());
        assertThat(t.fast.flows().view(slot).finReceived()).as("FIN after a gap waits").isFalse();
        t.deliver(t.segment(0, PEER_ISN, OUR_ISN, ACK | FIN, new byte[10]).build());
        FlowView v = t.fast.flows().view(slot);
        assertThat(v.finReceived()).isTrue();
        assertThat(v.rxNextSeq()).isEqualTo(PEER_ISN + 11);
        assertThat(t.lastSent().tcp().ack()).isEqualTo(PEER_ISN + 11);
        assertThat(t.events.get(t.events.size() - 1)[5]).isEqualTo(ApplicationEvents.FIN_RECEIVED);
        assertThat(t.deliver(t.segment(0, PEER_ISN + 11, OUR_ISN, ACK, new byte[5]).build()))
                .as("data after the FIN").isEqualTo(TcpFixture.SLOW_PATH_QUEUE);
        t.deliver(t.segment(0, PEER_ISN + 10, OUR_ISN, ACK | FIN, new byte[0]).build());
        assertThat(t.fast.count(SegmentReason.DUPLICATE)).as("a retransmitted FIN is acked again").isEqualTo(1);
    }

    @Test
    void acksFreeTheTransmitBufferCountEcnAndSampleTheRtt() {
        TcpFixture f = new TcpFixture(4, 1 << 16);
        int s = f.install(f.flow(0, 8192, PEER_ISN, OUR_ISN).withEcn(true));
        f.fast.txAvailable(s, 3000, f.now);
        assertThat(f.fast.transmit(f.now, 10)).isEqualTo(3);
        int sentTs = f.lastSent().tcp().timestamps().orElseThrow().value();
        f.now += 250_000; // 250 us later
        f.deliver(FrameBuilder.ethernet().src(TcpFixture.REMOTE_MAC).dst(TcpFixture.LOCAL_MAC)
                .ipv4(TcpFixture.REMOTE_IP, TcpFixture.LOCAL_IP).tcp(TcpFixture.REMOTE_PORT, TcpFixture.LOCAL_PORT)
                .seq(PEER_ISN).ack(OUR_ISN + 2000).flags(ACK | ECE).window(65_535).timestamps(1, sentTs).build());
        FlowView v = f.fast.flows().view(s);
        assertThat(v.txSent()).isEqualTo(1000);
        assertThat(v.ackedBytes()).isEqualTo(2000);
        assertThat(v.ecnMarkedBytes()).isEqualTo(2000);
        assertThat(v.rttMicros()).isEqualTo(250);
        assertThat(f.events).singleElement().satisfies(e -> assertThat(e[4]).isEqualTo(2000));
        assertThat(f.sent).as("no ACK for a pure ACK").hasSize(3);
        assertThat(f.fast.count(SegmentReason.ACK_ONLY)).isEqualTo(1);
    }

    @Test
    void threeDuplicateAcksRewindTheSenderGoBackN() {
        int s = slot;
        t.fast.txAvailable(s, 4000, t.now);
        t.fast.transmit(t.now, 10);
        byte[] ackFrame = t.segment(0, PEER_ISN, OUR_ISN + 1448, ACK, new byte[0]).build();
        t.deliver(ackFrame);
        t.deliver(ackFrame);
        t.deliver(ackFrame);
        assertThat(t.fast.goBackNCount()).isZero();
        t.deliver(ackFrame);
        assertThat(t.fast.goBackNCount()).isEqualTo(1);
        FlowView v = t.fast.flows().view(s);
        assertThat(v.txSent()).isZero();
        assertThat(v.txNextSeq()).isEqualTo(OUR_ISN + 1448);
        assertThat(v.txAvail()).isEqualTo(4000 - 1448);
        assertThat(v.drops()).isEqualTo(1);
        t.sent.clear();
        t.fast.transmit(t.now, 10);
        assertThat(t.sent).hasSize(2);
        assertThat(t.parse(t.sent.get(0)).tcp().seq()).isEqualTo(OUR_ISN + 1448);
        assertThat(t.parse(t.sent.get(0)).tcp().payload()).isEqualTo(Arrays.copyOfRange(t.memory, 8192 + 1448, 8192 + 2896));
    }

    @Test
    void anAckForDataNeverSentGoesToTheSlowPath() {
        assertThat(t.deliver(t.segment(0, PEER_ISN, OUR_ISN + 1, ACK, new byte[0]).build())).isEqualTo(TcpFixture.SLOW_PATH_QUEUE);
        assertThat(t.fast.count(SegmentReason.OUT_OF_WINDOW)).isEqualTo(1);
    }

    @Test
    void everyOtherKindOfSegmentGoesToTheSlowPathCountedByReason() {
        byte[] ok = t.segment(0, PEER_ISN, OUR_ISN, ACK, new byte[0]).build();
        assertThat(t.deliver(t.segment(0, PEER_ISN, OUR_ISN, SYN | ACK, new byte[0]).build())).isEqualTo(3);
        assertThat(t.deliver(t.segment(0, PEER_ISN, OUR_ISN, RST, new byte[0]).build())).isEqualTo(3);
        assertThat(t.deliver(t.segment(0, PEER_ISN, OUR_ISN, ACK | URG, new byte[0]).build())).isEqualTo(3);
        assertThat(t.deliver(t.segment(0, PEER_ISN, OUR_ISN, PSH, new byte[0]).build())).isEqualTo(3);
        assertThat(t.deliver(t.segment(9, PEER_ISN, OUR_ISN, ACK, new byte[0]).build())).isEqualTo(3);
        assertThat(t.deliver(TcpFixture.withIpOptions(ok))).isEqualTo(3);
        assertThat(t.deliver(FrameBuilder.ethernet().src(TcpFixture.REMOTE_MAC).dst(TcpFixture.LOCAL_MAC)
                .ipv4(TcpFixture.REMOTE_IP, TcpFixture.LOCAL_IP).tcp(TcpFixture.REMOTE_PORT, TcpFixture.LOCAL_PORT)
                .seq(PEER_ISN).ack(OUR_ISN).flags(ACK).build())).isEqualTo(3);
        assertThat(t.deliver(t.segment(0, PEER_ISN + 8192, OUR_ISN, ACK, new byte[10]).build())).isEqualTo(3);
        assertThat(t.deliver(FrameBuilder.ethernet().ipv4(TcpFixture.REMOTE_IP, TcpFixture.LOCAL_IP).udp(1, 2).build()))
                .isEqualTo(3);
        byte[] corrupt = t.segment(0, PEER_ISN, OUR_ISN, ACK, new byte[10]).build();
        corrupt[corrupt.length - 1] ^= 1;
        assertThat(t.deliver(corrupt)).isEqualTo(FastPathEngine.DROPPED);

        assertThat(t.fast.countsByReason()).containsOnly(
                java.util.Map.entry(SegmentReason.SYN, 1L), java.util.Map.entry(SegmentReason.RST, 1L),
                java.util.Map.entry(SegmentReason.UNEXPECTED_FLAGS, 2L),
                java.util.Map.entry(SegmentReason.UNKNOWN_FLOW, 1L), java.util.Map.entry(SegmentReason.IP_OPTIONS, 1L),
                java.util.Map.entry(SegmentReason.NO_TIMESTAMP, 1L),
                java.util.Map.entry(SegmentReason.OUT_OF_WINDOW, 1L), java.util.Map.entry(SegmentReason.NOT_TCP, 1L),
                java.util.Map.entry(SegmentReason.BAD_CHECKSUM, 1L));
        assertThat(t.sent).as("nothing answered by the fast path").isEmpty();
        assertThat(t.fast.flows().view(slot).rxNextSeq()).isEqualTo(PEER_ISN);
        assertThat(Bytes.u16(ok, 12)).isEqualTo(0x0800);
    }
}
