package io.nicplan.service;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the in-process HTTP tests: one Spring context on a random port, shared by every subclass
 * that does not declare a {@code @SpringBootTest} of its own (those with other limits get their own
 * context, and their own in-memory database).
 */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class ServiceTest {
    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        // Every answer of every in-process test is held to the served OpenAPI document (ApiContract).
        http = Http.checked(port);
    }
}
