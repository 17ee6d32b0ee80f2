package io.nicplan.flexnic.tcp.apps;

import io.nicplan.flexnic.tcp.host.TcpConnection;
import io.nicplan.flexnic.tcp.host.TcpContext;
import java.nio.ByteBuffer;

/**
 * Sends back every byte it receives; closes its side once the peer closed and everything was
 * echoed. Reads only as much as it can write back, so a slow reader slows the writer down
 * through the windows instead of filling memory.
 */
public final class EchoServer extends Server {

    private static final int STAGING_BYTES = 16 * 1024;
    private long bytesEchoed;

    public EchoServer(TcpContext context, int port) {
        super(context, port);
    }

    public long bytesEchoed() {
        return bytesEchoed;
    }

    @Override
    protected Session open(TcpConnection connection) {
        ByteBuffer staging = ByteBuffer.allocate(STAGING_BYTES);
        staging.flip(); // empty, ready to be drained
        return () -> {
            while (true) {
                if (staging.hasRemaining()) {
                    bytesEchoed += connection.write(staging);
                    if (staging.hasRemaining()) {
                        return; // SEND_SPACE brings us back
                    }
                }
                staging.clear();
                int read = connection.read(staging);
                staging.flip();
                if (read <= 0) {
                    break;
                }
            }
            if (connection.isEndOfStream()) {
                connection.close();
            }
        };
    }
}
