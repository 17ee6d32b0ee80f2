package io.nicplan.app.flextcp;

import io.nicplan.app.InputException;
import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.clock.WallClock;
import io.nicplan.flexnic.tcp.SegmentReason;
import io.nicplan.flexnic.tcp.apps.BulkServer;
import io.nicplan.flexnic.tcp.apps.EchoServer;
import io.nicplan.flexnic.tcp.apps.Payload;
import io.nicplan.flexnic.tcp.apps.Server;
import io.nicplan.flexnic.tcp.host.FlexTcpHost;
import io.nicplan.flexnic.tcp.host.HostConfig;
import io.nicplan.flexnic.tcp.host.TcpConnection;
import io.nicplan.flexnic.wire.TapDevice;
import io.nicplan.flexnic.wire.TapWire;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * An emulated FlexNIC running FlexTCP, wired to a new TAP device, with one application: a server
 * (echo, bulk, or bulk over HTTP) for the kernel's tools to connect to, or a client that connects
 * to a server on the kernel's side. {@link #run} drives it on the calling thread until told to
 * stop (or, for the client, until its transfer is over); {@link #close} removes the device.
 */
public final class FlexTcpTrial implements AutoCloseable {

    /** What runs on the emulated NIC. */
    public enum Mode {
        /** Sends back what it receives. */
        ECHO,
        /** Sends {@code bytes} bytes on every connection, then closes. */
        BULK,
        /** Answers one HTTP request per connection with {@code bytes} bytes. */
        HTTP,
        /** Connects to the kernel's side, sends {@code bytes} bytes, reads until the peer closes. */
        CLIENT
    }

    /**
     * @param mode the application
     * @param tapName the TAP device's name
     * @param nicAddress the emulated NIC's address
     * @param prefixLength the subnet's prefix length (the kernel's side takes another address in it)
     * @param port where the server listens, or where the client connects on the kernel's side
     * @param bytes what bulk and HTTP send per connection and the client sends
     */
    public record Settings(Mode mode, String tapName, Ipv4Address nicAddress, int prefixLength, int port, long bytes) {
        public Settings {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(tapName, "tapName");
            Objects.requireNonNull(nicAddress, "nicAddress");
            if (port < 1 || port > 65535) {
                throw new InputException("the port must be 1..65535, got " + port);
            }
            if (bytes < 0) {
                throw new InputException("bytes must be >= 0, got " + bytes);
            }
            if (prefixLength < 1 || prefixLength > 30) {
                throw new InputException("the prefix length must be 1..30, got " + prefixLength);
            }
        }

        /** The kernel's address: the subnet's first host address, or its second if that is the NIC's. */
        public Ipv4Address kernelAddress() {
            long mask = (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
            long network = nicAddress.bits() & mask & 0xffffffffL;
            long first = network + 1;
            return Ipv4Address.of(first == (nicAddress.bits() & 0xffffffffL) ? first + 1 : first);
        }
    }

    /** The payload stream every mode sends ({@link Payload}), so receivers can check a SHA-256. */
    public static final long PAYLOAD_SEED = 1;

    private final Settings settings;
    private final TapWire wire;
    private final FlexTcpHost host;
    private final Server server;
    private String clientResult = "";

    private FlexTcpTrial(Settings settings, TapWire wire, Server server) {
        this.settings = settings;
        this.wire = wire;
        this.host = wire.host();
        this.server = server;
    }

    /** Why it cannot run here (no /dev/net/tun, no CAP_NET_ADMIN, ...), or null if it can. */
    public static String unavailableReason() {
        return TapDevice.unavailableReason().orElse(null);
    }

    /** Creates the TAP device and the host, and starts the server (a client starts in {@link #run}). */
    public static FlexTcpTrial open(Settings settings) throws IOException {
        String why = unavailableReason();
        if (why != null) {
            throw new IOException("cannot make a TAP device: " + why);
        }
        TapDevice tap;
        try {
            tap = TapDevice.create(settings.tapName(), settings.kernelAddress(), settings.prefixLength());
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        try {
            // A locally administered MAC (the U/L bit of 02) ending in the NIC's address.
            long mac = 0x020000000000L | (settings.nicAddress().bits() & 0xffffffffL);
            FlexTcpHost host = new FlexTcpHost(HostConfig.defaults(settings.nicAddress(), new MacAddress(mac))
                    .withBufferBytes(256 * 1024), new EventLoop(new WallClock()));
            TapWire wire = TapWire.attach(host, tap);
            Server server = switch (settings.mode()) {
                case ECHO -> new EchoServer(host.newContext(), settings.port());
                case BULK -> new BulkServer(host.newContext(), settings.port(), settings.bytes(), PAYLOAD_SEED, false);
                case HTTP -> new BulkServer(host.newContext(), settings.port(), settings.bytes(), PAYLOAD_SEED, true);
                case CLIENT -> null;
            };
            return new FlexTcpTrial(settings, wire, server);
        } catch (RuntimeException e) {
            tap.close();
            throw e;
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Where to connect, and a command that would, for a person at a shell. */
    public String describe() {
        String kernel = settings.kernelAddress() + "/" + settings.prefixLength();
        String at = settings.nicAddress() + ":" + settings.port();
        String tap = "TAP device " + settings.tapName() + " (kernel side " + kernel + ")";
        return switch (settings.mode()) {
            case ECHO -> "FlexTCP echo server on " + at + " via " + tap + "\ntry: nc " + settings.nicAddress() + " "
                    + settings.port();
            case BULK -> "FlexTCP bulk server on " + at + " (" + settings.bytes() + " bytes per connection) via " + tap
                    + "\ntry: nc " + settings.nicAddress() + " " + settings.port() + " | sha256sum";
            case HTTP -> "FlexTCP HTTP server on " + at + " (" + settings.bytes() + " bytes per request) via " + tap
                    + "\ntry: curl -o /dev/null -w '%{size_download} bytes, %{speed_download} B/s\\n' http://" + at + "/";
            case CLIENT -> "FlexTCP client at " + settings.nicAddress() + " connecting to " + settings.kernelAddress() + ":"
                    + settings.port() + " via " + tap + "\n(a server must listen there first, e.g.: socat TCP-LISTEN:" + settings.port()
                    + ",reuseaddr,fork PIPE)";
        };
    }

    /**
     * Drives the host on this thread until {@code stop} holds or the thread is interrupted; a
     * client stops by itself once its transfer is over.
     */
    public void run(BooleanSupplier stop) throws InterruptedException, IOException {
        if (settings.mode() == Mode.CLIENT) {
            runClient();
            return;
        }
        try {
            wire.runUntil(stop);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw e;
        }
    }

    private void runClient() throws IOException, InterruptedException {
        TcpConnection c = host.newContext().connect(settings.kernelAddress(), settings.port());
        try {
            if (!c.awaitOpen()) {
                throw new IOException("could not connect to " + settings.kernelAddress() + ":" + settings.port()
                        + " (refused or no answer); is a server listening there?");
            }
            long started = System.nanoTime();
            OutputStream out = c.outputStream();
            InputStream in = c.inputStream();
            byte[] chunk = new byte[64 * 1024];
            MessageDigest received = Payload.newSha256();
            long got = 0;
            // Interleave writing and reading so an echoing peer never stalls on a full window.
            for (long sent = 0; sent < settings.bytes(); ) {
                int n = (int) Math.min(Math.min(chunk.length, settings.bytes() - sent), Math.max(1, c.writable()));
                Payload.fill(PAYLOAD_SEED, sent, chunk, 0, n);
                out.write(chunk, 0, n);
                sent += n;
                while (c.available() > 0) {
                    int r = in.read(chunk, 0, Math.min(chunk.length, c.available()));
                    received.update(chunk, 0, r);
                    got += r;
                }
            }
            c.shutdownOutput();
            for (int r; (r = in.read(chunk)) > 0; ) {
                received.update(chunk, 0, r);
                got += r;
            }
            c.close();
            c.awaitClosed();
            double seconds = (System.nanoTime() - started) / 1e9;
            clientResult = String.format("sent %d bytes (SHA-256 %s), received %d bytes (SHA-256 %s) in %.3f s",
                    settings.bytes(), HexFormat.of().formatHex(Payload.sha256(PAYLOAD_SEED, settings.bytes())), got,
                    HexFormat.of().formatHex(received.digest()), seconds);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw e;
        }
    }

    /** What happened: connections, bytes, segments on the fast path and the slow path, frames on the wire. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        if (server != null) {
            s.append(server.accepted()).append(" connections (").append(server.finished()).append(" closed, ")
                    .append(server.resets()).append(" reset)");
            if (server instanceof EchoServer echo) {
                s.append(", ").append(echo.bytesEchoed()).append(" bytes echoed");
            } else if (server instanceof BulkServer bulk) {
                s.append(", ").append(bulk.bytesSent()).append(" bytes sent");
            }
        } else {
            s.append(clientResult);
        }
        long[] byVerdict = new long[SegmentReason.Verdict.values().length];
        for (SegmentReason reason : SegmentReason.values()) {
            byVerdict[reason.verdict().ordinal()] += host.fastPath().count(reason);
        }
        s.append("\nTCP segments received: ").append(byVerdict[SegmentReason.Verdict.FAST_PATH.ordinal()])
                .append(" on the fast path, ").append(byVerdict[SegmentReason.Verdict.SLOW_PATH.ordinal()])
                .append(" handed to the slow path, ").append(byVerdict[SegmentReason.Verdict.DROP.ordinal()])
                .append(" dropped; ").append(wire);
        return s.toString();
    }

    /** Removes the TAP device. */
    @Override
    public void close() {
        wire.close();
    }
}
