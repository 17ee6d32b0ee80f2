package io.nicplan.service.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Plan jobs in table {@code plan_job}; every state change is written through at once. Jobs that
 * have ended are also kept in a small in-memory cache (their documents are read far more often
 * than they change, and only through this class); every write evicts the job it touches.
 */
@Repository
public class PlanRepository {
    private static final int CACHED_JOBS = 256;

    private final JdbcClient jdbc;
    private final Map<String, PlanRecord> ended = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PlanRecord> eldest) {
                    return size() > CACHED_JOBS;
                }
            });
    /** Counts writes; a read caches what it found only if no write happened meanwhile. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    public PlanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(PlanRecord p) {
        jdbc.sql("""
                INSERT INTO plan_job (id, nic_ref, request, status, revision, result, last_change, error, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.id(), p.nicRef(), p.requestJson(), p.status().name(), p.revision(), p.resultJson().orElse(null),
                        p.lastChangeJson().orElse(null), p.error().orElse(null), utc(p.createdAt()), utc(p.updatedAt()))
                .update();
    }

    public Optional<PlanRecord> findById(String id) {
        PlanRecord cached = ended.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = writes.get();
        Optional<PlanRecord> r = jdbc.sql("SELECT * FROM plan_job WHERE id = ?").param(id).query(PlanRepository::row)
                .optional();
        r.filter(p -> !p.status().isActive()).ifPresent(p -> {
            synchronized (ended) {
                if (writes.get() == before) {
                    ended.put(id, p);
                }
            }
        });
        return r;
    }

    public Optional<PlanStatus> findStatus(String id) {
        return jdbc.sql("SELECT status FROM plan_job WHERE id = ?").param(id)
                .query((rs, n) -> PlanStatus.valueOf(rs.getString(1))).optional();
    }

    /** Number of jobs in each status. */
    public java.util.Map<PlanStatus, Long> countByStatus() {
        java.util.Map<PlanStatus, Long> out = new java.util.EnumMap<>(PlanStatus.class);
        for (PlanStatus s : PlanStatus.values()) {
            out.put(s, 0L);
        }
        jdbc.sql("SELECT status, COUNT(*) FROM plan_job GROUP BY status")
                .query(rs -> {
                    out.put(PlanStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return out;
    }

    /** Every job's status, without inputs and results. */
    public List<PlanStatusRow> findAllStatuses() {
        return jdbc.sql("SELECT id, nic_ref, status, revision, result IS NOT NULL AS has_plan, error, updated_at "
                        + "FROM plan_job ORDER BY created_at, id")
                .query((rs, n) -> new PlanStatusRow(rs.getString("id"), rs.getString("nic_ref"),
                        PlanStatus.valueOf(rs.getString("status")), rs.getInt("revision"), rs.getBoolean("has_plan"),
                        Optional.ofNullable(rs.getString("error")),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** A job's status without its inputs and result. */
    public record PlanStatusRow(String id, String nicRef, PlanStatus status, int revision, boolean hasPlan,
                                Optional<String> error, Instant updatedAt) {
    }

    /** Ids of the plans whose NIC reference is one of {@code refs}. */
    public List<String> findIdsByNicRef(java.util.Collection<String> refs) {
        return jdbc.sql("SELECT id FROM plan_job WHERE nic_ref IN (:refs) ORDER BY created_at, id")
                .param("refs", refs).query(String.class).list();
    }

    public List<PlanRecord> findAll() {
        return jdbc.sql("SELECT * FROM plan_job ORDER BY created_at, id").query(PlanRepository::row).list();
    }

    /** Sets the status (and error) unless the job already reached a final state. */
    public boolean updateStatus(String id, PlanStatus status, Optional<String> error) {
        boolean changed = jdbc.sql("UPDATE plan_job SET status = ?, error = ?, updated_at = ? "
                        + "WHERE id = ? AND status IN ('QUEUED', 'SOLVING')")
                .params(status.name(), error.orElse(null), utc(Instant.now()), id).update() > 0;
        written(id);
        return changed;
    }

    /** Moves a job from one status to another if it is still in the first; returns whether it moved. */
    public boolean updateStatusIf(String id, PlanStatus from, PlanStatus to) {
        boolean changed = jdbc.sql("UPDATE plan_job SET status = ?, updated_at = ? WHERE id = ? AND status = ?")
                .params(to.name(), utc(Instant.now()), id, from.name()).update() > 0;
        written(id);
        return changed;
    }

    /** Stores a better plan for the given revision; ignored when the job moved on to a newer revision. */
    public boolean updateResult(String id, int revision, String resultJson) {
        boolean changed = jdbc.sql("UPDATE plan_job SET result = ?, updated_at = ? WHERE id = ? AND revision = ?")
                .params(resultJson, utc(Instant.now()), id, revision).update() > 0;
        written(id);
        return changed;
    }

    /** A new revision of the inputs with its plan and the change from the previous revision. */
    public boolean updateRevision(String id, int expectedRevision, String requestJson, String resultJson,
                                  String lastChangeJson) {
        boolean changed = jdbc.sql("""
                UPDATE plan_job SET request = ?, result = ?, last_change = ?, revision = revision + 1, updated_at = ?
                WHERE id = ? AND revision = ?""")
                .params(requestJson, resultJson, lastChangeJson, utc(Instant.now()), id, expectedRevision).update() > 0;
        written(id);
        return changed;
    }

    /** At start-up: jobs the previous process left queued or running become INTERRUPTED. */
    public int markActiveInterrupted() {
        int n = jdbc.sql("""
                UPDATE plan_job SET status = 'INTERRUPTED', updated_at = ?,
                    error = 'the service stopped while this search was queued or running'
                WHERE status IN ('QUEUED', 'SOLVING')""").param(utc(Instant.now())).update();
        written(null);
        return n;
    }

    public boolean delete(String id) {
        boolean changed = jdbc.sql("DELETE FROM plan_job WHERE id = ?").param(id).update() > 0;
        written(id);
        return changed;
    }

    /** After a write: forget the job it touched (all jobs for {@code null}) and tell concurrent reads not to cache. */
    private void written(String id) {
        synchronized (ended) {
            writes.incrementAndGet();
            if (id == null) {
                ended.clear();
            } else {
                ended.remove(id);
            }
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static PlanRecord row(ResultSet rs, int n) throws SQLException {
        return new PlanRecord(rs.getString("id"), rs.getString("nic_ref"), rs.getString("request"),
                PlanStatus.valueOf(rs.getString("status")), rs.getInt("revision"),
                Optional.ofNullable(rs.getString("result")), Optional.ofNullable(rs.getString("last_change")),
                Optional.ofNullable(rs.getString("error")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
