package io.nicplan.flexnic.tcp.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.link.LinkSettings;
import io.nicplan.flexnic.tcp.cc.CongestionControl;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The application interface: contexts' event queues, listen/accept/connect, ByteBuffer I/O, handshake retries. */
class ApplicationInterfaceTest {

    private static List<TcpEvent.Type> drain(TcpContext context) {
        List<TcpEvent.Type> types = new ArrayList<>();
        context.poll().ifPresent(e -> types.add(e.type()));
        while (context.pendingEvents() > 0) {
            types.add(context.poll().orElseThrow().type());
        }
        return types;
    }

    @Test
    void eachContextSeesItsConnectionsEventsInOrder() {
        TwoHosts net = new TwoHosts(LinkSettings.ideal(10_000_000_000L, 5_000), c -> c);
        TcpContext server = net.a.newContext();
        TcpContext client = net.b.newContext();
        TcpListener listener = server.listen(7);
        TcpConnection c = client.connect(TwoHosts.IP_A, 7);
        c.awaitOpen();
        TcpConnection s = listener.awaitAccept();
        net.a.await(() -> server.pendingEvents() > 0, "the server's event");
        assertThat(drain(client)).containsExactly(TcpEvent.Type.OPENED);
        assertThat(drain(server)).containsExactly(TcpEvent.Type.NEW_CONNECTION);

        c.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
        c.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
        net.a.await(() -> server.pendingEvents() > 0, "data");
        net.b.await(() -> c.unacknowledged() == 0, "the ACKs");
        // Coalesced: one DATA_RECEIVED however many segments came before it was polled.
        assertThat(drain(server)).containsExactly(TcpEvent.Type.DATA_RECEIVED);
        assertThat(drain(client)).containsExactly(TcpEvent.Type.SEND_SPACE);
        ByteBuffer in = ByteBuffer.allocate(16);
        assertThat(s.read(in)).isEqualTo(8);
        assertThat(new String(in.array(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("pingpong");

        c.close();
        net.a.await(s::isEndOfStream, "the FIN");
        assertThat(s.read(in.clear())).isEqualTo(-1);
        s.close();
        c.awaitClosed();
        s.awaitClosed();
        assertThat(drain(server)).containsExactly(TcpEvent.Type.PEER_CLOSED, TcpEvent.Type.CLOSED);
        assertThat(drain(client)).contains(TcpEvent.Type.CLOSED);
    }

    @Test
    void aLostSynIsRetransmittedAndTheHandshakeSucceeds() {
        // Every other frame lost at first: the SYN or its answer goes missing, the slow path retries after 10 ms.
        TwoHosts net = new TwoHosts(LinkSettings.ideal(10_000_000_000L, 5_000).withLoss(0.5).withSeed(3), c -> c);
        TcpListener listener = net.a.newContext().listen(9);
        TcpConnection c = net.b.newContext().connect(TwoHosts.IP_A, 9);
        assertThat(c.awaitOpen()).isTrue();
        long retries = net.a.slowPathCounters().getOrDefault("handshake_retransmissions", 0L)
                + net.b.slowPathCounters().getOrDefault("handshake_retransmissions", 0L);
        assertThat(retries).isPositive();
        assertThat(net.nanos()).isGreaterThanOrEqualTo(10_000_000L);
        System.out.println("handshake over a 50 % lossy link after " + net.nanos() / 1e6 + " ms: A "
                + net.a.slowPathCounters() + ", B " + net.b.slowPathCounters());
        assertThat(listener.port()).isEqualTo(9);
    }

    @Test
    void aFixedRateIsSelectableAndPacesTheFlow() {
        // 100 Mbit/s fixed: 1 MB takes about 80 ms.
        TwoHosts net = new TwoHosts(LinkSettings.ideal(10_000_000_000L, 5_000),
                c -> c.withCongestionControl(CongestionControl.fixedRate(100_000)).withSlots(16, 4).withBufferBytes(1 << 20));
        TcpListener listener = net.a.newContext().listen(9);
        TcpConnection c = net.b.newContext().connect(TwoHosts.IP_A, 9);
        c.awaitOpen();
        TcpConnection s = listener.awaitAccept();
        long start = net.nanos();
        c.write(ByteBuffer.allocate(1 << 20));
        net.a.await(() -> s.available() == 1 << 20, "1 MB");
        double millis = (net.nanos() - start) / 1e6;
        assertThat(millis).isBetween(80.0, 90.0);
    }
}
