package io.nicplan.flexnic.tcp.host;

import io.nicplan.net.Ipv4Address;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An application context (TAS: one per application thread): its connections and listeners
 * report here, in one event queue. The thread that owns the context polls it, or sets a
 * handler that the host calls with each event after it finished the step that caused it
 * (never from inside segment processing).
 *
 * <p>Threading: a context belongs to one application thread; on a simulated clock that is the
 * thread driving the event loop.
 */
public final class TcpContext {

    private final FlexTcpHost host;
    private final int id;
    private final ArrayDeque<TcpEvent> events = new ArrayDeque<>();
    private Consumer<TcpEvent> handler;

    TcpContext(FlexTcpHost host, int id) {
        this.host = host;
        this.id = id;
    }

    public int id() {
        return id;
    }

    public FlexTcpHost host() {
        return host;
    }

    /** Listens on a local port; new connections arrive as {@link TcpEvent.Type#NEW_CONNECTION}. */
    public TcpListener listen(int port) {
        return host.slowPath().listen(this, port);
    }

    /**
     * Opens a connection (active open: ARP for the peer if needed, then the SYN handshake). The
     * connection is returned at once; {@link TcpEvent.Type#OPENED} or
     * {@link TcpEvent.Type#OPEN_FAILED} follows.
     */
    public TcpConnection connect(Ipv4Address remoteIp, int remotePort) {
        return host.slowPath().connect(this, remoteIp, remotePort);
    }

    /** Opens a connection from a chosen local port (e.g. a planned flow's 4-tuple); otherwise as {@link #connect(Ipv4Address, int)}. */
    public TcpConnection connect(Ipv4Address remoteIp, int remotePort, int localPort) {
        return host.slowPath().connect(this, remoteIp, remotePort, localPort);
    }

    /** The oldest event, if any. */
    public Optional<TcpEvent> poll() {
        TcpEvent e = events.poll();
        if (e != null) {
            e.connection().eventPolled(e.type());
        }
        return Optional.ofNullable(e);
    }

    public int pendingEvents() {
        return events.size();
    }

    /** Hands every event to {@code eventHandler} instead of queueing it (null: queue again). */
    public void onEvent(Consumer<TcpEvent> eventHandler) {
        this.handler = eventHandler;
        host.dispatchLater(this);
    }

    void post(TcpEvent event) {
        events.add(Objects.requireNonNull(event));
        if (handler != null) {
            host.dispatchLater(this);
        }
    }

    /** Runs the handler over the queued events (the host calls this between its steps). */
    void dispatch() {
        Consumer<TcpEvent> h = handler;
        if (h == null) {
            return;
        }
        TcpEvent e;
        while (handler == h && (e = events.poll()) != null) {
            e.connection().eventPolled(e.type());
            h.accept(e);
        }
    }
}
