package io.nicplan.flexnic.tcp;

import io.nicplan.flexnic.clock.SimulatedClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two emulated FlexNICs wired back to back, each running the fast path behind a table whose
 * fate for TCP is {@code fastpath}: the pipeline hands segments over, the ACKs and data
 * segments leave through the NIC's transmit side, and a stream crosses in both directions
 * byte-exact, then both sides close. The flows are installed directly (the handshake belongs to
 * the slow path, not built yet). The wire keeps order and loses nothing: without the slow
 * path's retransmission timeout a lost last segment would never be resent.
 */
class TwoEmulatedNicsTest {

    private static final int BUFFER = 65_536;
    private static final int SLOW_PATH_QUEUE = 1;

    /** One host: its NIC, its fast path, and the application's view of one connection. */
    private static final class Host {
        final FlexNicEmulator nic;
        final FlexTcpFastPath fast;
        final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
        int slot;
        int unreadReceived;
        int acknowledged;
        boolean finReceived;
        boolean finAcknowledged;

        Host(SimulatedClock clock, MacAddress mac) {
            nic = new FlexNicEmulator(FlexNicProgram.builder().rxQueues(2)
                    .table("tcp", 0, 4, ActionSpec.queue(0), KeyField.exact(HeaderField.IP_PROTO)).build(),
                    EmulatorConfig.DEFAULT, clock);
            assertThat(nic.runtime().write(WriteRequest.atomic(List.of(Update.insert(TableEntry.of("tcp",
                    List.of(FieldMatch.exact(HeaderField.IP_PROTO, 6)), ActionSpec.fastPath()))))).allOk()).isTrue();
            fast = new FlexTcpFastPath(new FastPathConfig(1024, mac.value(), FastPathConfig.DEFAULT_MSS, SLOW_PATH_QUEUE),
                    new byte[2 * BUFFER], nic::transmitFromNic, (context, opaque, s, received, acked, events) -> {
                        unreadReceived += received;
                        acknowledged += acked;
                        finReceived |= (events & ApplicationEvents.FIN_RECEIVED) != 0;
                        finAcknowledged |= (events & ApplicationEvents.FIN_ACKNOWLEDGED) != 0;
                    });
            nic.attachFastPath(fast);
        }
    }

    @Test
    void aStreamCrossesBetweenTwoFastPathsInBothDirectionsByteExact() {
        SimulatedClock clock = new SimulatedClock(1_000_000);
        Ipv4Address ipA = Ipv4Address.parse("10.1.0.1");
        Ipv4Address ipB = Ipv4Address.parse("10.1.0.2");
        MacAddress macA = MacAddress.parse("02:00:00:00:0a:01");
        MacAddress macB = MacAddress.parse("02:00:00:00:0b:01");
        Host a = new Host(clock, macA);
        Host b = new Host(clock, macB);
        a.nic.connectWire((frame, offset, length, time) -> b.inbound.add(Arrays.copyOfRange(frame, offset, offset + length)));
        b.nic.connectWire((frame, offset, length, time) -> a.inbound.add(Arrays.copyOfRange(frame, offset, offset + length)));
        int isnA = 0xfff0_0000;
        int isnB = 12_345;
        // 64 KiB windows need a shift of 1 in the 16-bit window field (RFC 7323); both sides use it.
        a.slot = a.fast.install(FlowSpec.of(ipA.bits(), ipB.bits(), 40_000, 80, macB.value(), 0, BUFFER, BUFFER, BUFFER,
                isnB, isnA).withPeerWindow(BUFFER, 1).withLocalWindowShift(1)).orElseThrow();
        b.slot = b.fast.install(FlowSpec.of(ipB.bits(), ipA.bits(), 80, 40_000, macA.value(), 0, BUFFER, BUFFER, BUFFER,
                isnA, isnB).withPeerWindow(BUFFER, 1).withLocalWindowShift(1)).orElseThrow();

        byte[] toB = new byte[1_000_000];
        byte[] toA = new byte[300_000];
        new Random(5).nextBytes(toB);
        new Random(6).nextBytes(toA);
        Writer writerA = new Writer(a, toB);
        Writer writerB = new Writer(b, toA);
        ByteArrayOutputStream atB = new ByteArrayOutputStream();
        ByteArrayOutputStream atA = new ByteArrayOutputStream();
        int[] readPos = new int[2];
        for (int round = 0; !(a.finReceived && b.finReceived && a.finAcknowledged && b.finAcknowledged); round++) {
            assertThat(round).as("the transfer finishes").isLessThan(100_000);
            clock.advanceBy(1_000);
            writerA.write(clock.nanos());
            writerB.write(clock.nanos());
            a.fast.transmit(clock.nanos(), 8);
            b.fast.transmit(clock.nanos(), 8);
            while (!a.inbound.isEmpty() || !b.inbound.isEmpty()) {
                if (!b.inbound.isEmpty()) {
                    b.nic.receive(b.inbound.poll());
                }
                if (!a.inbound.isEmpty()) {
                    a.nic.receive(a.inbound.poll());
                }
            }
            readPos[1] = read(b, atB, readPos[1], clock.nanos());
            readPos[0] = read(a, atA, readPos[0], clock.nanos());
        }
        assertThat(atB.toByteArray()).isEqualTo(toB);
        assertThat(atA.toByteArray()).isEqualTo(toA);
        for (Host h : List.of(a, b)) {
            NicCounters c = h.nic.counters();
            assertThat(c.toFastPath()).as("every frame reached the fast path").isEqualTo(c.rxFrames());
            assertThat(h.fast.countsByReason().keySet()).containsOnly(SegmentReason.IN_ORDER, SegmentReason.ACK_ONLY);
            assertThat(h.fast.flows().invariantViolation(h.slot)).isEmpty();
        }
        System.out.printf("1 MB + 300 kB across two emulated NICs: A %s, B %s%n", a.fast.countsByReason(),
                b.fast.countsByReason());

        // A SYN is not the fast path's: it reaches the slow path's RX queue through the emulator.
        a.nic.receive(FrameBuilder.ethernet().src(macB).dst(macA).ipv4(ipB, ipA).tcp(80, 40_001).flags(TcpFlags.SYN)
                .timestamps(1, 0).build());
        assertThat(a.nic.rxQueue(SLOW_PATH_QUEUE).size()).isEqualTo(1);
        assertThat(a.fast.count(SegmentReason.SYN)).isEqualTo(1);
    }

    /** The application reads what arrived in order and frees the buffer. */
    private static int read(Host h, ByteArrayOutputStream out, int pos, long now) {
        int n = h.unreadReceived;
        for (int i = 0; i < n; i++) {
            out.write(h.fast.hostMemory()[pos]);
            pos = (pos + 1) % BUFFER;
        }
        if (n > 0) {
            h.unreadReceived = 0;
            h.fast.rxConsumed(h.slot, n, now);
        }
        return pos;
    }

    /** The application writes its stream into the transmit buffer as acknowledgements free it, then closes. */
    private static final class Writer {
        final Host host;
        final byte[] data;
        int written;
        int writePos;
        boolean closed;

        Writer(Host host, byte[] data) {
            this.host = host;
            this.data = data;
        }

        void write(long now) {
            int free = BUFFER - (written - host.acknowledged);
            int n = Math.min(free, data.length - written);
            for (int i = 0; i < n; i++) {
                host.fast.hostMemory()[BUFFER + writePos] = data[written + i];
                writePos = (writePos + 1) % BUFFER;
            }
            if (n > 0) {
                written += n;
                host.fast.txAvailable(host.slot, n, now);
            }
            if (written == data.length && !closed) {
                closed = true;
                host.fast.close(host.slot, now);
            }
        }
    }
}
