package io.nicplan.flexnic.tcp.apps;

import io.nicplan.flexnic.tcp.host.TcpConnection;
import io.nicplan.flexnic.tcp.host.TcpContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Sends {@code bytes} bytes of {@link Payload} stream {@code seed} on every connection, then
 * closes it. Raw: it starts at once and discards what it receives. HTTP: it first reads a request
 * up to its blank line (at most {@value #MAX_REQUEST_HEADER} bytes; a longer one is answered 431)
 * and sends the bytes as the body of a {@code 200 OK} with {@code Content-Length}, so
 * {@code curl} can fetch them.
 */
public final class BulkServer extends Server {

    /** The longest request header the HTTP mode reads. */
    public static final int MAX_REQUEST_HEADER = 8 * 1024;
    private static final int CHUNK = 16 * 1024;

    private final long bytes;
    private final long seed;
    private final boolean http;
    private long bytesSent;

    public BulkServer(TcpContext context, int port, long bytes, long seed, boolean http) {
        super(context, port);
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
        this.bytes = bytes;
        this.seed = seed;
        this.http = http;
    }

    /** Payload bytes written on all connections (headers not counted). */
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    protected Session open(TcpConnection connection) {
        return new Session() {
            private final ByteBuffer request = ByteBuffer.allocate(MAX_REQUEST_HEADER);
            private final ByteBuffer discard = ByteBuffer.allocate(CHUNK);
            private final byte[] chunk = new byte[CHUNK];
            private ByteBuffer pending = ByteBuffer.allocate(0);
            private boolean headerDone = !http;
            private long offset;
            private boolean closed;

            @Override
            public void progress() {
                if (closed) {
                    return;
                }
                if (!headerDone && !readRequest()) {
                    return;
                }
                while (true) {
                    discard.clear();
                    if (connection.read(discard) <= 0) {
                        break;
                    }
                }
                while (true) {
                    if (pending.hasRemaining()) {
                        connection.write(pending);
                        if (pending.hasRemaining()) {
                            return;
                        }
                    }
                    if (offset == bytes) {
                        break;
                    }
                    int n = (int) Math.min(CHUNK, bytes - offset);
                    Payload.fill(seed, offset, chunk, 0, n);
                    offset += n;
                    bytesSent += n;
                    pending = ByteBuffer.wrap(chunk, 0, n);
                }
                closed = true;
                connection.close();
            }

            /** Reads the request's header; on its blank line queues the response header. */
            private boolean readRequest() {
                connection.read(request);
                String text = new String(request.array(), 0, request.position(), StandardCharsets.ISO_8859_1);
                if (text.contains("\r\n\r\n") || text.contains("\n\n")) {
                    headerDone = true;
                    pending = ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                            + "Content-Length: " + bytes + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    return true;
                }
                if (!request.hasRemaining() || connection.isEndOfStream()) {
                    // RFC 6585 4: the header is too large (or ended before its blank line); answer and close.
                    closed = true;
                    connection.write(ByteBuffer.wrap("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII)));
                    connection.close();
                }
                return false;
            }
        };
    }
}
