package io.nicplan.service.access;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Paths anyone may read without a token, because they hold no user data: health for a load balancer
 * ({@code /actuator/health}, its liveness and readiness groups), the OpenAPI document and its UI (they
 * describe the API, which is public), and the files of the web console shipped in the jar under
 * {@code static/} (its page and scripts, so it can show a login form; every call it makes to the API
 * carries the user's token). Everything else needs a token: a new endpoint is closed until listed here.
 */
final class PublicPaths {
    private static final List<String> EXACT = List.of("/actuator/health", "/v3/api-docs", "/swagger-ui.html");
    private static final List<String> PREFIXES = List.of("/actuator/health/", "/v3/api-docs/", "/swagger-ui/");

    private final Predicate<String> shippedFile;
    /** Paths found to be shipped files; only hits are kept, so the map is bounded by the files in the jar. */
    private final Map<String, Boolean> shipped = new ConcurrentHashMap<>();

    PublicPaths(Predicate<String> shippedFile) {
        this.shippedFile = shippedFile;
    }

    /** Public paths, with the console's files looked up under {@code static/} on the class path. */
    static PublicPaths standard() {
        ClassLoader loader = PublicPaths.class.getClassLoader();
        return new PublicPaths(path -> loader.getResource("static" + path) != null);
    }

    boolean isPublic(String path) {
        if (EXACT.contains(path) || PREFIXES.stream().anyMatch(path::startsWith)) {
            return true;
        }
        return isShippedFile(path);
    }

    private boolean isShippedFile(String path) {
        // Spring Boot serves static/index.html at "/" (its welcome page).
        String file = path.equals("/") ? "/index.html" : path;
        if (!file.startsWith("/") || file.endsWith("/") || file.contains("..") || file.contains("//")
                || file.contains("\\") || file.startsWith("/api/") || file.startsWith("/actuator/")) {
            return false;
        }
        if (shipped.containsKey(file)) {
            return true;
        }
        if (shippedFile.test(file)) {
            shipped.put(file, Boolean.TRUE);
            return true;
        }
        return false;
    }
}
