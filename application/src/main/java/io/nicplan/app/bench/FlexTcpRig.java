package io.nicplan.app.bench;

import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.link.LinkSettings;
import io.nicplan.flexnic.link.SimulatedLink;
import io.nicplan.flexnic.tcp.host.FlexTcpHost;
import io.nicplan.flexnic.tcp.host.HostConfig;
import io.nicplan.flexnic.tcp.host.TcpConnection;
import io.nicplan.flexnic.tcp.host.TcpContext;
import io.nicplan.flexnic.tcp.host.TcpEvent;
import io.nicplan.flexnic.tcp.host.TcpListener;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * FlexTCP's side of the benchmark: a server host and a client host (each an emulated FlexNIC
 * with the fast path, the slow path and the application contexts) on one simulated clock, joined
 * by a duplex {@link SimulatedLink} at 40 Gbit/s with 1 us of propagation delay and no
 * impairments. Everything (both applications, both NICs' fast paths, both slow paths and the
 * link's events) runs on the calling thread, so that thread's CPU time is all the CPU FlexTCP
 * used; the link costs CPU too (a copy and an event per frame) and is counted against FlexTCP.
 */
final class FlexTcpRig {

    static final Ipv4Address SERVER_IP = Ipv4Address.parse("10.9.0.1");
    static final Ipv4Address CLIENT_IP = Ipv4Address.parse("10.9.0.2");
    static final int PORT = 7;
    /** The simulated wire: TAS's XL710 port speed, a short cable's delay. */
    static final LinkSettings LINK = LinkSettings.ideal(40_000_000_000L, 1_000);
    /** Events run between looks at the wall clock. */
    private static final int EVENTS_PER_CHECK = 2_048;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    final EventLoop loop = new EventLoop(new SimulatedClock(0));
    final FlexTcpHost server;
    final FlexTcpHost client;

    FlexTcpRig(int connections, int bufferBytes, int mss) {
        int slots = 2 * connections + 64;
        server = new FlexTcpHost(HostConfig.defaults(SERVER_IP, MacAddress.parse("02:00:00:09:00:01"))
                .withSlots(slots, connections + 8).withBufferBytes(bufferBytes).withMss(mss).withSeed(1), loop);
        client = new FlexTcpHost(HostConfig.defaults(CLIENT_IP, MacAddress.parse("02:00:00:09:00:02"))
                .withSlots(slots, connections + 8).withBufferBytes(bufferBytes).withMss(mss).withSeed(2), loop);
        SimulatedLink[] wire = SimulatedLink.duplex(loop, LINK, (f, o, l, t) -> server.receive(f, o, l),
                (f, o, l, t) -> client.receive(f, o, l));
        server.connectWire(wire[0]);
        client.connectWire(wire[1]);
    }

    long simulatedNanos() {
        return loop.clock().nanos();
    }

    /** Runs the loop until {@code done} reaches {@code target} or the wall-clock budget is spent. */
    void runUntil(LongSupplier done, long target, long wallBudgetNanos, String what) {
        long deadline = System.nanoTime() + wallBudgetNanos;
        try {
            while (done.getAsLong() < target) {
                if (loop.runAll(EVENTS_PER_CHECK) == 0) {
                    throw new IllegalStateException("FlexTCP " + what + ": no event left to run at " + done.getAsLong()
                            + " of " + target);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("FlexTCP " + what + ": " + done.getAsLong() + " of " + target
                            + " after " + wallBudgetNanos / 1_000_000_000 + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Runs the loop until this thread used {@code cpuNanos} of CPU time (on a loaded machine a
     * wall-clock budget would measure the scheduler), or {@code wallLimitNanos} passed.
     */
    void runForCpu(long cpuNanos, long wallLimitNanos, String what) {
        long target = THREADS.getCurrentThreadCpuTime() + cpuNanos;
        long deadline = System.nanoTime() + wallLimitNanos;
        runUntil(() -> THREADS.getCurrentThreadCpuTime() >= target || System.nanoTime() >= deadline ? 1 : 0, 1,
                wallLimitNanos + 60_000_000_000L, what);
    }

    /** A server that writes back every byte it reads (the server of the echo and of the Linux run alike). */
    static void echoServer(FlexTcpHost host, int bufferBytes) {
        TcpContext context = host.newContext();
        TcpListener listener = context.listen(PORT);
        ByteBuffer buffer = ByteBuffer.allocate(bufferBytes);
        context.onEvent(e -> {
            switch (e.type()) {
                case NEW_CONNECTION -> {
                    while (listener.accept().isPresent()) {
                        // accepted: its events come to this context
                    }
                }
                case DATA_RECEIVED -> {
                    TcpConnection c = e.connection();
                    buffer.clear();
                    int n = c.read(buffer);
                    if (n > 0) {
                        buffer.flip();
                        if (c.write(buffer) != n) {
                            throw new IllegalStateException("echo: the transmit buffer of " + c + " is full");
                        }
                    }
                }
                case PEER_CLOSED -> e.connection().close();
                case RESET, OPEN_FAILED -> throw new IllegalStateException("echo server: " + e.type() + " on " + e.connection());
                default -> {
                    // OPENED, SEND_SPACE, CLOSED: nothing to do
                }
            }
        });
    }

    /** Closed-loop RPC clients: each connection has one request of {@code size} bytes outstanding. */
    static final class EchoClients {
        private final ByteBuffer request;
        private final ByteBuffer response;
        private final Map<TcpConnection, int[]> received = new HashMap<>();
        private final int size;
        long completed;
        int opened;

        EchoClients(FlexTcpHost host, int connections, int size) {
            this.size = size;
            this.request = ByteBuffer.allocate(size);
            this.response = ByteBuffer.allocate(Math.max(size, 4096));
            TcpContext context = host.newContext();
            context.onEvent(this::event);
            for (int i = 0; i < connections; i++) {
                received.put(context.connect(SERVER_IP, PORT), new int[1]);
            }
        }

        private void event(TcpEvent e) {
            TcpConnection c = e.connection();
            switch (e.type()) {
                case OPENED -> {
                    opened++;
                    send(c);
                }
                case DATA_RECEIVED -> {
                    int[] got = received.get(c);
                    int n;
                    while ((n = c.read(response.clear())) > 0) {
                        got[0] += n;
                    }
                    while (got[0] >= size) {
                        got[0] -= size;
                        completed++;
                        send(c);
                    }
                }
                case OPEN_FAILED, RESET, PEER_CLOSED -> throw new IllegalStateException("echo client: " + e.type() + " on " + c);
                default -> {
                    // SEND_SPACE, CLOSED
                }
            }
        }

        private void send(TcpConnection c) {
            if (c.write(request.clear()) != size) {
                throw new IllegalStateException("echo client: the transmit buffer of " + c + " is full");
            }
        }
    }

    /** One connection that keeps its transmit buffer full, and a receiver that reads everything. */
    static final class Bulk {
        private final ByteBuffer source;
        private final ByteBuffer sink;
        long bytesReceived;

        Bulk(FlexTcpHost sender, FlexTcpHost receiver, int bufferBytes) {
            source = ByteBuffer.allocate(bufferBytes);
            for (int i = 0; i < bufferBytes; i++) {
                source.put(i, (byte) (i * 31 + 7));
            }
            sink = ByteBuffer.allocate(bufferBytes);
            TcpContext receiving = receiver.newContext();
            TcpListener listener = receiving.listen(PORT);
            receiving.onEvent(e -> {
                if (e.type() == TcpEvent.Type.NEW_CONNECTION) {
                    listener.accept();
                } else if (e.type() == TcpEvent.Type.DATA_RECEIVED) {
                    int n;
                    while ((n = e.connection().read(sink.clear())) > 0) {
                        bytesReceived += n;
                    }
                }
            });
            TcpContext sending = sender.newContext();
            sending.onEvent(e -> {
                if (e.type() == TcpEvent.Type.OPENED || e.type() == TcpEvent.Type.SEND_SPACE) {
                    while (e.connection().write(source.clear()) > 0) {
                        // fill the transmit buffer
                    }
                } else if (e.type() != TcpEvent.Type.DATA_RECEIVED) {
                    throw new IllegalStateException("bulk sender: " + e.type());
                }
            });
            sending.connect(SERVER_IP, PORT);
        }
    }

    /**
     * Connections opened and closed: {@code inFlight} at a time, each opened, closed by the client
     * at once (FIN), closed by the server when it sees the FIN, and counted when both FINs are
     * acknowledged; then the next one opens.
     */
    static final class Churn {
        private final TcpContext context;
        long closed;
        boolean running = true;

        Churn(FlexTcpHost clientHost, FlexTcpHost serverHost, int inFlight) {
            echoServer(serverHost, 64);
            context = clientHost.newContext();
            context.onEvent(e -> {
                switch (e.type()) {
                    case OPENED -> e.connection().close();
                    case CLOSED -> {
                        closed++;
                        if (running) {
                            context.connect(SERVER_IP, PORT);
                        }
                    }
                    case OPEN_FAILED, RESET -> throw new IllegalStateException("churn: " + e.type() + " on " + e.connection());
                    default -> {
                        // PEER_CLOSED (the connection is already closing), DATA_RECEIVED, SEND_SPACE
                    }
                }
            });
            for (int i = 0; i < inFlight; i++) {
                context.connect(SERVER_IP, PORT);
            }
        }
    }
}
