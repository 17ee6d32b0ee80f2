package io.nicplan.service.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.service.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Leases and liveness are reckoned on the database's clock ({@link DatabaseClock}), so instances whose clocks
 * disagree still agree on whose lease ran out. The interval arithmetic is vendor-sensitive SQL, so it runs on the
 * embedded H2 and on a real PostgreSQL.
 */
class DatabaseClockLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aLeaseEndsALeasePeriodAfterTheDatabasesNowAndOnlyThenIsTakenOver(String store) throws Exception {
        DataSource database = migrated(store);
        JdbcClient jdbc = JdbcClient.create(database);
        PlanRepository plans = new PlanRepository(jdbc, new EmbeddedDatabase(database));
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        plans.insert(new PlanRecord(id, "builtin:intel-82599", "{}", PlanStatus.QUEUED, 1, Optional.empty(),
                Optional.empty(), Optional.empty(), now, now, PlanExecution.acceptedBy("a"), 0), Optional.empty(),
                Optional.of(LEASE));

        Map<String, Object> lease = jdbc.sql("SELECT lease_until, CURRENT_TIMESTAMP AS db_now FROM plan_job WHERE id = ?")
                .param(id).query().singleRow();
        Duration left = Duration.between(instant(lease, "db_now"), instant(lease, "lease_until"));
        assertThat(left).as("lease left on the database's clock").isBetween(LEASE.minusSeconds(5), LEASE);

        assertThat(plans.claim("b", LEASE, 10, 3)).as("a live lease is not claimed").isEmpty();

        assertThat(plans.renewLeases("a", List.of(id), Duration.ZERO)).isEqualTo(1);
        Thread.sleep(5);
        assertThat(plans.claim("b", LEASE, 10, 3))
                .containsExactly(new PlanRepository.Claimed(id, true, Optional.of("a")));
        assertThat(plans.claim("a", LEASE, 10, 3)).as("b's fresh lease holds").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anInstanceIsAliveForALeasePeriodAfterItWasLastSeen(String store) throws Exception {
        InstanceRepository instances = new InstanceRepository(JdbcClient.create(migrated(store)));
        instances.seen("a", Optional.of("http://a:8080"));
        instances.seen("a", Optional.of("http://a:8080"));
        assertThat(instances.seenWithin("a", LEASE)).isTrue();
        Thread.sleep(5);
        assertThat(instances.seenWithin("a", Duration.ZERO)).isFalse();
        assertThat(instances.seenWithin("nobody", LEASE)).isFalse();
        assertThat(instances.urlOf("a")).contains("http://a:8080");
        assertThat(instances.urlOf("nobody")).isEmpty();
    }

    private static DataSource migrated(String store) {
        String url = store.equals("h2") ? "jdbc:h2:mem:lease-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
                : TestPostgres.freshDatabase().orElse(null);
        Assumptions.assumeTrue(url != null, TestPostgres::unavailable);
        DataSource database = new DriverManagerDataSource(url, store.equals("h2") ? "sa" : "", "");
        Flyway.configure().dataSource(database)
                .locations("classpath:db/migration/" + store, "classpath:db/migration/common").load().migrate();
        return database;
    }

    private static Instant instant(Map<String, Object> row, String column) {
        Object v = row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column)).findFirst().orElseThrow().getValue();
        return v instanceof OffsetDateTime t ? t.toInstant() : ((java.sql.Timestamp) v).toInstant();
    }
}
