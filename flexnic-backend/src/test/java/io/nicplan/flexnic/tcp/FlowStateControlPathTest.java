package io.nicplan.flexnic.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.StatusCode;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.flexnic.runtime.WriteResponse;
import io.nicplan.graph.predicate.HeaderField;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flow state through the emulator's control path: the same atomic batches as table entries. */
class FlowStateControlPathTest {

    private static final TableEntry TCP_TO_FAST_PATH = TableEntry.of("tcp", List.of(FieldMatch.exact(HeaderField.IP_PROTO, 6)),
            ActionSpec.fastPath());

    private static FlowSpec flow(int remotePort) {
        return FlowSpec.of(0x0a000001, 0x0a000002, 80, remotePort, 0x020000000002L, 0, 1024, 1024, 1024, 1, 1);
    }

    private static FlexNicEmulator nicWithSlots(int slots) {
        FlexNicEmulator nic = new FlexNicEmulator(FlexNicProgram.builder().rxQueues(1)
                .table("tcp", 0, 4, ActionSpec.queue(0), KeyField.exact(HeaderField.IP_PROTO)).build(),
                EmulatorConfig.DEFAULT, new SimulatedClock(0));
        nic.attachFastPath(new FlexTcpFastPath(new FastPathConfig(slots, 0x020000000001L, FastPathConfig.DEFAULT_MSS, 0),
                new byte[2048], (f, o, l) -> { }, ApplicationEvents.NONE));
        return nic;
    }

    @Test
    void flowStateIsInstalledAndDeletedInAtomicBatchesAndItsSlotsRunOut() {
        FlexNicEmulator nic = nicWithSlots(2);
        assertThat(nic.runtime().write(WriteRequest.atomic(List.of(Update.insert(TCP_TO_FAST_PATH), Update.insert(flow(1)),
                Update.insert(flow(2))))).allOk()).isTrue();
        assertThat(nic.runtime().flowStateUsage().orElseThrow()).containsExactly(2, 2);

        // A third flow finds no slot; the batch's other update is rolled back with it.
        WriteResponse full = nic.runtime().write(WriteRequest.atomic(List.of(Update.delete(TCP_TO_FAST_PATH),
                Update.insert(flow(3)))));
        assertThat(full.status(1).code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
        assertThat(full.status(0).code()).isEqualTo(StatusCode.ABORTED);
        assertThat(nic.runtime().size("tcp")).isEqualTo(1);

        // A delete earlier in the same batch frees the slot the insert takes.
        assertThat(nic.runtime().write(WriteRequest.atomic(List.of(Update.delete(flow(1)), Update.insert(flow(3)))))
                .allOk()).isTrue();
        assertThat(nic.runtime().write(WriteRequest.atomic(List.of(Update.insert(flow(3))))).status(0).code())
                .isEqualTo(StatusCode.ALREADY_EXISTS);
        assertThat(nic.runtime().write(WriteRequest.atomic(List.of(Update.delete(flow(1))))).status(0).code())
                .isEqualTo(StatusCode.NOT_FOUND);
        // Verify-only changes nothing.
        assertThat(nic.runtime().write(WriteRequest.atomic(List.of(Update.delete(flow(2)))).verifyOnly()).allOk()).isTrue();
        assertThat(nic.runtime().flowStateUsage().orElseThrow()).containsExactly(2, 2);
    }

    @Test
    void withoutAFastPathFlowStateIsRejected() {
        FlexNicEmulator nic = new FlexNicEmulator(FlexNicProgram.builder().rxQueues(1)
                .table("tcp", 0, 4, ActionSpec.queue(0), KeyField.exact(HeaderField.IP_PROTO)).build(),
                EmulatorConfig.DEFAULT, new SimulatedClock(0));
        assertThat(nic.runtime().write(WriteRequest.atomic(List.of(Update.insert(flow(1))))).status(0).code())
                .isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(nic.runtime().flowStateUsage()).isEmpty();
    }
}
