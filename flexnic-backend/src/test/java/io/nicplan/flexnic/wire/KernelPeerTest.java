package io.nicplan.flexnic.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.capture.Tshark;
import io.nicplan.flexnic.tcp.apps.BulkServer;
import io.nicplan.flexnic.tcp.apps.EchoServer;
import io.nicplan.flexnic.tcp.apps.Payload;
import io.nicplan.flexnic.tcp.host.TcpConnection;
import io.nicplan.flexnic.tcp.host.TcpContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's own TCP as FlexTCP's peer, over a TAP device on the wall clock: bulk transfers
 * both ways arrive byte-exact (SHA-256), and 1,000 short connections each way all succeed. The
 * test's thread drives the wire (and so the FlexTCP host and its applications); the kernel's
 * side runs in curl or in threads of this JVM using {@link Socket}s, which are kernel TCP.
 * Skipped, with the reason printed, where TAP devices cannot be made (no /dev/net/tun, no
 * CAP_NET_ADMIN).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KernelPeerTest {

    private static final long TEN_MB = 10L * 1024 * 1024;
    private static final long NANOS = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void curlFetchesTenMegabytesFromAFlexTcpServer() throws Exception {
        Path curl = Tshark.findOnPath("curl");
        TapFixture.assumeTapDevices();
        org.junit.jupiter.api.Assumptions.assumeTrue(curl != null, "curl is not installed");
        try (TapFixture net = TapFixture.open(11)) {
            BulkServer server = new BulkServer(net.host.newContext(), 8080, TEN_MB, 13, true);
            Path body = dir.resolve("body");
            long start = System.nanoTime();
            Process process = new ProcessBuilder(curl.toString(), "-sS", "--noproxy", "*", "--max-time", "120", "-o",
                    body.toString(), "http://" + net.nicIp + ":8080/").redirectErrorStream(true).start();
            net.wire.runUntil(() -> !process.isAlive(), 150 * NANOS);
            long elapsed = System.nanoTime() - start;
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("curl: %s", output).isZero();
            assertThat(Files.size(body)).isEqualTo(TEN_MB);
            assertThat(sha256(body)).isEqualTo(HexFormat.of().formatHex(Payload.sha256(13, TEN_MB)));
            net.wire.runUntil(() -> server.finished() + server.resets() == 1, 5 * NANOS);
            assertThat(server.finished()).isEqualTo(1);
            System.out.printf("curl fetched 10 MiB from FlexTCP over %s in %.2f s (%.0f Mbit/s): %s; slow path %s%n",
                    net.tap.name(), elapsed / 1e9, TEN_MB * 8 / (elapsed / 1e3), net.wire, net.host.slowPathCounters());
        }
        assertThat(TapFixture.interfaceExists("nptap11")).as("the TAP device is removed").isFalse();
    }

    @Test
    void aFlexTcpClientFetchesTenMegabytesFromAKernelServer() throws Exception {
        try (TapFixture net = TapFixture.open(12);
                ServerSocket listening = new ServerSocket()) {
            listening.bind(new InetSocketAddress(InetAddress.getByName(net.kernelIp.toString()), 0));
            CompletableFuture<Void> kernelServer = CompletableFuture.runAsync(() -> {
                try (Socket s = listening.accept(); OutputStream out = s.getOutputStream()) {
                    byte[] chunk = new byte[64 * 1024];
                    for (long done = 0; done < TEN_MB; done += chunk.length) {
                        Payload.fill(21, done, chunk, 0, chunk.length);
                        out.write(chunk);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable, "kernel-server").start());
            long start = System.nanoTime();
            TcpConnection c = net.host.newContext().connect(net.kernelIp, listening.getLocalPort());
            assertThat(c.awaitOpen()).as("connected to the kernel").isTrue();
            MessageDigest digest = Payload.newSha256();
            long received = 0;
            try (InputStream in = c.inputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    received += n;
                }
            }
            long elapsed = System.nanoTime() - start;
            c.close();
            c.awaitClosed();
            kernelServer.get(10, TimeUnit.SECONDS);
            assertThat(received).isEqualTo(TEN_MB);
            assertThat(digest.digest()).isEqualTo(Payload.sha256(21, TEN_MB));
            System.out.printf("FlexTCP fetched 10 MiB from the kernel over %s in %.2f s (%.0f Mbit/s): %s%n",
                    net.tap.name(), elapsed / 1e9, TEN_MB * 8 / (elapsed / 1e3), net.wire);
        }
    }

    @Test
    void aThousandShortConnectionsFromTheKernel() throws Exception {
        int connections = 1000;
        try (TapFixture net = TapFixture.open(13)) {
            EchoServer server = new EchoServer(net.host.newContext(), 7);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(net.nicIp.toString()), 7);
            CompletableFuture<Integer> clients = CompletableFuture.supplyAsync(() -> {
                int ok = 0;
                for (int i = 0; i < connections; i++) {
                    byte[] message = ("request " + i + " from the kernel").getBytes(StandardCharsets.US_ASCII);
                    try (Socket s = new Socket()) {
                        s.connect(address, 5_000);
                        s.setSoTimeout(10_000);
                        s.getOutputStream().write(message);
                        s.shutdownOutput();
                        if (java.util.Arrays.equals(s.getInputStream().readAllBytes(), message)) {
                            ok++;
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("connection " + i + ": " + e, e);
                    }
                }
                return ok;
            }, runnable -> new Thread(runnable, "kernel-clients").start());
            long start = System.nanoTime();
            net.wire.runUntil(clients::isDone, 150 * NANOS);
            long elapsed = System.nanoTime() - start;
            assertThat(clients.get(1, TimeUnit.SECONDS)).isEqualTo(connections);
            net.wire.runUntil(() -> server.finished() + server.resets() == connections, 5 * NANOS);
            assertThat(server.accepted()).isEqualTo(connections);
            assertThat(server.finished()).isEqualTo(connections);
            assertThat(net.host.fastPath().size()).isZero();
            System.out.printf("%d kernel connections to a FlexTCP echo server in %.2f s: %s; slow path %s%n", connections,
                    elapsed / 1e9, net.wire, net.host.slowPathCounters());
        }
    }

    @Test
    void aThousandShortConnectionsToTheKernel() throws Exception {
        int connections = 1000;
        try (TapFixture net = TapFixture.open(14);
                ServerSocket listening = new ServerSocket()) {
            listening.bind(new InetSocketAddress(InetAddress.getByName(net.kernelIp.toString()), 0), 64);
            CompletableFuture<Void> kernelServer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < connections; i++) {
                    try (Socket s = listening.accept()) {
                        s.setSoTimeout(10_000);
                        byte[] request = s.getInputStream().readAllBytes();
                        s.getOutputStream().write(request);
                    } catch (Exception e) {
                        throw new IllegalStateException("connection " + i + ": " + e, e);
                    }
                }
            }, runnable -> new Thread(runnable, "kernel-server").start());
            TcpContext context = net.host.newContext();
            long start = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                byte[] message = ("request " + i + " from FlexTCP").getBytes(StandardCharsets.US_ASCII);
                TcpConnection c = context.connect(net.kernelIp, listening.getLocalPort());
                assertThat(c.awaitOpen()).as("connection %d opened", i).isTrue();
                c.outputStream().write(message);
                c.shutdownOutput();
                assertThat(c.inputStream().readAllBytes()).as("connection %d", i).isEqualTo(message);
                c.close();
                c.awaitClosed();
                assertThat(c.isFailed()).as("connection %d reset", i).isFalse();
            }
            long elapsed = System.nanoTime() - start;
            kernelServer.get(10, TimeUnit.SECONDS);
            assertThat(net.host.fastPath().size()).isZero();
            System.out.printf("%d FlexTCP connections to a kernel echo server in %.2f s: %s; slow path %s%n", connections,
                    elapsed / 1e9, net.wire, net.host.slowPathCounters());
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = Payload.newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
