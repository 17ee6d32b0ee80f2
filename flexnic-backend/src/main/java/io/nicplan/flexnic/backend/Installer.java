package io.nicplan.flexnic.backend;

import io.nicplan.flexnic.clock.Clock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.runtime.UpdateStatus;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.flexnic.runtime.WriteResponse;
import java.util.List;

/**
 * Installs a compiled configuration: first a verify-only write (nothing changes), then, if every
 * update verified, the same updates as one ROLLBACK_ON_ERROR batch. A failure at either step
 * leaves the emulator's tables, defaults, counters and indirection tables as they were, and the
 * fast path engine is attached only after a commit.
 */
public final class Installer {
    private Installer() {
    }

    /** What an install did: whether it committed, and each update's status (from the step that stopped it, or the commit). */
    public record InstallResult(boolean committed, boolean verified, List<UpdateStatus> statuses, String failures) {
        public InstallResult {
            statuses = List.copyOf(statuses);
        }
    }

    /** A fresh emulator running the compiled program with its parser settings. */
    public static FlexNicEmulator emulator(CompiledNic nic, Clock clock) {
        return new FlexNicEmulator(nic.program(), EmulatorConfig.DEFAULT.withParser(nic.parser()), clock);
    }

    /** Verifies, then commits {@code nic}'s updates into {@code emulator} as one atomic batch. */
    public static InstallResult install(FlexNicEmulator emulator, CompiledNic nic) {
        WriteRequest batch = WriteRequest.atomic(nic.updates());
        WriteResponse verify = emulator.runtime().write(batch.verifyOnly());
        if (!verify.allOk()) {
            return new InstallResult(false, false, verify.statuses(), verify.failures());
        }
        WriteResponse commit = emulator.runtime().write(batch);
        if (!commit.committed()) {
            return new InstallResult(false, true, commit.statuses(), commit.failures());
        }
        emulator.attachFastPath(nic.fastPath());
        return new InstallResult(true, true, commit.statuses(), "");
    }
}
