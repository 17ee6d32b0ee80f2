package io.nicplan.flexnic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.graph.predicate.HeaderField;
import java.util.List;
import org.junit.jupiter.api.Test;

/** P4Runtime's entry checks, one status per update, with messages saying what is wrong. */
class EntryValidationTest {

    private final FlexNicRuntime runtime = new FlexNicRuntime(FlexNicProgram.builder().rxQueues(2)
            .table("acl", 0, 8, ActionSpec.NO_ACTION, KeyField.ternary(HeaderField.IP_SRC), KeyField.exact(HeaderField.IP_PROTO))
            .table("routes", 1, 8, ActionSpec.NO_ACTION, KeyField.exact(HeaderField.VLAN_ID), KeyField.lpm(HeaderField.IP_DST))
            .build());

    @Test
    void valuesMustFitTheirField() {
        assertThat(status(new TableEntry("acl", List.of(FieldMatch.exact(HeaderField.IP_PROTO, 256)), 1, ActionSpec.NO_ACTION)))
                .isEqualTo(UpdateStatus.of(StatusCode.INVALID_ARGUMENT, "table acl: value 0x100 does not fit ip.proto (8 bits)"));
        assertThat(status(new TableEntry("acl", List.of(FieldMatch.exact(HeaderField.IP_PROTO, 6),
                FieldMatch.ternary(HeaderField.IP_SRC, 0, 1L << 32)), 1, ActionSpec.NO_ACTION)).message())
                .isEqualTo("table acl: mask 0x100000000 is wider than ip.src (32 bits)");
        assertThat(status(TableEntry.of("routes", List.of(FieldMatch.exact(HeaderField.VLAN_ID, 4096)), ActionSpec.NO_ACTION)).message())
                .contains("does not fit vlan.id (12 bits)");
    }

    @Test
    void mixedKeysNormaliseEachFieldByItsKind() {
        WriteResponse r = runtime.write(WriteRequest.bestEffort(List.of(
                Update.insert(TableEntry.of("routes", List.of(FieldMatch.exact(HeaderField.VLAN_ID, 5),
                        FieldMatch.lpm(HeaderField.IP_DST, 0x0a000000L, 8)), ActionSpec.queue(1))),
                Update.insert(TableEntry.of("routes", List.of(FieldMatch.exact(HeaderField.VLAN_ID, 6),
                        FieldMatch.lpm(HeaderField.IP_DST, 0x0a000000L, 8)), ActionSpec.queue(1))),
                Update.insert(TableEntry.of("routes", List.of(FieldMatch.exact(HeaderField.VLAN_ID, 5),
                        FieldMatch.exact(HeaderField.IP_DST, 0x0a000001L)), ActionSpec.queue(0))),
                Update.insert(TableEntry.of("routes", List.of(FieldMatch.exact(HeaderField.VLAN_ID, 5),
                        FieldMatch.lpm(HeaderField.IP_DST, 0x0a000001L, 32)), ActionSpec.queue(0))))));
        assertThat(r.statuses()).extracting(UpdateStatus::code).containsExactly(StatusCode.OK, StatusCode.OK, StatusCode.OK,
                StatusCode.ALREADY_EXISTS);
    }

    @Test
    void readsOfUnknownTablesAndBadMatchesAreRejected() {
        assertThatThrownBy(() -> runtime.readEntries("nope")).hasMessage("no table 'nope' in the program");
        assertThatThrownBy(() -> runtime.readEntry(TableEntry.of("acl", List.of(), ActionSpec.NO_ACTION)))
                .hasMessageContaining("exact field ip.proto must be given");
        assertThatThrownBy(() -> runtime.readCounter("nope")).hasMessage("no counter 'nope' in the program");
        assertThat(runtime.readEntry(new TableEntry("acl", List.of(FieldMatch.exact(HeaderField.IP_PROTO, 6)), 3,
                ActionSpec.NO_ACTION))).isEmpty();
    }

    @Test
    void writesAreAnsweredInOrderWithTheSnapshotVersion() {
        long before = runtime.snapshot().version();
        WriteResponse r = runtime.write(WriteRequest.atomic(List.of(
                Update.insert(new TableEntry("acl", List.of(FieldMatch.exact(HeaderField.IP_PROTO, 6)), 1, ActionSpec.drop())),
                Update.delete(new TableEntry("acl", List.of(FieldMatch.exact(HeaderField.IP_PROTO, 6)), 1, ActionSpec.NO_ACTION)))));
        assertThat(r.allOk()).isTrue();
        assertThat(r.committed()).isTrue();
        assertThat(r.snapshotVersion()).isEqualTo(before + 1);
        assertThat(runtime.size("acl")).isZero();
        assertThat(r.failures()).isEmpty();
    }

    private UpdateStatus status(TableEntry entry) {
        return runtime.write(WriteRequest.atomic(List.of(Update.insert(entry)))).status(0);
    }
}
