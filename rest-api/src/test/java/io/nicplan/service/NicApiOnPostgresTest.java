package io.nicplan.service;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link NicApiTest}'s tests over a real PostgreSQL (issue #17: the same service tests on H2 and on PostgreSQL). */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class NicApiOnPostgresTest extends NicApiTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        OnPostgres.database(registry);
    }

    @BeforeEach
    void needsPostgres() {
        OnPostgres.assumeAvailable();
    }
}
