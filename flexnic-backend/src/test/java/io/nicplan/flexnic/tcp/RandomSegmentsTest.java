package io.nicplan.flexnic.tcp;

import io.nicplan.flexnic.packet.Bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.packet.EtherType;
import io.nicplan.flexnic.packet.InternetChecksum;
import io.nicplan.flexnic.packet.IpProtocol;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.pipeline.FastPathEngine;
import io.nicplan.flexnic.program.FlowSpec;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random segments (flags, sequence and acknowledgement numbers, option areas, payload
 * lengths, IPv4 options, ECN bits, corrupted checksums) against established flows that are
 * sending and receiving, mixed with the application's reads, writes and closes: nothing throws
 * out of the fast path, every segment is counted under exactly one reason, every frame the fast
 * path sends parses with correct checksums, and every flow's invariants hold after every step.
 */
class RandomSegmentsTest {

    private static final int FLOWS = 8;
    private static final int SEGMENTS = 100_000;
    private static final int BUFFER = 8192;

    @Test
    void randomSegmentsAgainstEstablishedFlowsKeepTheFlowsConsistent() {
        Random random = new Random(2026);
        TcpFixture f = new TcpFixture(16, FLOWS * 2 * BUFFER);
        int[] slots = new int[FLOWS];
        for (int i = 0; i < FLOWS; i++) {
            FlowSpec spec = f.flow(i, BUFFER, random.nextInt(), random.nextInt())
                    .withPeerWindow(1 + random.nextInt(65_535), random.nextInt(4)).withEcn(random.nextBoolean());
            slots[i] = f.install(i % 3 == 0 ? spec.withRate(1_000 + random.nextInt(10_000_000)) : spec);
            f.fast.txAvailable(slots[i], 1 + random.nextInt(BUFFER), f.now);
        }
        f.fast.transmit(f.now, 1_000);
        byte[] frame = new byte[2048];
        int delivered = 0;
        int refusedByParser = 0;
        int[] closes = {0};
        for (int step = 0; step < SEGMENTS; step++) {
            f.now += random.nextInt(20_000);
            int flow = random.nextInt(FLOWS + 1); // FLOWS: a 4-tuple nobody installed
            FlowView v = f.fast.flows().view(slots[flow % FLOWS]);
            int length = randomSegment(random, frame, flow, v);
            int verdict = f.deliver(java.util.Arrays.copyOf(frame, length));
            if (verdict == Integer.MIN_VALUE) {
                refusedByParser++;
            } else {
                delivered++;
                assertThat(verdict).isIn(FastPathEngine.CONSUMED, FastPathEngine.DROPPED, TcpFixture.SLOW_PATH_QUEUE);
            }
            applicationStep(random, f, slots, closes);
            for (int slot : slots) {
                assertThat(f.fast.flows().invariantViolation(slot)).as("flow %d after step %d", slot, step).isEmpty();
            }
            for (byte[] sent : f.sent) {
                f.parse(sent); // checks the parser accepts it and both checksums
            }
            f.sent.clear();
            assertThat(f.fast.segmentsReceived()).isEqualTo(delivered);
        }
        Map<SegmentReason, Long> counts = f.fast.countsByReason();
        System.out.printf("%,d random segments (%,d refused by the parser before the fast path): %s; go-back-N %d, closes %d%n",
                SEGMENTS, refusedByParser, counts, f.fast.goBackNCount(), closes[0]);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(delivered);
        Set<SegmentReason> expected = EnumSet.allOf(SegmentReason.class);
        expected.remove(SegmentReason.NOT_TCP); // the generator only sends TCP
        assertThat(counts.keySet()).as("the generator reaches every reason").containsAll(expected);
    }

    /** Writes one random TCP/IPv4 frame for {@code flow} into {@code b}; returns its length. */
    private static int randomSegment(Random r, byte[] b, int flow, FlowView v) {
        boolean ipOptions = r.nextInt(50) == 0;
        int ipHeader = ipOptions ? 24 : 20;
        int optionsLength;
        int optionKind = r.nextInt(20);
        if (optionKind < 16) {
            optionsLength = 12; // NOP NOP timestamps
        } else if (optionKind < 17) {
            optionsLength = 0;
        } else {
            optionsLength = 4 * (1 + r.nextInt(10)); // random bytes: other options or a malformed area
        }
        int payload = r.nextInt(5) < 2 ? 0 : r.nextInt(1449);
        int ip = 14;
        int tcp = ip + ipHeader;
        int total = ipHeader + 20 + optionsLength + payload;
        Bytes.setU48(b, 0, TcpFixture.LOCAL_MAC.value());
        Bytes.setU48(b, 6, TcpFixture.REMOTE_MAC.value());
        Bytes.setU16(b, 12, EtherType.IPV4);
        b[ip] = (byte) (0x40 | ipHeader / 4);
        b[ip + 1] = (byte) r.nextInt(4); // ECN, CE now and then
        Bytes.setU16(b, ip + 2, total);
        Bytes.setU32(b, ip + 4, 0x4000); // id 0, don't fragment
        b[ip + 8] = 64;
        b[ip + 9] = (byte) IpProtocol.TCP;
        Bytes.setU16(b, ip + 10, 0);
        Bytes.setU32(b, ip + 12, TcpFixture.REMOTE_IP.bits());
        Bytes.setU32(b, ip + 16, TcpFixture.LOCAL_IP.bits());
        if (ipOptions) {
            Bytes.setU32(b, ip + 20, 0x01010100);
        }
        Bytes.setU16(b, ip + 10, InternetChecksum.of(b, ip, ipHeader));
        Bytes.setU16(b, tcp, TcpFixture.REMOTE_PORT + flow);
        Bytes.setU16(b, tcp + 2, TcpFixture.LOCAL_PORT);
        int seq = r.nextInt(10) < 7 ? v.rxNextSeq() + r.nextInt(BUFFER + 4000) - 3000 : r.nextInt();
        int una = v.txNextSeq() - v.txSent();
        int ack = r.nextInt(10) < 8 ? una + r.nextInt(v.txSent() + 200) - 100 : r.nextInt();
        if (r.nextInt(10) < 3) {
            ack = una; // duplicate ACKs
        }
        Bytes.setU32(b, tcp + 4, seq);
        Bytes.setU32(b, tcp + 8, ack);
        b[tcp + 12] = (byte) (((20 + optionsLength) / 4) << 4);
        int flags;
        if (r.nextInt(10) < 8) {
            flags = TcpFlags.ACK | (r.nextBoolean() ? TcpFlags.PSH : 0) | (r.nextInt(20) == 0 ? TcpFlags.FIN : 0)
                    | (r.nextInt(4) == 0 ? TcpFlags.ECE : 0) | (r.nextInt(8) == 0 ? TcpFlags.CWR : 0);
        } else {
            flags = r.nextInt(256);
        }
        b[tcp + 13] = (byte) flags;
        Bytes.setU16(b, tcp + 14, r.nextInt(10) < 8 ? v.peerWindow() : r.nextInt(65_536));
        Bytes.setU32(b, tcp + 16, 0);
        int o = tcp + 20;
        if (optionsLength == 12 && optionKind < 16) {
            Bytes.setU32(b, o, 0x0101080a);
            Bytes.setU32(b, o + 4, r.nextInt());
            Bytes.setU32(b, o + 8, r.nextInt(3) == 0 ? r.nextInt() : (int) (r.nextInt(1_000_000)));
        } else {
            for (int i = 0; i < optionsLength; i++) {
                b[o + i] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : r.nextInt(10));
            }
        }
        for (int i = 0; i < payload; i++) {
            b[o + optionsLength + i] = (byte) r.nextInt(256);
        }
        int segmentLength = 20 + optionsLength + payload;
        Bytes.setU16(b, tcp + 16, InternetChecksum.finish(InternetChecksum.add(InternetChecksum.pseudoHeader(
                TcpFixture.REMOTE_IP.bits(), TcpFixture.LOCAL_IP.bits(), IpProtocol.TCP, segmentLength), b, tcp,
                segmentLength)));
        if (r.nextInt(100) == 0) {
            b[tcp + r.nextInt(segmentLength)] ^= (byte) (1 + r.nextInt(255));
        }
        return Math.max(60, 14 + total);
    }

    /** Now and then the application reads, writes, closes, or the NIC takes a transmit turn. */
    private static void applicationStep(Random r, TcpFixture f, int[] slots, int[] closes) {
        int slot = slots[r.nextInt(slots.length)];
        FlowView v = f.fast.flows().view(slot);
        switch (r.nextInt(12)) {
            case 0 -> {
                int unread = BUFFER - v.rxAvail();
                if (unread > 0) {
                    f.fast.rxConsumed(slot, 1 + r.nextInt(unread), f.now);
                }
            }
            case 1 -> {
                int free = BUFFER - v.txAvail() - v.txSent() + (v.finSent() ? 1 : 0);
                boolean closing = v.closing();
                if (!closing && r.nextInt(1000) == 0) {
                    f.fast.close(slot, f.now);
                    closes[0]++;
                } else if (free > 0 && !closing) {
                    f.fast.txAvailable(slot, 1 + r.nextInt(free), f.now);
                }
            }
            case 2, 3 -> f.fast.transmit(f.now, 1 + r.nextInt(8));
            default -> { }
        }
    }
}
