package io.nicplan.flexnic.tcp.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.flexnic.capture.PcapWriter;
import io.nicplan.flexnic.capture.Tshark;
import io.nicplan.flexnic.link.LinkSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture of a whole FlexTCP session on the simulated link (ARP, the handshake with its
 * options, data both ways, both FINs) decodes in tshark with no malformed packet, no bad
 * checksum, and none of its sequence analysis's "ACKed unseen segment" or "previous segment not
 * captured": the fast path's and the slow path's segments form one consistent TCP conversation.
 */
class SessionCaptureTest {

    @TempDir
    Path dir;

    @Test
    void tsharkDecodesASessionWithoutErrors() throws Exception {
        Path tshark = Tshark.findOnPath("tshark");
        assumeTrue(tshark != null, "tshark is not installed");
        Path file = dir.resolve("flextcp-session.pcap");
        int frames;
        try (PcapWriter pcap = PcapWriter.create(file)) {
            // Buffers larger than each message: one thread writes a whole message before the other side reads.
            TwoHosts net = new TwoHosts(LinkSettings.ideal(10_000_000_000L, 5_000), c -> c.withSlots(16, 4)
                    .withBufferBytes(1 << 20));
            net.a.nic().addTap(pcap);
            TcpListener listener = net.a.newContext().listen(5001);
            TcpConnection client = net.b.newContext().connect(TwoHosts.IP_A, 5001);
            assertThat(client.awaitOpen()).isTrue();
            TcpConnection server = listener.awaitAccept();
            byte[] request = new byte[300_000];
            byte[] response = new byte[500_000];
            new Random(1).nextBytes(request);
            new Random(2).nextBytes(response);
            client.outputStream().write(request);
            client.shutdownOutput();
            assertThat(server.inputStream().readAllBytes()).isEqualTo(request);
            server.outputStream().write(response);
            server.close();
            assertThat(client.inputStream().readAllBytes()).isEqualTo(response);
            client.close();
            client.awaitClosed();
            server.awaitClosed();
            frames = (int) pcap.frames();
        }
        String details = run(tshark.toString(), "-r", file.toString(), "-V", "-o", "ip.check_checksum:TRUE",
                "-o", "tcp.check_checksum:TRUE", "-o", "tcp.analyze_sequence_numbers:TRUE");
        assertThat(details).contains("Transmission Control Protocol", "Address Resolution Protocol",
                "Window scale:", "Maximum segment size:", "Timestamps:");
        assertThat(details).doesNotContain("Malformed", "Bad checksum", "[incorrect", "ACKed unseen segment",
                "Previous segment not captured", "previous segment not captured");
        assertThat(details).contains("Frame " + frames + ":").doesNotContain("Frame " + (frames + 1) + ":");
        String expert = run(tshark.toString(), "-r", file.toString(), "-q", "-z", "expert", "-o", "tcp.check_checksum:TRUE");
        System.out.println("tshark expert info for " + frames + " frames:\n" + expert.strip());
    }

    private String run(String... command) throws IOException, InterruptedException {
        return Tshark.run(dir, command);
    }
}
