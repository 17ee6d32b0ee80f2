package io.nicplan.flexnic.tcp.host;

/**
 * An event in an application context's queue (TAS's context queues).
 *
 * @param type what happened
 * @param connection the connection it happened to (for {@link Type#NEW_CONNECTION}: the new one, ready to accept)
 * @param listener the listener, for {@link Type#NEW_CONNECTION}; else null
 */
public record TcpEvent(Type type, TcpConnection connection, TcpListener listener) {

    public enum Type {
        /** An active open completed: the connection can send and receive. */
        OPENED,
        /** An active open failed (refused, timed out, or no flow-state slot or buffer was free). */
        OPEN_FAILED,
        /** New bytes can be read. Coalesced: one pending event per connection until it is polled. */
        DATA_RECEIVED,
        /** The peer acknowledged bytes, so there is room to write. Coalesced like DATA_RECEIVED. */
        SEND_SPACE,
        /** The peer closed its direction (its FIN arrived in order): reads end after the buffered bytes. */
        PEER_CLOSED,
        /** Both directions are closed and acknowledged; the connection's flow state is gone. */
        CLOSED,
        /** The peer reset the connection. */
        RESET,
        /** A listener has a new established connection to accept. */
        NEW_CONNECTION
    }
}
