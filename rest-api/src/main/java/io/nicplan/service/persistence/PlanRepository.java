package io.nicplan.service.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
 * than they change); every write through this class evicts the job it touches.
 *
 * <p>Over a database other instances share, they change and delete jobs behind this cache: a cached job is then
 * served only after one primary-key read of its {@code version} (raised by every write that changes the record)
 * finds it unchanged, and forgotten when that read finds no row. Over an embedded database every write passes
 * here, so the cache is served without that read (docs/service.md "Cached plans on several instances").
 */
@Repository
public class PlanRepository {
    private static final int CACHED_JOBS = 256;

    private final JdbcClient jdbc;
    /*
     * Lock-free on reads: every GET of a plan passes here, and a synchronized map made the request threads queue
     * behind whichever of them the scheduler had paused while holding its lock (docs/PERFORMANCE.md "HTTP service").
     */
    private final java.util.concurrent.ConcurrentHashMap<String, PlanRecord> ended =
            new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Counts writes per stripe of job ids; a read caches what it found only if no write to its stripe happened
     * meanwhile. Striped so that the writes of the many active jobs (progress, leases) do not keep the reads of
     * ended ones from being cached.
     */
    private final java.util.concurrent.atomic.AtomicLongArray writes =
            new java.util.concurrent.atomic.AtomicLongArray(WRITE_STRIPES);
    private static final int WRITE_STRIPES = 64;

    /** Whether other instances may write to the database, so a cached job must be checked before it is served. */
    private final boolean shared;

    public PlanRepository(JdbcClient jdbc, EmbeddedDatabase database) {
        this.jdbc = jdbc;
        this.shared = !database.isEmbedded();
    }

    /**
     * Stores a new job held by its first holder for {@code lease} from now on the database's clock (none: nobody
     * holds it, the first instance to claim it does). A second job with the same {@code idempotencyKey} (holder and key) is refused with
     * Spring's {@link org.springframework.dao.DuplicateKeyException}.
     */
    public void insert(PlanRecord p, Optional<IdempotencyKey> idempotencyKey, Optional<Duration> lease) {
        String holder = p.execution().holders().isEmpty() ? null : p.execution().holders().get(0);
        jdbc.sql("""
                INSERT INTO plan_job (id, nic_ref, request, status, revision, result, last_change, error, created_at, updated_at,
                                      owner, lease_until, holders, idempotency_scope, idempotency_key, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, %s, ?, ?, ?, ?)""".formatted(DatabaseClock.millisFromNow("?")))
                .params(p.id(), p.nicRef(), p.requestJson(), p.status().name(), p.revision(), p.resultJson().orElse(null),
                        p.lastChangeJson().orElse(null), p.error().orElse(null), utc(p.createdAt()), utc(p.updatedAt()),
                        lease.isPresent() ? holder : null, lease.map(Duration::toMillis).orElse(null),
                        holder == null || lease.isEmpty() ? null : holder,
                        idempotencyKey.map(IdempotencyKey::holder).orElse(""),
                        idempotencyKey.map(IdempotencyKey::key).orElse(null), p.version())
                .update();
    }

    /** The job a POST with this {@code Idempotency-Key} from this holder created. */
    public Optional<PlanRecord> findByIdempotencyKey(IdempotencyKey key) {
        return jdbc.sql("SELECT * FROM plan_job WHERE idempotency_scope = ? AND idempotency_key = ?")
                .params(key.holder(), key.key()).query(PlanRepository::row).optional();
    }

    public Optional<PlanRecord> findById(String id) {
        PlanRecord cached = ended.get(id);
        if (cached != null) {
            if (!shared) {
                return Optional.of(cached);
            }
            Optional<Long> version = jdbc.sql("SELECT version FROM plan_job WHERE id = ?").param(id).query(Long.class)
                    .optional();
            if (version.isEmpty()) {
                // Deleted by another instance.
                written(id);
                return Optional.empty();
            }
            if (version.get() == cached.version()) {
                return Optional.of(cached);
            }
            ended.remove(id, cached);  // changed by another instance: read again below
        }
        long before = writes.get(stripe(id));
        Optional<PlanRecord> r = jdbc.sql("SELECT * FROM plan_job WHERE id = ?").param(id).query(PlanRepository::row)
                .optional();
        r.filter(p -> !p.status().isActive()).ifPresent(p -> {
            synchronized (ended) {
                if (writes.get(stripe(id)) == before) {
                    if (ended.size() >= CACHED_JOBS) {
                        // Full: drop any one job (the cache only spares the database; RenderedPlans keeps answers).
                        ended.keySet().stream().findAny().ifPresent(ended::remove);
                    }
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
        boolean changed = jdbc.sql("UPDATE plan_job SET version = version + 1, status = ?, error = ?, updated_at = ? "
                        + "WHERE id = ? AND status IN ('QUEUED', 'SOLVING')")
                .params(status.name(), error.orElse(null), utc(Instant.now()), id).update() > 0;
        written(id);
        return changed;
    }

    /** Moves a job from one status to another if it is still in the first; returns whether it moved. */
    public boolean updateStatusIf(String id, PlanStatus from, PlanStatus to) {
        boolean changed = jdbc.sql("UPDATE plan_job SET version = version + 1, status = ?, updated_at = ? WHERE id = ? AND status = ?")
                .params(to.name(), utc(Instant.now()), id, from.name()).update() > 0;
        written(id);
        return changed;
    }

    /**
     * Stores a better plan for the given revision, and the search time spent so far, while {@code holder} still
     * holds the job; ignored (false) when the job moved on to a newer revision, ended, or was taken over.
     */
    public boolean updateResult(String id, int revision, String resultJson, String holder, long solvingMillis) {
        boolean changed = jdbc.sql("UPDATE plan_job SET version = version + 1, result = ?, solving_millis = ?, updated_at = ? "
                        + "WHERE id = ? AND revision = ? AND owner = ? AND status IN ('QUEUED', 'SOLVING')")
                .params(resultJson, solvingMillis, utc(Instant.now()), id, revision, holder).update() > 0;
        written(id);
        return changed;
    }

    /** A search of a job {@code holder} holds starts: SOLVING, one more run. False when it is not held (or ended). */
    public boolean beginSolving(String id, String holder) {
        boolean changed = jdbc.sql("UPDATE plan_job SET version = version + 1, status = 'SOLVING', runs = runs + 1, updated_at = ? "
                        + "WHERE id = ? AND owner = ? AND status IN ('QUEUED', 'SOLVING')")
                .params(utc(Instant.now()), id, holder).update() > 0;
        written(id);
        return changed;
    }

    /**
     * The search {@code holder} ran ended with {@code status}: recorded with the holder as the plan's solver, unless
     * the job was taken over or ended meanwhile (false: another instance's word stands, so no job ends twice).
     */
    public boolean finish(String id, String holder, PlanStatus status, Optional<String> error) {
        boolean changed = jdbc.sql("UPDATE plan_job SET version = version + 1, status = ?, error = ?, solved_by = ?, lease_until = NULL, "
                        + "updated_at = ? WHERE id = ? AND owner = ? AND status IN ('QUEUED', 'SOLVING')")
                .params(status.name(), error.orElse(null), holder, utc(Instant.now()), id, holder).update() > 0;
        written(id);
        return changed;
    }

    /**
     * Extends to {@code lease} from now the leases of the active jobs {@code holder} holds among {@code ids} (those
     * it runs or has queued: one it holds but could not queue is left to run out, and be claimed again); answers
     * how many it extended.
     */
    public int renewLeases(String holder, java.util.Collection<String> ids, Duration lease) {
        return jdbc.sql("UPDATE plan_job SET lease_until = " + DatabaseClock.millisFromNow(":millis")
                        + " WHERE owner = :holder AND id IN (:ids) AND status IN ('QUEUED', 'SOLVING')")
                .param("millis", lease.toMillis()).param("holder", holder).param("ids", ids).update();
    }

    /** Ids of the active jobs {@code holder} holds. */
    public java.util.Set<String> heldBy(String holder) {
        return new java.util.HashSet<>(jdbc.sql("SELECT id FROM plan_job WHERE owner = ? AND status IN ('QUEUED', 'SOLVING')")
                .param(holder).query(String.class).list());
    }

    /**
     * Lets go of every active job {@code holder} holds (null: of every active job), so the next claim takes them
     * at once instead of after their lease: at a clean shutdown, and over an embedded database at start-up (only
     * one process can open it, so whoever held its jobs is gone).
     */
    public int releaseLeases(String holder) {
        int n = holder == null
                ? jdbc.sql("UPDATE plan_job SET lease_until = NULL WHERE status IN ('QUEUED', 'SOLVING')").update()
                : jdbc.sql("UPDATE plan_job SET lease_until = NULL WHERE owner = ? AND status IN ('QUEUED', 'SOLVING')")
                        .param(holder).update();
        written(null);
        return n;
    }

    /** A job claimed by {@link #claim}: {@code takenOver} when another instance held it before. */
    public record Claimed(String id, boolean takenOver, Optional<String> previousHolder) {
    }

    /**
     * Claims up to {@code max} active jobs nobody holds (never held, released, or whose lease ran out), oldest
     * first, for {@code holder} for {@code lease}, both on the database's clock. Rows another instance is claiming
     * at the same moment are skipped ({@code FOR UPDATE SKIP LOCKED}), so concurrent claims never take the same
     * job. A job already taken over {@code maxTakeovers} times ends INTERRUPTED instead of being claimed again.
     * Must run inside a transaction (the row locks last until it commits).
     */
    public List<Claimed> claim(String holder, Duration lease, int max, int maxTakeovers) {
        record Candidate(String id, String owner, int takeovers, String holders) {
        }
        // The row count is a literal: a bound FETCH FIRST count is not accepted the same way by every database.
        List<Candidate> candidates = jdbc.sql("SELECT id, owner, takeovers, holders FROM plan_job "
                        + "WHERE status IN ('QUEUED', 'SOLVING') AND (lease_until IS NULL OR lease_until < CURRENT_TIMESTAMP) "
                        + "ORDER BY created_at, id FETCH FIRST " + Math.max(1, max) + " ROWS ONLY FOR UPDATE SKIP LOCKED")
                .query((rs, n) -> new Candidate(rs.getString("id"), rs.getString("owner"), rs.getInt("takeovers"),
                        rs.getString("holders")))
                .list();
        List<Claimed> claimed = new java.util.ArrayList<>();
        for (Candidate c : candidates) {
            boolean takeover = c.owner() != null && !c.owner().equals(holder);
            if (takeover && c.takeovers() >= maxTakeovers) {
                jdbc.sql("UPDATE plan_job SET version = version + 1, status = 'INTERRUPTED', lease_until = NULL, error = ?, updated_at = ? WHERE id = ?")
                        .params("taken over " + c.takeovers() + " times (its holders " + c.holders() + " died while"
                                + " solving it); not resumed again", utc(Instant.now()), c.id())
                        .update();
                written(c.id());
                continue;
            }
            String holders = c.holders() == null ? holder
                    : c.holders().endsWith("," + holder) || c.holders().equals(holder) ? c.holders()
                    : c.holders() + "," + holder;
            if (holders.length() > 2000) {
                holders = holders.substring(holders.length() - 2000);
            }
            jdbc.sql("UPDATE plan_job SET version = version + 1, owner = ?, lease_until = " + DatabaseClock.millisFromNow("?")
                            + ", holders = ?, takeovers = takeovers + ? WHERE id = ?")
                    .params(holder, lease.toMillis(), holders, takeover ? 1 : 0, c.id())
                    .update();
            written(c.id());
            claimed.add(new Claimed(c.id(), takeover, Optional.ofNullable(c.owner())));
        }
        return claimed;
    }

    /** Stops an active job whichever instance holds it; its holder sees it ended when it next renews. */
    public boolean stopActive(String id) {
        boolean changed = jdbc.sql("UPDATE plan_job SET version = version + 1, status = 'STOPPED', lease_until = NULL, updated_at = ? "
                        + "WHERE id = ? AND status IN ('QUEUED', 'SOLVING')")
                .params(utc(Instant.now()), id).update() > 0;
        written(id);
        return changed;
    }

    /** A new revision of the inputs with its plan and the change from the previous revision. */
    public boolean updateRevision(String id, int expectedRevision, String requestJson, String resultJson,
                                  String lastChangeJson) {
        boolean changed = jdbc.sql("""
                UPDATE plan_job SET request = ?, result = ?, last_change = ?, revision = revision + 1, updated_at = ?,
                                    version = version + 1
                WHERE id = ? AND revision = ?""")
                .params(requestJson, resultJson, lastChangeJson, utc(Instant.now()), id, expectedRevision).update() > 0;
        written(id);
        return changed;
    }

    public boolean delete(String id) {
        boolean changed = jdbc.sql("DELETE FROM plan_job WHERE id = ?").param(id).update() > 0;
        written(id);
        return changed;
    }

    /** After a write: forget the job it touched (all jobs for {@code null}) and tell concurrent reads not to cache. */
    private void written(String id) {
        synchronized (ended) {
            if (id == null) {
                for (int i = 0; i < WRITE_STRIPES; i++) {
                    writes.incrementAndGet(i);
                }
                ended.clear();
            } else {
                writes.incrementAndGet(stripe(id));
                ended.remove(id);
            }
        }
    }

    private static int stripe(String id) {
        return Math.floorMod(id.hashCode(), WRITE_STRIPES);
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
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                new PlanExecution(holders(rs.getString("holders")), rs.getInt("takeovers"), rs.getInt("runs"),
                        Optional.ofNullable(rs.getString("solved_by")), rs.getLong("solving_millis")),
                rs.getLong("version"));
    }

    private static List<String> holders(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
    }
}
