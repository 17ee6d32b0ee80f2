package io.nicplan.service.persistence;

import java.time.Duration;
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
        return jdbc.sql("SELECT COUNT(*) FROM service_instance WHERE id = ? AND seen_at > " + DatabaseClock.millisAgo("?"))
                .params(id, period.toMillis()).query(Long.class).single() > 0;
    }

    /** Where instance {@code id} is reached, if it said. */
    public Optional<String> urlOf(String id) {
        return jdbc.sql("SELECT url FROM service_instance WHERE id = ?").param(id)
                .query((rs, n) -> Optional.ofNullable(rs.getString("url"))).optional().flatMap(url -> url);
    }
}
