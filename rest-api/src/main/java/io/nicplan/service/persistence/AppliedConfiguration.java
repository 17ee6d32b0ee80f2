package io.nicplan.service.persistence;

import java.time.Instant;

/**
 * One configuration written to an emulator: the plan (and its revision), whether the batch was
 * applied (false for a rejected batch), and the per-update outcome as JSON.
 */
public record AppliedConfiguration(String emulatorId, int seq, String planId, int planRevision, boolean applied,
                                   String outcomeJson, Instant appliedAt) {
}
