package io.nicplan.flexnic.tcp.host;

import java.util.ArrayDeque;
import java.util.Optional;

/** A listening port: established connections wait here until the application accepts them. */
public final class TcpListener {

    private final TcpContext context;
    private final int port;
    private final ArrayDeque<TcpConnection> ready = new ArrayDeque<>();
    private boolean closed;

    TcpListener(TcpContext context, int port) {
        this.context = context;
        this.port = port;
    }

    public int port() {
        return port;
    }

    public TcpContext context() {
        return context;
    }

    /** The next established connection, if one waits. */
    public Optional<TcpConnection> accept() {
        return Optional.ofNullable(ready.poll());
    }

    /**
     * Blocks (drives the host's event loop on a simulated clock) until a connection can be
     * accepted.
     */
    public TcpConnection awaitAccept() {
        context.host().await(() -> !ready.isEmpty(), "a connection to accept on port " + port);
        return ready.poll();
    }

    /** Stops listening; connections not accepted yet stay open until closed. */
    public void close() {
        if (!closed) {
            closed = true;
            context.host().slowPath().unlisten(this);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    void established(TcpConnection connection) {
        ready.add(connection);
        context.post(new TcpEvent(TcpEvent.Type.NEW_CONNECTION, connection, this));
    }
}
