package io.nicplan.flexnic.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostSideTest {

    private static final long MS = 1_000_000L;

    @Test
    void tokenBucketPassesTheBurstThenTheRate() {
        // 8 kbit/s = 1 byte per ms; burst 100 bytes.
        TokenBucket bucket = new TokenBucket(8_000, 100, 0);
        assertThat(bucket.tryConsume(0, 60)).isTrue();
        assertThat(bucket.tryConsume(0, 60)).isFalse();
        assertThat(bucket.nextConformingTime(0, 60)).isEqualTo(20 * MS);
        assertThat(bucket.tryConsume(20 * MS - 1, 60)).isFalse();
        assertThat(bucket.tryConsume(20 * MS, 60)).isTrue();
        // A long idle period refills only up to the burst.
        assertThat(bucket.tryConsume(10_000 * MS, 100)).isTrue();
        assertThat(bucket.tryConsume(10_000 * MS, 1)).isFalse();
    }

    @Test
    void packetsLargerThanTheBurstPassOnAFullBucketAndLeaveADebt() {
        TokenBucket bucket = new TokenBucket(8_000, 100, 0);
        assertThat(bucket.tryConsume(0, 150)).isTrue();
        // 50 bytes of debt plus 100 for a full bucket: 150 ms.
        assertThat(bucket.nextConformingTime(0, 150)).isEqualTo(150 * MS);
    }

    @Test
    void tokenBucketSurvivesExtremeRatesAndTimes() {
        TokenBucket fast = new TokenBucket(400_000_000_000L, 1 << 30, 0);
        assertThat(fast.tryConsume(Long.MAX_VALUE / 2, 1500)).isTrue();
        TokenBucket slow = new TokenBucket(1, 1, 0);
        assertThat(slow.tryConsume(0, 1)).isTrue();
        assertThat(slow.nextConformingTime(0, 1)).isEqualTo(8_000_000_000L);
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).hasMessageContaining("rate >= 1 bit/s");
    }

    @Test
    void ringRefusesWhenFullAndDeliversInOrder() {
        HostRing ring = new HostRing("rx0", 2, 64);
        assertThat(ring.offer(new byte[] {1}, 0, 1, 10, 7, 3)).isTrue();
        assertThat(ring.offer(new byte[] {2, 2}, 0, 2, 11, 8, 4)).isTrue();
        assertThat(ring.offer(new byte[] {3}, 0, 1, 12, 9, 5)).isFalse();
        assertThat(ring.droppedFull()).isEqualTo(1);
        assertThat(ring.poll()).hasValue(new ReceivedFrame(new byte[] {1}, 10, 7, 3));
        assertThat(ring.offer(new byte[] {4}, 0, 1, 13, 0, 0)).isTrue();
        Descriptor d = new Descriptor(1);
        assertThat(ring.poll(d)).isTrue();
        assertThat(d.bytes()).containsExactly(2, 2);
        assertThat(d.tag()).isEqualTo(8);
        assertThat(ring.poll()).hasValueSatisfying(f -> assertThat(f.bytes()).containsExactly(4));
        assertThat(ring.poll()).isEmpty();
        assertThat(ring.produced()).isEqualTo(3);
    }

    @Test
    void ringsOfAnyCapacityWrapAroundInOrder() {
        // Power-of-two rings index slots with a mask, the others with a division: both must wrap alike.
        for (int capacity : new int[] {1, 3, 5, 8, 12}) {
            HostRing ring = new HostRing("rx", capacity, 4);
            int sent = 0;
            int received = 0;
            Descriptor d = new Descriptor(4);
            for (int round = 0; round < 7; round++) {
                while (ring.offer(new byte[] {(byte) sent}, 0, 1, sent, sent, sent)) {
                    sent++;
                }
                assertThat(ring.size()).as("capacity %d", capacity).isEqualTo(capacity);
                // Take out a different share each round so the positions do not line up with the capacity.
                for (int k = 0; k <= round % capacity; k++) {
                    assertThat(ring.peekTag()).isEqualTo(received);
                    assertThat(ring.poll(d)).isTrue();
                    assertThat(d.bytes()).containsExactly((byte) received);
                    assertThat(d.timestampNanos()).isEqualTo(received);
                    received++;
                }
            }
            assertThat(ring.droppedFull()).as("capacity %d", capacity).isEqualTo(7);
            assertThat(ring.produced()).isEqualTo(sent);
        }
    }

    @Test
    void ringHandsFramesFromOneThreadToAnotherInOrder() throws Exception {
        HostRing ring = new HostRing("rx0", 16, 8);
        int frames = 100_000;
        Thread producer = new Thread(() -> {
            byte[] b = new byte[4];
            for (int i = 0; i < frames; ) {
                b[0] = (byte) (i >>> 24);
                b[1] = (byte) (i >>> 16);
                b[2] = (byte) (i >>> 8);
                b[3] = (byte) i;
                if (ring.offer(b, 0, 4, i, i, 0)) {
                    i++;
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        Descriptor d = new Descriptor(8);
        int expected = 0;
        while (expected < frames) {
            if (ring.poll(d)) {
                int value = ((d.buffer()[0] & 0xff) << 24) | ((d.buffer()[1] & 0xff) << 16) | ((d.buffer()[2] & 0xff) << 8)
                        | (d.buffer()[3] & 0xff);
                assertThat(value).isEqualTo(expected);
                assertThat(d.tag()).isEqualTo(expected);
                expected++;
            } else {
                Thread.onSpinWait();
            }
        }
        producer.join();
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void queueManagerServesQueuesRoundRobin() {
        QueueManager qm = new QueueManager(3, 8, 64);
        for (int i = 0; i < 3; i++) {
            qm.post(0, QueueManager.NO_FLOW, new byte[] {0, (byte) i}, 0, 2, 0);
            qm.post(2, QueueManager.NO_FLOW, new byte[] {2, (byte) i}, 0, 2, 0);
        }
        List<String> order = new ArrayList<>();
        Descriptor d = new Descriptor(64);
        int q;
        while ((q = qm.next(0, d)) >= 0) {
            order.add(q + ":" + d.buffer()[1]);
        }
        assertThat(order).containsExactly("0:0", "2:0", "0:1", "2:1", "0:2", "2:2");
        assertThat(qm.nextEligibleTime(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aRateLimitedFlowWaitsWhileOtherQueuesGoOn() {
        QueueManager qm = new QueueManager(2, 8, 1500);
        qm.limitFlow(7, 8_000, 100, 0); // 1 byte per ms
        byte[] frame = new byte[100];
        qm.post(0, 7, frame, 0, 100, 0);
        qm.post(0, 7, frame, 0, 100, 0);
        qm.post(1, QueueManager.NO_FLOW, frame, 0, 60, 0);
        qm.post(1, QueueManager.NO_FLOW, frame, 0, 60, 0);
        Descriptor d = new Descriptor(1500);
        assertThat(qm.next(0, d)).isEqualTo(0);
        assertThat(qm.next(0, d)).isEqualTo(1);
        assertThat(qm.next(0, d)).isEqualTo(1); // queue 0's head is over its flow's rate
        assertThat(qm.next(0, d)).isEqualTo(-1);
        assertThat(qm.nextEligibleTime(0)).isEqualTo(100 * MS);
        assertThat(qm.next(100 * MS, d)).isEqualTo(0);
        assertThat(qm.backlog()).isZero();
    }

    @Test
    void aQueueLimitAppliesToAllItsFrames() {
        QueueManager qm = new QueueManager(1, 8, 1500);
        qm.limitQueue(0, 1_000_000, 1000, 0); // 125 bytes per ms
        byte[] frame = new byte[1000];
        qm.post(0, QueueManager.NO_FLOW, frame, 0, 1000, 0);
        qm.post(0, QueueManager.NO_FLOW, frame, 0, 1000, 0);
        Descriptor d = new Descriptor(1500);
        assertThat(qm.next(0, d)).isZero();
        assertThat(qm.next(0, d)).isEqualTo(-1);
        assertThat(qm.nextEligibleTime(0)).isEqualTo(8 * MS);
        qm.unlimitQueue(0);
        assertThat(qm.next(0, d)).isZero();
        assertThatThrownBy(() -> qm.post(1, 0, frame, 0, 1, 0)).hasMessage("no TX queue 1 (have 1)");
    }
}
