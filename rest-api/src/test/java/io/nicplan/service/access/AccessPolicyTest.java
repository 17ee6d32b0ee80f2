package io.nicplan.service.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The access rules as a function of method, path, token and bind, without a server. */
class AccessPolicyTest {
    private static final String WRITER = "writer-token-0123456789";
    private static final String READER = "reader-token-0123456789";
    private static final PublicPaths CONSOLE = new PublicPaths(Set.of("/index.html", "/console/app.js")::contains);

    private static AccessPolicy withTokens(boolean anonymousRead) {
        ApiTokens tokens = ApiTokens.parse(List.of("# tokens", "", "write sha256:" + ApiTokens.digest(WRITER) + " ci",
                "read " + READER + " dashboard"), "tokens");
        return new AccessPolicy(tokens, anonymousRead, "0.0.0.0", CONSOLE);
    }

    private static Optional<HttpStatus> refusal(AccessPolicy p, String method, String path, String token) {
        return p.decide(method, path, Optional.ofNullable(token).map(t -> "Bearer " + t), false).refusal();
    }

    @Test
    void aReadTokenReadsAndAWriteTokenWrites() {
        AccessPolicy p = withTokens(false);
        assertThat(refusal(p, "GET", "/api/plans", READER)).isEmpty();
        assertThat(refusal(p, "HEAD", "/api/plans", READER)).isEmpty();
        assertThat(refusal(p, "POST", "/api/plans", READER)).contains(HttpStatus.FORBIDDEN);
        assertThat(refusal(p, "DELETE", "/api/plans/x", READER)).contains(HttpStatus.FORBIDDEN);
        assertThat(refusal(p, "PUT", "/api/emulators/x/configuration", READER)).contains(HttpStatus.FORBIDDEN);
        assertThat(refusal(p, "POST", "/api/plans", WRITER)).isEmpty();
        assertThat(refusal(p, "GET", "/actuator/prometheus", WRITER)).isEmpty();
        assertThat(p.decide("GET", "/api/plans", Optional.of("bearer " + WRITER), false).holder()).contains("ci");
    }

    @Test
    void noTokenOrAnUnknownOneIsUnauthorized() {
        AccessPolicy p = withTokens(false);
        assertThat(refusal(p, "GET", "/api/plans", null)).contains(HttpStatus.UNAUTHORIZED);
        assertThat(refusal(p, "GET", "/actuator/prometheus", null)).contains(HttpStatus.UNAUTHORIZED);
        assertThat(refusal(p, "GET", "/api/plans", "someone-elses-token-123")).contains(HttpStatus.UNAUTHORIZED);
        assertThat(refusal(p, "GET", "/api/plans", "short")).contains(HttpStatus.UNAUTHORIZED);
        assertThat(p.decide("GET", "/api/plans", Optional.of("Basic dXNlcjpwYXNz"), false).refusal())
                .contains(HttpStatus.UNAUTHORIZED);
        // A path nothing serves yet is closed too: a new endpoint starts closed.
        assertThat(refusal(p, "GET", "/api/something-new", null)).contains(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void anonymousReadLetsReadsThroughButNotWrites() {
        AccessPolicy p = withTokens(true);
        assertThat(refusal(p, "GET", "/api/plans", null)).isEmpty();
        assertThat(refusal(p, "POST", "/api/plans", null)).contains(HttpStatus.UNAUTHORIZED);
        assertThat(refusal(p, "POST", "/api/plans", READER)).contains(HttpStatus.FORBIDDEN);
    }

    @Test
    void healthTheApiDocumentAndTheConsolesFilesArePublic() {
        AccessPolicy p = withTokens(false);
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/v3/api-docs",
                "/swagger-ui/index.html", "/", "/index.html", "/console/app.js")) {
            assertThat(refusal(p, "GET", path, null)).as(path).isEmpty();
        }
        for (String path : List.of("/console/missing.js", "/console/", "/console/../api/plans", "/actuator",
                "/actuator/healthz", "/api/index.html")) {
            assertThat(refusal(p, "GET", path, null)).as(path).contains(HttpStatus.UNAUTHORIZED);
        }
        assertThat(refusal(p, "POST", "/actuator/health", null)).contains(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void withoutTokensLoopbackClientsMayDoEverythingAndOthersNothing() {
        AccessPolicy local = new AccessPolicy(ApiTokens.none(), false, "127.0.0.1", CONSOLE);
        assertThat(local.localMode()).isTrue();
        assertThat(local.decide("POST", "/api/plans", Optional.empty(), true).allowed()).isTrue();
        assertThat(local.decide("POST", "/api/plans", Optional.empty(), false).refusal()).contains(HttpStatus.UNAUTHORIZED);
        assertThat(new AccessPolicy(ApiTokens.none(), false, "::1", CONSOLE).localMode()).isTrue();
        assertThat(new AccessPolicy(ApiTokens.none(), false, "localhost", CONSOLE).localMode()).isTrue();
    }

    @Test
    void aBindBeyondLoopbackWithoutTokensIsRefused() {
        for (String bind : new String[] {"0.0.0.0", "::", "", null, "192.0.2.1"}) {
            assertThatThrownBy(() -> new AccessPolicy(ApiTokens.none(), true, bind, CONSOLE)).as(String.valueOf(bind))
                    .isInstanceOf(InvalidAccessConfiguration.class)
                    .hasMessageContaining("without API tokens");
        }
        assertThat(withTokens(false).localMode()).isFalse();
    }
}
