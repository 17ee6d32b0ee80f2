package io.nicplan.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;

/**
 * Linux's side of the benchmark: the same echo server and closed-loop clients as
 * {@link FlexTcpRig}, written on Java NIO (one selector thread for the server, one for the
 * clients) over the kernel's TCP on the loopback interface. The metered CPU is both threads'
 * (their system calls, and the loopback transmit and receive the kernel runs in them).
 */
final class LinuxLoopback implements AutoCloseable {

    private final ServerSocketChannel listener;
    private final Selector serverSelector;
    private final Thread serverThread;
    private volatile boolean stopping;
    private volatile Throwable failure;

    /** Starts an echo server on 127.0.0.1 (an ephemeral port) that also closes when a client closes. */
    LinuxLoopback() throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        listener.configureBlocking(false);
        serverSelector = Selector.open();
        listener.register(serverSelector, SelectionKey.OP_ACCEPT);
        serverThread = new Thread(this::serve, "linux-echo-server");
        serverThread.setDaemon(true);
        serverThread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    long serverThreadId() {
        return serverThread.getId();
    }

    void check() {
        if (failure != null) {
            throw new IllegalStateException("Linux echo server failed: " + failure, failure);
        }
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        try {
            while (!stopping) {
                serverSelector.select(100);
                Iterator<SelectionKey> keys = serverSelector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isAcceptable()) {
                        SocketChannel c;
                        while ((c = listener.accept()) != null) {
                            c.configureBlocking(false);
                            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            c.register(serverSelector, SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        SocketChannel c = (SocketChannel) key.channel();
                        buffer.clear();
                        int n = c.read(buffer);
                        if (n < 0) {
                            key.cancel();
                            c.close();
                        } else if (n > 0) {
                            buffer.flip();
                            while (buffer.hasRemaining()) {
                                c.write(buffer); // a few bytes into an empty socket buffer: written at once
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /** The client thread's work, run until stopped; counts what it finished. */
    abstract static class Client implements Runnable {
        final Selector selector;
        final InetSocketAddress server;
        final CountDownLatch ready = new CountDownLatch(1);
        volatile boolean stop;
        volatile long done;
        volatile Throwable failure;
        Thread thread;

        Client(InetSocketAddress server) throws IOException {
            this.server = server;
            this.selector = Selector.open();
        }

        void start(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public final void run() {
            try {
                setUp();
                ready.countDown();
                while (!stop) {
                    selector.select(100);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        handle(key);
                    }
                }
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
                selector.close();
            } catch (IOException | RuntimeException e) {
                failure = e;
                ready.countDown();
            }
        }

        abstract void setUp() throws IOException;

        abstract void handle(SelectionKey key) throws IOException;

        long done() {
            if (failure != null) {
                throw new IllegalStateException("Linux client failed: " + failure, failure);
            }
            return done;
        }

        void stopAndJoin() throws InterruptedException {
            stop = true;
            selector.wakeup();
            thread.join(10_000);
        }
    }

    /** Closed-loop RPC clients: each connection has one request of {@code size} bytes outstanding. */
    static final class EchoClients extends Client {
        private final int connections;
        private final int size;
        private final ByteBuffer request;
        private final ByteBuffer response = ByteBuffer.allocateDirect(65_536);

        EchoClients(InetSocketAddress server, int connections, int size) throws IOException {
            super(server);
            this.connections = connections;
            this.size = size;
            this.request = ByteBuffer.allocateDirect(size);
        }

        @Override
        void setUp() throws IOException {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open(server);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ, new int[1]);
                send(c);
            }
        }

        @Override
        void handle(SelectionKey key) throws IOException {
            SocketChannel c = (SocketChannel) key.channel();
            int[] got = (int[]) key.attachment();
            response.clear();
            int n = c.read(response);
            if (n < 0) {
                throw new IOException("the echo server closed a connection");
            }
            got[0] += n;
            while (got[0] >= size) {
                got[0] -= size;
                done++;
                send(c);
            }
        }

        private void send(SocketChannel c) throws IOException {
            request.clear();
            while (request.hasRemaining()) {
                c.write(request);
            }
        }
    }

    /**
     * Connections opened and closed, {@code inFlight} at a time: a non-blocking connect, a FIN
     * from the client at once, and the count when the server's FIN arrives; then the next one.
     */
    static final class Churn extends Client {
        private final int inFlight;
        private final ByteBuffer scratch = ByteBuffer.allocateDirect(64);

        Churn(InetSocketAddress server, int inFlight) throws IOException {
            super(server);
            this.inFlight = inFlight;
        }

        @Override
        void setUp() throws IOException {
            for (int i = 0; i < inFlight; i++) {
                open();
            }
        }

        private void open() throws IOException {
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            if (c.connect(server)) {
                c.shutdownOutput();
                c.register(selector, SelectionKey.OP_READ);
            } else {
                c.register(selector, SelectionKey.OP_CONNECT);
            }
        }

        @Override
        void handle(SelectionKey key) throws IOException {
            SocketChannel c = (SocketChannel) key.channel();
            if (key.isConnectable()) {
                c.finishConnect();
                c.shutdownOutput();
                key.interestOps(SelectionKey.OP_READ);
            } else if (key.isReadable()) {
                scratch.clear();
                if (c.read(scratch) < 0) {
                    key.cancel();
                    c.close();
                    done++;
                    if (!stop) {
                        open();
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        serverSelector.wakeup();
        try {
            serverThread.join(10_000);
            for (SelectionKey key : serverSelector.keys()) {
                key.channel().close();
            }
            serverSelector.close();
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
