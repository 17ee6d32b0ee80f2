package io.nicplan.flexnic.tcp.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.link.LinkSettings;
import io.nicplan.flexnic.link.SimulatedLink;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two FlexTCP hosts through a simulated 10 Gbit/s link: a bulk transfer arrives byte-exact
 * (SHA-256 of what was sent against what was read) on a clean link and with loss, reordering,
 * duplication and corruption. Everything runs on the simulated clock, so the runs are
 * deterministic. The size is the 100 MB (104,857,600 bytes; the six runs take 2 s of wall
 * time on a quiet 2-core machine); {@code -Dflextcp.bulkBytes} sets another, e.g. 8388608 while working
 * on the fast path.
 */
class BulkTransferTest {

    static final long BYTES = Long.getLong("flextcp.bulkBytes", 100L << 20);
    private static final long TEN_GBIT = 10_000_000_000L;
    /** The sender's data: a pseudo-random block whose length is prime, so no power-of-two offset error hides. */
    private static final byte[] BLOCK = new byte[1_000_003];

    static {
        new Random(42).nextBytes(BLOCK);
    }

    static Stream<Arguments> links() {
        LinkSettings clean = LinkSettings.ideal(TEN_GBIT, 5_000);
        return Stream.of(
                Arguments.of("clean", clean),
                Arguments.of("1% loss", clean.withLoss(0.01).withSeed(101)),
                Arguments.of("5% loss", clean.withLoss(0.05).withSeed(105)),
                Arguments.of("2% reordered by 20 us", clean.withReordering(0.02, 20_000).withSeed(201)),
                Arguments.of("2% duplicated", clean.withDuplication(0.02).withSeed(301)),
                Arguments.of("1% corrupted", clean.withCorruption(0.01).withSeed(401)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("links")
    void aBulkTransferArrivesByteExact(String name, LinkSettings link) throws Exception {
        long wallStart = System.nanoTime();
        TwoHosts net = new TwoHosts(link, c -> c.withSlots(16, 4).withBufferBytes(256 * 1024));
        TcpListener listener = net.a.newContext().listen(5001);
        TcpContext senderContext = net.b.newContext();
        TcpConnection sender = senderContext.connect(TwoHosts.IP_A, 5001);
        assertThat(sender.awaitOpen()).isTrue();
        TcpConnection receiver = listener.awaitAccept();

        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long[] written = {0};
        Runnable write = () -> {
            while (written[0] < BYTES && sender.writable() > 0) {
                int at = (int) (written[0] % BLOCK.length);
                int n = (int) Math.min(Math.min(BLOCK.length - at, BYTES - written[0]), sender.writable());
                int taken = sender.write(ByteBuffer.wrap(BLOCK, at, n));
                sent.update(BLOCK, at, taken);
                written[0] += taken;
            }
            if (written[0] == BYTES) {
                sender.shutdownOutput();
            }
        };
        senderContext.onEvent(e -> {
            if (e.type() == TcpEvent.Type.SEND_SPACE) {
                write.run();
            }
        });
        write.run();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long simulatedStart = net.nanos();
        net.a.await(() -> {
            int n;
            while ((n = receiver.read(chunk.clear())) > 0) {
                received.update(chunk.array(), 0, n);
            }
            return n < 0;
        }, "the whole transfer");
        long simulatedNanos = net.nanos() - simulatedStart;
        receiver.close();
        sender.awaitClosed();

        assertThat(receiver.bytesRead()).isEqualTo(BYTES);
        assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        SimulatedLink wire = net.bToA;
        if (link.corrupt() > 0) {
            assertThat(wire.fcsErrors() + net.aToB.fcsErrors()).as("corrupted frames dropped at the MAC").isPositive();
        }
        assertThat(net.a.fastPath().count(io.nicplan.flexnic.tcp.SegmentReason.BAD_CHECKSUM)).isZero();
        System.out.printf("%s, %d MB: %.1f ms simulated (%.2f Gbit/s), %.2f s wall; data link %s; RTOs %d, go-back-N %d;"
                + " receiver %s%n", name, BYTES >> 20, simulatedNanos / 1e6, BYTES * 8.0 / simulatedNanos,
                (System.nanoTime() - wallStart) / 1e9, wire, sender.retransmissionTimeouts(),
                net.b.fastPath().goBackNCount(), net.a.fastPath().countsByReason());
    }
}
