package io.nicplan.service.persistence;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The service instances sharing the database, in table {@code service_instance}, each with when it was last seen. */
@Repository
public class InstanceRepository {
    private final JdbcClient jdbc;

    public InstanceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An instance as another one sees it: where clients reach it, and when it last renewed its leases. */
    public record InstanceRecord(String id, Optional<String> url, Instant seenAt) {
    }

    /**
     * Records that {@code id} is alive now, on the database's clock (inserting it the first time; portable, so no
     * vendor's upsert).
     */
    public void seen(String id, Optional<String> url) {
        int updated = jdbc.sql("UPDATE service_instance SET seen_at = CURRENT_TIMESTAMP, url = ? WHERE id = ?")
                .params(url.orElse(null), id).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO service_instance (id, url, started_at, seen_at) VALUES (?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                    .params(id, url.orElse(null)).update();
        }
    }

    /** Whether {@code id} was seen within {@code period} of now, on the database's clock. */
    public boolean seenWithin(String id, Duration period) {
        return jdbc.sql("SELECT COUNT(*) FROM service_instance WHERE id = ? AND seen_at > " + DatabaseClock.MILLIS_AGO)
                .params(id, period.toMillis()).query(Long.class).single() > 0;
    }

    public Optional<InstanceRecord> find(String id) {
        return jdbc.sql("SELECT id, url, seen_at FROM service_instance WHERE id = ?").param(id)
                .query((rs, n) -> new InstanceRecord(rs.getString("id"), Optional.ofNullable(rs.getString("url")),
                        rs.getObject("seen_at", OffsetDateTime.class).toInstant()))
                .optional();
    }
}
