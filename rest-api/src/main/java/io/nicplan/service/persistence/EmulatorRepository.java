package io.nicplan.service.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Emulator instances and the configurations applied to them ({@code emulator}, {@code emulator_configuration}). */
@Repository
public class EmulatorRepository {
    private final JdbcClient jdbc;

    public EmulatorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(EmulatorRecord e) {
        jdbc.sql("INSERT INTO emulator (id, description, created_at) VALUES (?, ?, ?)")
                .params(e.id(), e.description(), e.createdAt().atOffset(ZoneOffset.UTC)).update();
    }

    /** Records that {@code holder} has emulator {@code id} in its memory. */
    public void hold(String id, String holder) {
        jdbc.sql("UPDATE emulator SET holder = ? WHERE id = ?").params(holder, id).update();
    }

    /** The instance that has emulator {@code id} in its memory (none: recorded before instances were named). */
    public Optional<String> holder(String id) {
        return jdbc.sql("SELECT holder FROM emulator WHERE id = ?").param(id).query(String.class).optional();
    }

    /**
     * Moves emulator {@code id} to {@code holder} if {@code previous} (empty: nobody) still holds it; false when
     * another instance adopted it first.
     */
    public boolean takeOver(String id, Optional<String> previous, String holder) {
        return (previous.isEmpty()
                ? jdbc.sql("UPDATE emulator SET holder = ? WHERE id = ? AND holder IS NULL").params(holder, id)
                : jdbc.sql("UPDATE emulator SET holder = ? WHERE id = ? AND holder = ?").params(holder, id, previous.get()))
                .update() > 0;
    }

    public Optional<EmulatorRecord> findById(String id) {
        return jdbc.sql("SELECT * FROM emulator WHERE id = ?").param(id).query(EmulatorRepository::row).optional();
    }

    public List<EmulatorRecord> findAll() {
        return jdbc.sql("SELECT * FROM emulator ORDER BY created_at, id").query(EmulatorRepository::row).list();
    }

    /** Ids of the emulators created from one of the description references {@code refs}. */
    public List<String> findIdsByDescription(java.util.Collection<String> refs) {
        return jdbc.sql("SELECT id FROM emulator WHERE description IN (:refs) ORDER BY created_at, id")
                .param("refs", refs).query(String.class).list();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM emulator WHERE id = ?").param(id).update() > 0;
    }

    /** Appends a configuration record with the next sequence number and returns it. */
    @Transactional
    public AppliedConfiguration append(String emulatorId, String planId, int planRevision, boolean applied,
                                       String planSnapshotJson, String outcomeJson) {
        int seq = jdbc.sql("SELECT COALESCE(MAX(seq), 0) + 1 FROM emulator_configuration WHERE emulator_id = ?")
                .param(emulatorId).query(Integer.class).single();
        AppliedConfiguration c = new AppliedConfiguration(emulatorId, seq, planId, planRevision, applied,
                planSnapshotJson, outcomeJson, Instant.now().truncatedTo(ChronoUnit.MICROS));
        jdbc.sql("""
                INSERT INTO emulator_configuration
                    (emulator_id, seq, plan_id, plan_revision, applied, plan_snapshot, outcome, applied_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.emulatorId(), c.seq(), c.planId(), c.planRevision(), c.applied(), c.planSnapshotJson(),
                        c.outcomeJson(),
                        c.appliedAt().atOffset(ZoneOffset.UTC)).update();
        return c;
    }

    public List<AppliedConfiguration> history(String emulatorId) {
        return jdbc.sql("SELECT * FROM emulator_configuration WHERE emulator_id = ? ORDER BY seq")
                .param(emulatorId).query(EmulatorRepository::configuration).list();
    }

    /** The last configuration that was actually applied (not verify-only, not rejected). */
    public Optional<AppliedConfiguration> lastApplied(String emulatorId) {
        return jdbc.sql("""
                SELECT * FROM emulator_configuration WHERE emulator_id = ? AND applied ORDER BY seq DESC LIMIT 1""")
                .param(emulatorId).query(EmulatorRepository::configuration).optional();
    }

    private static EmulatorRecord row(ResultSet rs, int n) throws SQLException {
        return new EmulatorRecord(rs.getString("id"), rs.getString("description"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static AppliedConfiguration configuration(ResultSet rs, int n) throws SQLException {
        return new AppliedConfiguration(rs.getString("emulator_id"), rs.getInt("seq"), rs.getString("plan_id"),
                rs.getInt("plan_revision"), rs.getBoolean("applied"), rs.getString("plan_snapshot"),
                rs.getString("outcome"), rs.getObject("applied_at", OffsetDateTime.class).toInstant());
    }
}
