package io.nicplan.service;

import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Runs an in-process test class again over a real PostgreSQL (a database of its own from {@link TestPostgres})
 * instead of the shared in-memory H2: a subclass registers {@link #database} as its {@code @DynamicPropertySource}
 * and calls {@link #assumeAvailable()} before each test, which is skipped, with the reason, where no PostgreSQL is.
 */
final class OnPostgres {
    private OnPostgres() {
    }

    static void database(DynamicPropertyRegistry registry) {
        TestPostgres.freshDatabase().ifPresent(url -> {
            registry.add("spring.datasource.url", () -> url);
            // The in-memory database's user (sa) means nothing to PostgreSQL: the URL names the user.
            registry.add("spring.datasource.username", () -> "");
        });
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(TestPostgres.unavailable() == null, TestPostgres::unavailable);
    }
}
