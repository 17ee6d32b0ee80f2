package io.nicplan.flexnic.tcp.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.link.LinkSettings;
import io.nicplan.flexnic.link.SimulatedLink;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * DCTCP (the slow path's default congestion control) on one 10 Gbit/s bottleneck with ECN
 * marking: two backlogged flows from one host share the link's queue for one simulated second.
 * They reach Jain's fairness index >= 0.95 over the second, and the queue stays near the marking
 * threshold K (99 % of the samples at most 2 K, the mean at most K) instead of filling its 1 MB:
 * the senders are paced at their rates, so between marks the queue is mostly short. Jumbo frames (MSS 8,948 on a 9,000-byte MTU) keep the
 * run to about 140,000 segments; {@code -Dflextcp.dctcpMss=1448} runs it with standard frames.
 */
class DctcpFairnessTest {

    private static final long TEN_GBIT = 10_000_000_000L;
    private static final int MSS = Integer.getInteger("flextcp.dctcpMss", 8948);
    private static final int MARKING_THRESHOLD = 64 * 1024;
    private static final long SECOND = 1_000_000_000L;
    private static final long SAMPLE_EVERY = 10_000;

    @Test
    void twoFlowsShareTheBottleneckFairlyAndTheQueueStaysNearTheMarkingThreshold() {
        LinkSettings link = LinkSettings.ideal(TEN_GBIT, 5_000).withQueue(1 << 20, MARKING_THRESHOLD);
        TwoHosts net = new TwoHosts(link, c -> c.withMss(MSS).withSlots(16, 4).withBufferBytes(1 << 20));
        TcpListener listener = net.a.newContext().listen(5001);
        TcpContext senders = net.b.newContext();
        TcpConnection[] flows = {senders.connect(TwoHosts.IP_A, 5001), senders.connect(TwoHosts.IP_A, 5001)};
        TcpConnection[] receivers = new TcpConnection[2];
        for (int i = 0; i < 2; i++) {
            assertThat(flows[i].awaitOpen()).isTrue();
            receivers[i] = listener.awaitAccept();
        }
        byte[] data = new byte[1 << 20];
        Runnable fill = () -> {
            for (TcpConnection f : flows) {
                while (f.writable() > 0) {
                    f.write(ByteBuffer.wrap(data, 0, f.writable()));
                }
            }
        };
        senders.onEvent(e -> fill.run());
        ByteBuffer sink = ByteBuffer.allocate(1 << 20);
        net.a.newContext(); // the receivers' events stay queued; they are read by polling below
        fill.run();

        SimulatedLink bottleneck = net.bToA;
        long start = net.loop.clock().nanos();
        long[] received = new long[2];
        long[] queueSamples = new long[(int) (SECOND / SAMPLE_EVERY)];
        int samples = 0;
        for (long t = start + SAMPLE_EVERY; t <= start + SECOND; t += SAMPLE_EVERY) {
            try {
                net.loop.runUntil(t);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            for (int i = 0; i < 2; i++) {
                int n;
                while ((n = receivers[i].read(sink.clear())) > 0) {
                    received[i] += n;
                }
            }
            queueSamples[samples++] = bottleneck.queuedBytes();
        }
        double sum = received[0] + received[1];
        double jain = sum * sum / (2.0 * (received[0] * (double) received[0] + received[1] * (double) received[1]));
        long[] sorted = Arrays.copyOf(queueSamples, samples);
        Arrays.sort(sorted);
        double meanQueue = Arrays.stream(sorted).average().orElse(0);
        long medianQueue = sorted[samples / 2];
        long p99Queue = sorted[(int) (samples * 0.99)];
        System.out.printf("DCTCP, 2 flows, 10 Gbit/s, K = %d B, MSS %d, 1 s simulated: flow 1 %.3f Gbit/s, flow 2 %.3f Gbit/s,"
                + " total %.3f Gbit/s, Jain %.4f; queue mean %.0f B, median %d B, p99 %d B, max %d B (of %d);"
                + " link %s; slow path %s%n", MARKING_THRESHOLD, MSS, received[0] * 8 / 1e9, received[1] * 8 / 1e9,
                sum * 8 / 1e9, jain, meanQueue, medianQueue, p99Queue, bottleneck.maxQueuedBytes(), 1 << 20, bottleneck,
                net.b.slowPathCounters());

        assertThat(jain).as("Jain's fairness index").isGreaterThanOrEqualTo(0.95);
        assertThat(sum * 8 / 1e9).as("the flows fill most of the link").isGreaterThan(8.0);
        assertThat(bottleneck.framesMarked()).as("DCTCP reacts to marks").isPositive();
        assertThat(bottleneck.queueDrops()).as("the queue never overflows").isZero();
        // Paced senders keep the queue short most of the time; marks hold it around K, far below its capacity.
        assertThat(p99Queue).as("the queue stays near K").isLessThanOrEqualTo(2L * MARKING_THRESHOLD);
        assertThat(meanQueue).isLessThanOrEqualTo(MARKING_THRESHOLD);
        assertThat(bottleneck.maxQueuedBytes()).isLessThan(1 << 20);
    }
}
