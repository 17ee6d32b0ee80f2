package io.nicplan.service.persistence;

import java.time.Instant;

/**
 * One configuration written to an emulator: the plan (id, revision, and the plan itself as it was
 * then), whether the batch was applied (false for a rejected batch), and the per-update outcome as JSON.
 */
public record AppliedConfiguration(String emulatorId, int seq, String planId, int planRevision, boolean applied,
                                   String planSnapshotJson, String outcomeJson, Instant appliedAt) {
}
