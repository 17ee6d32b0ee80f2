package io.nicplan.flexnic.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.RssContextSpec;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.RssHashType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** All-or-nothing batches and verify-only writes leave every table and counter as they were. */
class AtomicInstallTest {

    private FlexNicEmulator nic;
    private FlexNicRuntime runtime;

    @BeforeEach
    void setUp() {
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(4)
                .rss(RssContextSpec.roundRobin("all", RssHashType.IPV4_L4, 8, 4))
                .table("flows", 0, 4, ActionSpec.queue(0), KeyField.exact(HeaderField.IP_DST), KeyField.exact(HeaderField.L4_DPORT))
                .table("acl", 1, 4, ActionSpec.NO_ACTION, KeyField.ternary(HeaderField.IP_SRC))
                .build();
        nic = new FlexNicEmulator(program, EmulatorConfig.DEFAULT, new SimulatedClock(0));
        runtime = nic.runtime();
        WriteResponse setup = runtime.write(WriteRequest.atomic(List.of(
                Update.insert(flow("10.0.0.1", 80, 1)),
                Update.insert(acl("10.1.0.0", 0xffff0000L, 5, ActionSpec.queue(2))))));
        assertThat(setup.allOk()).as(setup.failures()).isTrue();
        // Traffic so that counters are not all zero.
        nic.receive(FrameBuilder.ethernet().ipv4("10.1.0.9", "10.0.0.1").tcp(1, 80).build());
        nic.receive(FrameBuilder.ethernet().ipv4("10.2.0.9", "10.0.0.2").tcp(1, 80).build());
    }

    @Test
    void batchWithOneBadUpdateUnderRollbackChangesNothing() {
        State before = State.of(runtime);
        long versionBefore = runtime.snapshot().version();

        WriteResponse response = runtime.write(WriteRequest.atomic(List.of(
                Update.insert(flow("10.0.0.2", 80, 2)),
                Update.modify(flow("10.0.0.1", 80, 3)),
                Update.delete(acl("10.1.0.0", 0xffff0000L, 5, ActionSpec.NO_ACTION)),
                Update.setDefault("flows", ActionSpec.drop()),
                Update.setIndirection("all", List.of(3, 3, 3, 3, 3, 3, 3, 3)),
                Update.insert(flow("10.0.0.1", 80, 1)), // duplicate: ALREADY_EXISTS
                Update.insert(flow("10.0.0.3", 80, 2)))));

        assertThat(response.committed()).isFalse();
        assertThat(response.statuses()).extracting(UpdateStatus::code).containsExactly(
                StatusCode.ABORTED, StatusCode.ABORTED, StatusCode.ABORTED, StatusCode.ABORTED, StatusCode.ABORTED,
                StatusCode.ALREADY_EXISTS, StatusCode.ABORTED);
        assertThat(response.status(0).message()).contains("update #5");
        assertThat(State.of(runtime)).isEqualTo(before);
        assertThat(runtime.snapshot().version()).isEqualTo(versionBefore);
        // The packet path still runs the old program.
        assertThat(nic.receive(FrameBuilder.ethernet().ipv4("10.9.0.9", "10.0.0.1").tcp(1, 80).build()).queue()).isEqualTo(1);
    }

    @Test
    void verifyOnlyReportsWhatACommitWouldAndChangesNothing() {
        State before = State.of(runtime);
        List<Update> updates = List.of(
                Update.insert(flow("10.0.0.2", 80, 2)),
                Update.insert(flow("10.0.0.3", 80, 2)),
                Update.insert(flow("10.0.0.4", 80, 2)),
                Update.insert(flow("10.0.0.5", 80, 2)), // table of 4 is full by now
                Update.delete(flow("10.0.0.9", 80, 0)),
                Update.insert(new TableEntry("acl", List.of(FieldMatch.ternary(HeaderField.IP_SRC, 1, 0)), 1, ActionSpec.NO_ACTION)));

        WriteResponse verified = runtime.write(WriteRequest.bestEffort(updates).verifyOnly());

        assertThat(verified.committed()).isFalse();
        assertThat(verified.statuses()).extracting(UpdateStatus::code).containsExactly(StatusCode.OK, StatusCode.OK,
                StatusCode.OK, StatusCode.RESOURCE_EXHAUSTED, StatusCode.NOT_FOUND, StatusCode.INVALID_ARGUMENT);
        assertThat(State.of(runtime)).isEqualTo(before);

        WriteResponse committed = runtime.write(WriteRequest.bestEffort(updates));
        assertThat(committed.statuses()).isEqualTo(verified.statuses());
        assertThat(committed.committed()).isTrue();
        assertThat(runtime.size("flows")).isEqualTo(4);
    }

    @Test
    void continueOnErrorAppliesTheGoodUpdatesInOneSnapshot() {
        long versionBefore = runtime.snapshot().version();
        WriteResponse response = runtime.write(WriteRequest.bestEffort(List.of(
                Update.insert(flow("10.0.0.2", 80, 2)),
                Update.insert(flow("10.0.0.1", 80, 1)),
                Update.setDefault("flows", ActionSpec.queue(3)))));

        assertThat(response.statuses()).extracting(UpdateStatus::code)
                .containsExactly(StatusCode.OK, StatusCode.ALREADY_EXISTS, StatusCode.OK);
        assertThat(runtime.snapshot().version()).isEqualTo(versionBefore + 1);
        assertThat(nic.receive(FrameBuilder.ethernet().ipv4("10.9.0.9", "10.0.0.2").tcp(1, 80).build()).queue()).isEqualTo(2);
        assertThat(nic.receive(FrameBuilder.ethernet().ipv4("10.9.0.9", "10.0.0.7").tcp(1, 80).build()).queue()).isEqualTo(3);
    }

    @Test
    void defaultActionsAndIndirectionTablesCanOnlyBeModified() {
        WriteResponse response = runtime.write(WriteRequest.bestEffort(List.of(
                new Update(UpdateType.INSERT, new io.nicplan.flexnic.program.DefaultAction("flows", ActionSpec.drop())),
                new Update(UpdateType.DELETE, new io.nicplan.flexnic.program.RssIndirection("all", List.of())))));

        assertThat(response.statuses()).extracting(UpdateStatus::code)
                .containsExactly(StatusCode.INVALID_ARGUMENT, StatusCode.INVALID_ARGUMENT);
        assertThat(response.committed()).isFalse();
    }

    private static TableEntry flow(String dst, int port, int queue) {
        return TableEntry.of("flows", List.of(FieldMatch.exact(HeaderField.IP_DST, io.nicplan.net.Ipv4Address.parse(dst).value()),
                FieldMatch.exact(HeaderField.L4_DPORT, port)), ActionSpec.queue(queue));
    }

    private static TableEntry acl(String src, long mask, int priority, ActionSpec action) {
        return new TableEntry("acl", List.of(FieldMatch.ternary(HeaderField.IP_SRC,
                io.nicplan.net.Ipv4Address.parse(src).value(), mask)), priority, action);
    }

    /** Everything a write could change: entries with counters, defaults with counters, RSS tables. */
    private record State(List<EntryReading> flows, List<EntryReading> acl, String flowsDefault, String aclDefault,
            Object flowsDefaultCounter, Object aclDefaultCounter, List<Integer> indirection) {
        static State of(FlexNicRuntime r) {
            return new State(new ArrayList<>(r.readEntries("flows")), new ArrayList<>(r.readEntries("acl")),
                    r.readDefaultAction("flows").toString(), r.readDefaultAction("acl").toString(),
                    r.readDefaultCounter("flows"), r.readDefaultCounter("acl"), r.readIndirection("all"));
        }
    }
}
