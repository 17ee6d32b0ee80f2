package io.nicplan.service;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link IdempotencyKeyTest}'s tests over a real PostgreSQL, with its tokens (its {@code @SpringBootTest} is inherited). */
class IdempotencyKeyOnPostgresTest extends IdempotencyKeyTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        OnPostgres.database(registry);
    }

    @BeforeEach
    void needsPostgres() {
        OnPostgres.assumeAvailable();
    }
}
