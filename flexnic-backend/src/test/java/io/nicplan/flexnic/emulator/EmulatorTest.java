package io.nicplan.flexnic.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.flexnic.capture.Direction;
import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.host.HostRing;
import io.nicplan.flexnic.host.QueueManager;
import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.pipeline.DropReason;
import io.nicplan.flexnic.pipeline.FastPathEngine;
import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.EntrySyntax;
import io.nicplan.flexnic.program.Fate;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmulatorTest {

    private final SimulatedClock clock = new SimulatedClock(0);

    private FlexNicEmulator nic(ActionSpec tcpAction) {
        FlexNicEmulator nic = new FlexNicEmulator(FlexNicProgram.builder().rxQueues(2)
                .table("t", 0, 4, ActionSpec.NO_ACTION, KeyField.exact(HeaderField.IP_PROTO)).build(),
                EmulatorConfig.DEFAULT, clock);
        assertThat(nic.runtime().write(WriteRequest.atomic(List.of(Update.insert(
                TableEntry.of("t", List.of(FieldMatch.exact(HeaderField.IP_PROTO, 6)), tcpAction))))).allOk()).isTrue();
        return nic;
    }

    @Test
    void theFastPathEngineSeesTheParsedSegmentAndCanAnswerOnTheWire() {
        FlexNicEmulator nic = nic(ActionSpec.fastPath());
        List<String> wire = new ArrayList<>();
        nic.connectWire((frame, offset, length, time) -> wire.add(length + "@" + time));
        List<String> tapped = new ArrayList<>();
        nic.addTap((direction, time, frame, offset, length) -> tapped.add(direction + ":" + length));
        nic.attachFastPath((frame, offset, length, m, now) -> {
            // An engine reads the segment through the metadata and sends an ACK from the NIC.
            assertThat(Bytes.u16(frame, m.l4Offset() + 2)).isEqualTo(80);
            assertThat(m.payloadLength()).isEqualTo(5);
            byte[] ack = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").tcp(80, 1234).build();
            nic.transmitFromNic(ack, 0, ack.length);
            return FastPathEngine.CONSUMED;
        });
        clock.advanceBy(777);
        var outcome = nic.receive(FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(1234, 80).payloadLength(5).build());

        assertThat(outcome.fate()).isEqualTo(Fate.FAST_PATH);
        assertThat(wire).containsExactly("60@777");
        assertThat(tapped).containsExactly(Direction.RX + ":60", Direction.TX + ":60");
        NicCounters c = nic.counters();
        assertThat(c.toFastPath()).isEqualTo(1);
        assertThat(c.txFrames()).isEqualTo(1);
        assertThat(c.rxFrames()).isEqualTo(c.delivered() + c.totalDrops());
    }

    @Test
    void anEngineReturningANonexistentQueueIsAProgrammingError() {
        FlexNicEmulator nic = nic(ActionSpec.fastPath());
        nic.attachFastPath((frame, offset, length, m, now) -> 9);
        byte[] frame = FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(1, 2).build();
        assertThatThrownBy(() -> nic.receive(frame)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned 9");
    }

    @Test
    void anEngineMayDropASegment() {
        FlexNicEmulator nic = nic(ActionSpec.fastPath());
        nic.attachFastPath((frame, offset, length, m, now) -> FastPathEngine.DROPPED);
        assertThat(nic.receive(FrameBuilder.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(1, 2).build()).dropReason())
                .isEqualTo(DropReason.FAST_PATH_DROP);
    }

    @Test
    void transmitFollowsTheRateLimitsInSimulatedTime() throws InterruptedException {
        FlexNicEmulator nic = nic(ActionSpec.queue(1));
        EventLoop loop = new EventLoop(clock);
        List<Long> departures = new ArrayList<>();
        nic.connectWire((frame, offset, length, time) -> departures.add(time));
        // 100 Mbit/s with a one-frame burst: a 1250-byte frame every 100 us.
        nic.txQueues().limitQueue(0, 100_000_000, 1250, clock.nanos());
        byte[] frame = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).payloadLength(1250 - 42).build();
        for (int i = 0; i < 4; i++) {
            assertThat(nic.post(0, QueueManager.NO_FLOW, frame)).isTrue();
        }
        nic.pumpTransmit(loop);
        loop.runAll(100);
        assertThat(departures).containsExactly(0L, 100_000L, 200_000L, 300_000L);
        assertThat(nic.counters().txBytes()).isEqualTo(4 * 1250);
        assertThat(nic.nextTransmitTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void dmaRecordsCarryTheFieldsInTheirByteWidths() {
        FlexNicEmulator nic = new FlexNicEmulator(FlexNicProgram.builder().rxQueues(1).dmaRing("app", 4, 32)
                .table("t", 0, 4, EntrySyntax.parseAction("dma(app: eth.src, vlan.id, ip.proto, tcp.flags, meta.mark)"),
                        KeyField.exact(HeaderField.IP_PROTO)).build(), EmulatorConfig.DEFAULT, clock);
        // Six frames through a 4-slot ring, taken out as they come: the records wrap around its slots.
        for (int i = 0; i < 6; i++) {
            nic.receive(FrameBuilder.ethernet().vlan(0x120 + i).ipv4("10.0.0.2", "10.0.0.1").tcp(1, 2).flags(0x10 + i).build());
            byte[] record = nic.dmaRing("app").poll().orElseThrow().bytes();
            // 6 + 2 + 1 + 1 + 4 bytes.
            assertThat(record).containsExactly(0x02, 0, 0, 0, 0, 0x01, 0x01, 0x20 + i, 0x06, 0x10 + i, 0, 0, 0, 0);
        }
        assertThat(nic.counters().toDma()).isEqualTo(6);
    }

    @Test
    void ringsAreBoundedInHostMemory() {
        // 32,768 descriptors of 64 KiB frames would be 2 GiB per ring.
        assertThatThrownBy(() -> EmulatorConfig.DEFAULT.withParser(new ParserConfig(65535, true)).withRxRingSize(1 << 15))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ring of 32768 descriptors of 65535 bytes exceeds 1024 MiB");
        assertThat(EmulatorConfig.DEFAULT.withRxRingSize(1 << 15).rxRingSize()).isEqualTo(1 << 15);
        assertThatThrownBy(() -> new HostRing("big", 1 << 20, 1 << 11))
                .hasMessage("ring big: 1048576 slots x 2048 bytes exceed 1024 MiB");
    }

    @Test
    void unknownRingsAndQueuesAreReportedByName() {
        FlexNicEmulator nic = nic(ActionSpec.queue(1));
        assertThatThrownBy(() -> nic.rxQueue(5)).hasMessage("no RX queue 5 (have 2)");
        assertThatThrownBy(() -> nic.dmaRing("x")).hasMessage("no dma ring 'x' in the program");
    }
}
