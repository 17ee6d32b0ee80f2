package io.nicplan.flexnic.tcp;

import static io.nicplan.flexnic.packet.TcpFlags.ACK;
import static io.nicplan.flexnic.packet.TcpFlags.FIN;
import static io.nicplan.flexnic.packet.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FastPathTransmitTest {

    private static final int PEER_ISN = 5_000;
    private static final int OUR_ISN = -700; // 2^32 - 700: the stream crosses the wrap

    private final TcpFixture t = new TcpFixture(8, 1 << 20);

    @Test
    void bumpsBecomeSegmentsOfAtMostOneMssWithPshAckTimestampsAndTheRightBytes() {
        int s = t.install(t.flow(0, 8192, PEER_ISN, OUR_ISN).withPeerWindow(65_535, 0));
        byte[] data = TcpFixture.bytes(5000, 9);
        System.arraycopy(data, 0, t.memory, 8192, 5000);
        t.fast.txAvailable(s, 5000, t.now);

        assertThat(t.fast.transmit(t.now, 100)).isEqualTo(4);

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int expectedSeq = OUR_ISN;
        for (byte[] frame : t.sent) {
            TcpFixture.Sent seg = t.parse(frame);
            assertThat(seg.tcp().payload().length).isLessThanOrEqualTo(FastPathConfig.DEFAULT_MSS);
            assertThat(seg.tcp().flags()).isEqualTo(PSH | ACK);
            assertThat(seg.tcp().seq()).isEqualTo(expectedSeq);
            assertThat(seg.tcp().ack()).isEqualTo(PEER_ISN);
            assertThat(seg.tcp().timestamps()).isPresent();
            assertThat(seg.ihl()).isEqualTo(5);
            expectedSeq += seg.tcp().payload().length;
            stream.writeBytes(seg.tcp().payload());
        }
        assertThat(stream.toByteArray()).isEqualTo(data);
        FlowView v = t.fast.flows().view(s);
        assertThat(v.txSent()).isEqualTo(5000);
        assertThat(v.txAvail()).isZero();
    }

    @Test
    void thePeersWindowLimitsWhatIsInFlight() {
        int s = t.install(t.flow(0, 8192, PEER_ISN, OUR_ISN).withPeerWindow(2000, 0));
        t.fast.txAvailable(s, 5000, t.now);
        t.fast.transmit(t.now, 100);
        assertThat(t.fast.flows().view(s).txSent()).isEqualTo(2000);
        assertThat(t.sent).hasSize(2);
        // The peer acknowledges 1448 bytes and keeps its window: 1448 more may go.
        t.deliver(t.segment(0, PEER_ISN, OUR_ISN + 1448, ACK, new byte[0]).window(2000).build());
        t.fast.transmit(t.now, 100);
        assertThat(t.fast.flows().view(s).txSent()).isEqualTo(2000);
        assertThat(t.sent).hasSize(3);
    }

    @Test
    void closingSendsFinOnTheLastByteAndItsAckIsReported() {
        int s = t.install(t.flow(0, 8192, PEER_ISN, OUR_ISN).withPeerWindow(65_535, 0));
        t.fast.txAvailable(s, 100, t.now);
        t.fast.close(s, t.now);
        t.fast.transmit(t.now, 100);
        assertThat(t.sent).hasSize(1);
        assertThat(t.lastSent().tcp().flags()).isEqualTo(PSH | ACK | FIN);
        assertThatThrownBy(() -> t.fast.txAvailable(s, 1, t.now)).hasMessageContaining("closed");

        t.deliver(t.segment(0, PEER_ISN, OUR_ISN + 101, ACK, new byte[0]).build());
        FlowView v = t.fast.flows().view(s);
        assertThat(v.finAcknowledged()).isTrue();
        assertThat(v.txSent()).isZero();
        assertThat(t.events).singleElement().satisfies(e -> {
            assertThat(e[4]).isEqualTo(100);
            assertThat(e[5]).isEqualTo(ApplicationEvents.FIN_ACKNOWLEDGED);
        });
        assertThat(t.fast.transmit(t.now, 100)).isZero();
    }

    @Test
    void aCloseWithNothingUnsentSendsABareFin() {
        int s = t.install(t.flow(0, 8192, PEER_ISN, OUR_ISN));
        t.fast.close(s, t.now);
        t.fast.transmit(t.now, 100);
        assertThat(t.lastSent().tcp().flags()).isEqualTo(ACK | FIN);
        assertThat(t.lastSent().tcp().payload()).isEmpty();
        assertThat(t.fast.flows().view(s).txNextSeq()).isEqualTo(OUR_ISN + 1);
    }

    @Test
    void unlimitedFlowsTakeTurnsInFifoOrderAndRateLimitedOnesWaitForTheirTime() {
        int a = t.install(t.flow(0, 8192, PEER_ISN, OUR_ISN).withPeerWindow(65_535, 0));
        int b = t.install(t.flow(1, 8192, PEER_ISN, OUR_ISN).withPeerWindow(65_535, 0));
        // 1 Gbit/s: a 1448-byte segment takes 11,584 ns.
        int c = t.install(t.flow(2, 8192, PEER_ISN, OUR_ISN).withPeerWindow(65_535, 0).withRate(1_000_000));
        t.fast.txAvailable(a, 2896, t.now);
        t.fast.txAvailable(b, 2896, t.now);
        t.fast.txAvailable(c, 2896, t.now);
        t.fast.transmit(t.now, 100);
        List<Integer> order = new ArrayList<>();
        for (byte[] frame : t.sent) {
            order.add(t.parse(frame).tcp().dstPort() - TcpFixture.REMOTE_PORT);
        }
        assertThat(order).containsExactly(2, 0, 1, 0, 1);
        assertThat(t.fast.nextTransmitNanos(t.now)).isEqualTo(t.now + 11_584);
        t.now += 11_584;
        assertThat(t.fast.transmit(t.now, 100)).isEqualTo(1);
        assertThat(t.fast.nextTransmitNanos(t.now)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void transmitDataWrapsAroundTheCircularBuffer() {
        int s = t.install(t.flow(0, 4096, PEER_ISN, OUR_ISN).withPeerWindow(65_535, 0));
        t.fast.txAvailable(s, 4000, t.now);
        t.fast.transmit(t.now, 100);
        t.deliver(t.segment(0, PEER_ISN, OUR_ISN + 4000, ACK, new byte[0]).build());
        byte[] data = TcpFixture.bytes(1000, 11);
        System.arraycopy(data, 0, t.memory, 4096 + 4000, 96);
        System.arraycopy(data, 96, t.memory, 4096, 904);
        t.sent.clear();
        t.fast.txAvailable(s, 1000, t.now);
        t.fast.transmit(t.now, 100);
        assertThat(t.lastSent().tcp().payload()).isEqualTo(data);
        assertThat(t.fast.flows().view(s).txNextPos()).isEqualTo(904);
    }

    @Test
    void theBufferRefusesMoreThanItHolds() {
        int s = t.install(t.flow(0, 4096, PEER_ISN, OUR_ISN));
        t.fast.txAvailable(s, 4096, t.now);
        assertThatThrownBy(() -> t.fast.txAvailable(s, 1, t.now)).hasMessageContaining("do not fit");
        assertThat(Arrays.asList(t.fast.flows().invariantViolation(s).isPresent())).containsExactly(false);
    }
}
