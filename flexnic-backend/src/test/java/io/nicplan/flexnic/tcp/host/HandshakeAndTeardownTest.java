package io.nicplan.flexnic.tcp.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.link.LinkSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The slow path's handshakes, ARP, teardown, TIME-WAIT and resets between two FlexTCP hosts. */
class HandshakeAndTeardownTest {

    @Test
    void aRequestAndItsResponseCrossAfterARealHandshakeAndBothSidesClose() throws IOException {
        TwoHosts net = new TwoHosts(LinkSettings.ideal(10_000_000_000L, 5_000), c -> c);
        TcpListener listener = net.a.newContext().listen(80);
        TcpConnection client = net.b.newContext().connect(TwoHosts.IP_A, 80);
        assertThat(client.awaitOpen()).isTrue();
        TcpConnection server = listener.awaitAccept();
        assertThat(server.isOpen()).isTrue();

        client.outputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        server.inputStream().transferTo(request);
        assertThat(request.toString(StandardCharsets.US_ASCII)).isEqualTo("GET / HTTP/1.0\r\n\r\n");
        server.outputStream().write("HTTP/1.0 200 OK\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
        server.close();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        client.inputStream().transferTo(response);
        assertThat(response.toString(StandardCharsets.US_ASCII)).endsWith("hello");
        client.close();
        client.awaitClosed();
        server.awaitClosed();

        // The client closed first, so it holds TIME-WAIT; both flow tables are empty again.
        assertThat(client.state).isEqualTo(TcpConnection.State.TIME_WAIT);
        assertThat(server.state).isEqualTo(TcpConnection.State.CLOSED);
        assertThat(net.a.fastPath().size()).isZero();
        assertThat(net.b.fastPath().size()).isZero();
        assertThat(net.b.slowPathCounters()).containsEntry("arp_requests", 1L).containsEntry("active_opens", 1L)
                .containsEntry("time_wait", 1L);
        assertThat(net.a.slowPathCounters()).containsEntry("arp_replies", 1L).containsEntry("passive_opens", 1L);
        System.out.println("slow path A " + net.a.slowPathCounters() + ", B " + net.b.slowPathCounters());
    }

    @Test
    void aConnectionToAPortNobodyListensOnIsRefusedWithRst() {
        TwoHosts net = new TwoHosts(LinkSettings.ideal(10_000_000_000L, 5_000), c -> c);
        TcpConnection client = net.b.newContext().connect(TwoHosts.IP_A, 81);
        assertThat(client.awaitOpen()).isFalse();
        assertThat(client.isFailed()).isTrue();
        assertThat(net.b.slowPathCounters()).containsEntry("refused_by_peer", 1L);
    }

    @Test
    void flowStateSlotsAreExhaustibleAndAFullTableRefusesTheConnection() {
        // Two flow-state slots on the server, more buffers than slots on both sides.
        TwoHosts net = new TwoHosts(LinkSettings.ideal(10_000_000_000L, 5_000), c -> c.withSlots(2, 8));
        TcpListener listener = net.a.newContext().listen(80);
        TcpContext clients = net.b.newContext();
        TcpConnection first = clients.connect(TwoHosts.IP_A, 80);
        TcpConnection second = clients.connect(TwoHosts.IP_A, 80);
        assertThat(first.awaitOpen()).isTrue();
        assertThat(second.awaitOpen()).isTrue();
        TcpConnection served = listener.awaitAccept();
        listener.awaitAccept();
        assertThat(net.a.nic().runtime().flowStateUsage().orElseThrow()).containsExactly(2, 2);

        TcpConnection third = clients.connect(TwoHosts.IP_A, 80);
        // The client's own table is full too (2 slots): its SYN-ACK finds no room, it resets.
        assertThat(third.awaitOpen()).isFalse();
        assertThat(net.b.slowPathCounters()).containsEntry("refused_flow_state_full", 1L);

        // Closing one connection frees a slot on both sides; a new connection fits.
        first.close();
        served.close();
        first.awaitClosed();
        served.awaitClosed();
        TcpConnection fourth = clients.connect(TwoHosts.IP_A, 80);
        assertThat(fourth.awaitOpen()).isTrue();
        assertThat(fourth.write(ByteBuffer.wrap(new byte[] {1, 2, 3}))).isEqualTo(3);
    }
}
