package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #17's must-show: two instances (two service contexts with job runners of their own) race for 200 jobs
 * queued in one database, on the embedded H2 and on a real PostgreSQL; every job is claimed (FOR UPDATE SKIP
 * LOCKED), searched and completed exactly once, by one of them, and both take part.
 */
class PlanJobRaceTest {
    private static final int JOBS = 200;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoInstancesSolveEachOf200QueuedJobsExactlyOnce(String store) throws Exception {
        String url = store.equals("h2") ? "jdbc:h2:mem:race-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
                : TestPostgres.freshDatabase().orElse(null);
        Assumptions.assumeTrue(url != null, TestPostgres.unavailable());
        try (ConfigurableApplicationContext a = instance("a", url); ConfigurableApplicationContext b = instance("b", url)) {
            Http http = InProcessInstance.http(a);
            String first = PlanApiTest.submit(http, Workloads.request("builtin:intel-82599", 6, "greedy"));
            JsonNode template = PlanApiTest.awaitEnd(http, first, Duration.ofSeconds(120));
            assertThat(template.get("status").asText()).isEqualTo("COMPLETED");

            JdbcClient jdbc = a.getBean(JdbcClient.class);
            List<String> ids = new ArrayList<>();
            OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
            for (int i = 0; i < JOBS; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                // Queued and held by nobody, as a job is after its accepting instance let go of it.
                jdbc.sql("INSERT INTO plan_job (id, nic_ref, request, status, revision, created_at, updated_at) "
                                + "VALUES (?, ?, ?, 'QUEUED', 1, ?, ?)")
                        .params(id, "builtin:intel-82599", template.get("request").toString(), now, now).update();
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            while (jdbc.sql("SELECT COUNT(*) FROM plan_job WHERE status IN ('QUEUED', 'SOLVING')").query(Long.class)
                    .single() > 0) {
                assertThat(System.nanoTime()).as("all jobs ended within 8 minutes").isLessThan(deadline);
                Thread.sleep(200);
            }
            List<Map<String, Object>> rows = jdbc.sql("SELECT id, status, runs, takeovers, holders, solved_by FROM plan_job "
                    + "WHERE id <> ?").param(first).query().listOfRows();
            assertThat(rows).hasSize(JOBS);
            Map<String, Long> bySolver = new java.util.TreeMap<>();
            for (Map<String, Object> r : rows) {
                Map<String, Object> row = lower(r);
                assertThat(row.get("status")).as(row.toString()).isEqualTo("COMPLETED");
                assertThat(((Number) row.get("runs")).intValue()).as(row.toString()).isEqualTo(1);
                assertThat(((Number) row.get("takeovers")).intValue()).as(row.toString()).isZero();
                assertThat(row.get("holders")).as(row.toString()).isEqualTo(row.get("solved_by"));
                bySolver.merge((String) row.get("solved_by"), 1L, Long::sum);
            }
            assertThat(bySolver.keySet()).containsExactly("a", "b");
            assertThat(Stream.of("a", "b").mapToLong(bySolver::get).sum()).isEqualTo(JOBS);
        }
    }

    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> out = new java.util.HashMap<>();
        row.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }

    private ConfigurableApplicationContext instance(String name, String url) {
        return InProcessInstance.start(tmp, name, url, "--nicplan.fleet.claim-interval=PT0.1S");
    }
}
