package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.app.flextcp.FlexTcpTrial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code nicplan flextcp} end to end: the command creates its TAP device and prints where to
 * connect; a kernel socket of this JVM echoes bytes through the emulated NIC's FlexTCP; stopping
 * the command (an interrupt, as Ctrl-C's shutdown hook does) removes the device. Skipped, with the
 * reason printed, where TAP devices cannot be made.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FlexTcpCommandTest {

    @Test
    void anEchoServerOnATapDeviceAnswersAKernelSocketAndStopsCleanly() throws Exception {
        String why = FlexTcpTrial.unavailableReason();
        if (why != null) {
            System.out.println("skipped: " + why);
        }
        assumeTrue(why == null, why);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = NicplanCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = new Thread(() -> exit.set(cli.execute("flextcp", "--mode", "echo", "--tap", "nptap21",
                "--address", "10.213.21.2/24", "--port", "7007")), "nicplan-flextcp");
        command.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString().contains("Ctrl-C") && command.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(out.toString()).as("stderr: %s", err).contains("FlexTCP echo server on 10.213.21.2:7007",
                "kernel side 10.213.21.1/24", "nc 10.213.21.2 7007");
        assertThat(Files.exists(Path.of("/sys/class/net/nptap21"))).isTrue();

        byte[] message = "hello through the FlexNIC emulator's FlexTCP".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("10.213.21.2", 7007), 10_000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(message);
            s.shutdownOutput();
            assertThat(s.getInputStream().readAllBytes()).isEqualTo(message);
        }

        command.interrupt();
        command.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(command.isAlive()).isFalse();
        assertThat(exit.get()).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("stopped", "1 connections", message.length + " bytes echoed",
                "on the fast path");
        assertThat(Files.exists(Path.of("/sys/class/net/nptap21"))).as("the TAP device is removed").isFalse();
        System.out.println(out);
    }

    @Test
    void badOptionsAreUsageErrorsBeforeAnyDeviceIsMade() {
        assertThat(CliRun.of("flextcp", "--mode", "magic").exitCode()).isEqualTo(2);
        CliRun address = CliRun.of("flextcp", "--address", "10.213.22.2");
        assertThat(address.exitCode()).isEqualTo(2);
        assertThat(address.err()).contains("--address must be A.B.C.D/LEN");
        assertThat(CliRun.of("flextcp", "--address", "10.213.22.2/31").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("flextcp", "--bytes", "5X").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("flextcp", "--port", "70000").exitCode()).isEqualTo(2);
    }
}
