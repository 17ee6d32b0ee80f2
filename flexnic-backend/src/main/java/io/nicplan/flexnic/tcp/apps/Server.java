package io.nicplan.flexnic.tcp.apps;

import io.nicplan.flexnic.tcp.host.TcpConnection;
import io.nicplan.flexnic.tcp.host.TcpContext;
import io.nicplan.flexnic.tcp.host.TcpEvent;
import io.nicplan.flexnic.tcp.host.TcpListener;
import java.util.HashMap;
import java.util.Map;

/**
 * An event-driven server on one context: accepts every new connection and hands each event of a
 * connection to its {@link Session}. Runs on the thread that drives the host (the context's
 * handler), so it never blocks.
 */
public abstract class Server {

    /** One connection's part of the server. */
    protected interface Session {

        /** Data arrived, room to write appeared, or the peer closed: do what can be done now. */
        void progress();
    }

    private final TcpListener listener;
    private final Map<TcpConnection, Session> sessions = new HashMap<>();
    private long accepted;
    private long finished;
    private long resets;

    protected Server(TcpContext context, int port) {
        this.listener = context.listen(port);
        context.onEvent(this::event);
    }

    public int port() {
        return listener.port();
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted;
    }

    /** Connections closed in order (both FINs acknowledged). */
    public long finished() {
        return finished;
    }

    /** Connections the peer reset. */
    public long resets() {
        return resets;
    }

    /** Connections still open. */
    public int open() {
        return sessions.size();
    }

    /** Stops listening; open connections go on. */
    public void stop() {
        listener.close();
    }

    protected abstract Session open(TcpConnection connection);

    private void event(TcpEvent event) {
        switch (event.type()) {
            case NEW_CONNECTION -> {
                event.listener().accept().ifPresent(c -> {
                    accepted++;
                    Session session = open(c);
                    sessions.put(c, session);
                    session.progress();
                });
            }
            case DATA_RECEIVED, SEND_SPACE, PEER_CLOSED -> {
                Session session = sessions.get(event.connection());
                if (session != null) {
                    session.progress();
                }
            }
            case CLOSED -> {
                if (sessions.remove(event.connection()) != null) {
                    finished++;
                }
            }
            case RESET -> {
                if (sessions.remove(event.connection()) != null) {
                    resets++;
                }
                event.connection().close();
            }
            default -> {
                // OPENED and OPEN_FAILED belong to active opens, which a server does not make.
            }
        }
    }
}
