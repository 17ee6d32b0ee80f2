package io.nicplan.flexnic.tcp.host;

import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.flexnic.tcp.cc.CongestionControl;
import io.nicplan.net.Ipv4Address;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * One TCP connection of a {@link FlexTcpHost}, as its application sees it: read and write on
 * {@link ByteBuffer}s (never blocking), {@link #shutdownOutput} and {@link #close}, and
 * blocking {@link #inputStream()} / {@link #outputStream()} adapters for ordinary Java code.
 * The bytes live in the connection's circular buffers in the host memory the NIC's fast path
 * reads and writes; reading frees receive window, writing bumps the flow's {@code tx_avail}.
 */
public final class TcpConnection {

    /** The slow path's view of the connection. */
    enum State {
        /** Waiting for the peer's MAC address. */
        ARP,
        SYN_SENT,
        SYN_RECEIVED,
        /** Flow state installed; the fast path carries the data, FINs included. */
        ESTABLISHED,
        /** Flow state removed after an active close; late FINs are acknowledged by the slow path. */
        TIME_WAIT,
        /** Over: closed, reset, or never opened. */
        CLOSED
    }

    final FlexTcpHost host;
    final TcpContext context;
    /** The NIC context the flow state names (a plan's queue), or -1 for the application context's id. */
    int nicContext = -1;
    /** Index of the connection's buffer pair: the flow's opaque tag and where its buffers lie. */
    final int index;
    final int localIp;
    final int remoteIp;
    final int localPort;
    final int remotePort;
    final int rxBase;
    final int txBase;
    final int bufferBytes;

    // Slow path.
    State state;
    long remoteMac;
    int localIsn;
    int remoteIsn;
    int peerShift;
    int localShift;
    boolean ecn;
    int peerTimestamp;
    int handshakeGeneration;
    int handshakeRetries;
    TcpListener acceptedBy;
    FlowSpec flow;
    int slot = -1;
    CongestionControl congestionControl;
    long nextControlNanos;
    long intervalStartNanos;
    int lastAckedBytes;
    int lastEcnBytes;
    int lastDrops;
    int lastAckCount;
    int stalledIntervals;
    long lastProgressNanos;
    /** Whether this side's FIN was acknowledged before the peer's FIN arrived (the active closer). */
    boolean closedFirst;
    /** TIME-WAIT: the sequence numbers to acknowledge a retransmitted FIN with. */
    int timeWaitSeq;
    int timeWaitAck;
    long retransmissionTimeouts;

    // Application.
    private int rxReadPos;
    private int rxUnread;
    private int txWritePos;
    private int txInFlight;
    private boolean outputShut;
    private boolean released;
    boolean finReceived;
    boolean finAcknowledged;
    boolean reset;
    boolean failed;
    private boolean dataEventPending;
    private boolean spaceEventPending;
    private long bytesRead;
    private long bytesWritten;

    TcpConnection(FlexTcpHost host, TcpContext context, int index, int localIp, int remoteIp, int localPort,
            int remotePort) {
        this.host = host;
        this.context = context;
        this.index = index;
        this.localIp = localIp;
        this.remoteIp = remoteIp;
        this.localPort = localPort;
        this.remotePort = remotePort;
        this.bufferBytes = host.config().bufferBytes();
        this.rxBase = index * 2 * bufferBytes;
        this.txBase = rxBase + bufferBytes;
    }

    public TcpContext context() {
        return context;
    }

    /** The application context the NIC notifies for this connection (its flow state's context), or -1 before it has flow state. */
    public int flowContext() {
        return flow == null ? -1 : flow.context();
    }

    public Ipv4Address remoteAddress() {
        return new Ipv4Address(remoteIp);
    }

    public int remotePort() {
        return remotePort;
    }

    public int localPort() {
        return localPort;
    }

    /** Established and not reset: bytes can be read and (until {@link #shutdownOutput}) written. */
    public boolean isOpen() {
        return state == State.ESTABLISHED && !reset;
    }

    /** The handshake is still running. */
    public boolean isOpening() {
        return state == State.ARP || state == State.SYN_SENT || state == State.SYN_RECEIVED;
    }

    /** The open failed or the connection was reset. */
    public boolean isFailed() {
        return failed || reset;
    }

    /** Both directions closed and acknowledged (or reset, or never opened). */
    public boolean isClosed() {
        return state == State.CLOSED || state == State.TIME_WAIT;
    }

    /** The peer closed its direction and every byte before its FIN has been read. */
    public boolean isEndOfStream() {
        return finReceived && rxUnread == 0;
    }

    /** Bytes received and not read yet. */
    public int available() {
        return rxUnread;
    }

    /** Room in the transmit buffer now. */
    public int writable() {
        return isOpen() && !outputShut ? bufferBytes - txInFlight : 0;
    }

    /** Bytes written that the peer has not acknowledged yet. */
    public int unacknowledged() {
        return txInFlight;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** Retransmission timeouts the slow path fired for this connection. */
    public long retransmissionTimeouts() {
        return retransmissionTimeouts;
    }

    /**
     * Reads what has arrived into {@code dst}, without blocking.
     *
     * @return bytes read; 0 if none are there yet; -1 at the end of the stream (the peer closed
     *     and everything was read) or after a reset
     */
    public int read(ByteBuffer dst) {
        if (rxUnread == 0) {
            return finReceived || reset || failed ? -1 : 0;
        }
        int n = Math.min(dst.remaining(), rxUnread);
        byte[] memory = host.hostMemory();
        int first = Math.min(n, bufferBytes - rxReadPos);
        dst.put(memory, rxBase + rxReadPos, first);
        if (first < n) {
            dst.put(memory, rxBase, n - first);
        }
        rxReadPos = (rxReadPos + n) % bufferBytes;
        rxUnread -= n;
        bytesRead += n;
        if (slot >= 0) {
            host.fastPath().rxConsumed(slot, n, host.now());
            host.afterApplicationCall();
        }
        return n;
    }

    /**
     * Writes as much of {@code src} as the transmit buffer takes, without blocking; the fast
     * path sends it as the peer's window and the flow's rate allow.
     *
     * @return bytes taken (0 when the buffer is full)
     * @throws IllegalStateException if the connection is not open or its output was shut down
     */
    public int write(ByteBuffer src) {
        if (!isOpen() || outputShut) {
            throw new IllegalStateException("connection " + this + " is not open for writing");
        }
        int n = Math.min(src.remaining(), bufferBytes - txInFlight);
        if (n == 0) {
            return 0;
        }
        byte[] memory = host.hostMemory();
        int first = Math.min(n, bufferBytes - txWritePos);
        src.get(memory, txBase + txWritePos, first);
        if (first < n) {
            src.get(memory, txBase, n - first);
        }
        txWritePos = (txWritePos + n) % bufferBytes;
        txInFlight += n;
        bytesWritten += n;
        host.fastPath().txAvailable(slot, n, host.now());
        host.afterApplicationCall();
        return n;
    }

    /** Closes this side's direction: a FIN follows the last byte written. Reading goes on. */
    public void shutdownOutput() {
        if (outputShut) {
            return;
        }
        outputShut = true;
        if (slot >= 0) {
            host.fastPath().close(slot, host.now());
            host.afterApplicationCall();
        }
    }

    /**
     * Closes the connection for the application: output is shut down (FIN after the last byte)
     * and the buffers are given back once the connection is over. Unread bytes are discarded.
     */
    public void close() {
        if (released) {
            return;
        }
        released = true;
        if (isOpening()) {
            host.slowPath().abort(this);
            return;
        }
        shutdownOutput();
        host.slowPath().releaseIfDone(this);
    }

    boolean released() {
        return released;
    }

    boolean outputShut() {
        return outputShut;
    }

    /** Blocks until the connection is open or has failed (drives the event loop on a simulated clock). */
    public boolean awaitOpen() {
        host.await(() -> !isOpening(), "connection " + this + " to open");
        return isOpen();
    }

    /** Blocks until both directions are closed (or the connection was reset). */
    public void awaitClosed() {
        host.await(() -> isClosed() || isFailed(), "connection " + this + " to close");
    }

    /** A blocking stream over {@link #read}: it ends at the peer's FIN; a reset throws. */
    public InputStream inputStream() {
        return new InputStream() {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                host.await(() -> rxUnread > 0 || finReceived || reset || failed, "bytes from " + TcpConnection.this);
                if (reset) {
                    throw new IOException("connection reset: " + TcpConnection.this);
                }
                return TcpConnection.this.read(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public int available() {
                return rxUnread;
            }
        };
    }

    /** A blocking stream over {@link #write}; closing it shuts the output down (FIN). */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer src = ByteBuffer.wrap(b, off, len);
                while (src.hasRemaining()) {
                    host.await(() -> reset || !isOpen() || txInFlight < bufferBytes, "room to write on " + TcpConnection.this);
                    if (reset || !isOpen()) {
                        throw new IOException("connection not open: " + TcpConnection.this);
                    }
                    TcpConnection.this.write(src);
                }
            }

            @Override
            public void close() {
                shutdownOutput();
            }
        };
    }

    // ---------------------------------------------------------------- from the fast path's events

    // The two coalesced events are posted once per segment batch: one immutable instance each,
    // so the receive and transmit paths allocate nothing for them.
    private final TcpEvent dataReceivedEvent = new TcpEvent(TcpEvent.Type.DATA_RECEIVED, this, null);
    private final TcpEvent sendSpaceEvent = new TcpEvent(TcpEvent.Type.SEND_SPACE, this, null);

    void received(int bytes) {
        rxUnread += bytes;
        if (!dataEventPending) {
            dataEventPending = true;
            context.post(dataReceivedEvent);
        }
    }

    void acknowledged(int bytes) {
        txInFlight -= bytes;
        if (!spaceEventPending && !outputShut) {
            spaceEventPending = true;
            context.post(sendSpaceEvent);
        }
    }

    void eventPolled(TcpEvent.Type type) {
        if (type == TcpEvent.Type.DATA_RECEIVED) {
            dataEventPending = false;
        } else if (type == TcpEvent.Type.SEND_SPACE) {
            spaceEventPending = false;
        }
    }

    @Override
    public String toString() {
        return new Ipv4Address(localIp) + ":" + localPort + "->" + new Ipv4Address(remoteIp) + ":" + remotePort + " " + state;
    }
}
