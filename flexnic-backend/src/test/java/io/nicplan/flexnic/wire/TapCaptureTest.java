package io.nicplan.flexnic.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.flexnic.capture.PcapWriter;
import io.nicplan.flexnic.capture.Tshark;
import io.nicplan.flexnic.tcp.apps.EchoServer;
import io.nicplan.flexnic.tcp.apps.Payload;
import io.nicplan.flexnic.tcp.host.TcpConnection;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture at the emulated NIC's port of a session with the kernel over a TAP device (ARP, the
 * kernel's and FlexTCP's handshakes with their options, 1 MiB each way, both FINs) decodes in
 * tshark with no malformed packet, no bad checksum, and none of its sequence analysis's "ACKed
 * unseen segment" or "previous segment not captured": FlexTCP and Linux hold one consistent TCP
 * conversation, and the capture misses no frame.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TapCaptureTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void tsharkDecodesAKernelSessionWithoutErrors() throws Exception {
        Path tshark = Tshark.findOnPath("tshark");
        TapFixture.assumeTapDevices();
        assumeTrue(tshark != null, "tshark is not installed");
        Path file = dir.resolve("flextcp-tap.pcap");
        long frames;
        try (TapFixture net = TapFixture.open(15);
                PcapWriter pcap = PcapWriter.create(file);
                ServerSocket listening = new ServerSocket()) {
            net.host.nic().addTap(pcap);
            // The kernel as client: 1 MiB to a FlexTCP echo server and back.
            EchoServer echo = new EchoServer(net.host.newContext(), 7);
            CompletableFuture<byte[]> kernelClient = CompletableFuture.supplyAsync(() -> {
                byte[] message = new byte[MIB];
                Payload.fill(31, 0, message, 0, MIB);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getByName(net.nicIp.toString()), 7), 5_000);
                    s.setSoTimeout(30_000);
                    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                        try {
                            s.getOutputStream().write(message);
                            s.shutdownOutput();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    byte[] back = s.getInputStream().readAllBytes();
                    writer.get(30, TimeUnit.SECONDS);
                    return back;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable, "kernel-client").start());
            net.wire.runUntil(kernelClient::isDone, 60_000_000_000L);
            byte[] expected = new byte[MIB];
            Payload.fill(31, 0, expected, 0, MIB);
            assertThat(kernelClient.get(1, TimeUnit.SECONDS)).isEqualTo(expected);
            net.wire.runUntil(() -> echo.finished() == 1, 5_000_000_000L);

            // FlexTCP as client: 1 MiB from a kernel server.
            listening.bind(new InetSocketAddress(InetAddress.getByName(net.kernelIp.toString()), 0));
            CompletableFuture<Void> kernelServer = CompletableFuture.runAsync(() -> {
                try (Socket s = listening.accept(); OutputStream out = s.getOutputStream()) {
                    byte[] data = new byte[MIB];
                    Payload.fill(32, 0, data, 0, MIB);
                    out.write(data);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable, "kernel-server").start());
            TcpConnection c = net.host.newContext().connect(net.kernelIp, listening.getLocalPort());
            assertThat(c.awaitOpen()).isTrue();
            byte[] fetched = c.inputStream().readAllBytes();
            c.close();
            c.awaitClosed();
            kernelServer.get(10, TimeUnit.SECONDS);
            byte[] served = new byte[MIB];
            Payload.fill(32, 0, served, 0, MIB);
            assertThat(fetched).isEqualTo(served);
            frames = pcap.frames();
        }
        String details = Tshark.run(dir, tshark.toString(), "-r", file.toString(), "-V", "-o", "ip.check_checksum:TRUE",
                "-o", "tcp.check_checksum:TRUE", "-o", "tcp.analyze_sequence_numbers:TRUE");
        assertThat(details).contains("Transmission Control Protocol", "Address Resolution Protocol",
                "Window scale:", "Maximum segment size:", "Timestamps:");
        assertThat(details).doesNotContain("Malformed", "Bad checksum", "[incorrect", "ACKed unseen segment",
                "Previous segment not captured", "previous segment not captured");
        assertThat(details).contains("Frame " + frames + ":").doesNotContain("Frame " + (frames + 1) + ":");
        String expert = Tshark.run(dir, tshark.toString(), "-r", file.toString(), "-q", "-z", "expert", "-o",
                "tcp.check_checksum:TRUE");
        System.out.println("tshark expert info for " + frames + " frames of a TAP session:\n" + expert.strip());
    }
}
