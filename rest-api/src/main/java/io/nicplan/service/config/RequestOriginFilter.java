package io.nicplan.service.config;

import io.nicplan.service.access.SecurityProperties;
import io.nicplan.service.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests that a web page the operator happens to open could make on the operator's
 * behalf (OWASP CSRF cheat sheet, "verifying origin with standard headers"; DNS rebinding):
 * <ul>
 *   <li>every request must name an allowed host in {@code Host}: a rebound name such as
 *       {@code evil.example} resolves to 127.0.0.1 but still arrives as {@code Host: evil.example};</li>
 *   <li>a state-changing request (anything but GET, HEAD, OPTIONS) that a browser marks as coming
 *       from another site ({@code Origin} naming a host not allowed, {@code Origin: null}, or
 *       {@code Sec-Fetch-Site: cross-site}) is refused. Browsers send {@code Origin} on every
 *       cross-origin POST, including the {@code text/plain} ones that need no CORS preflight;
 *       command-line clients send neither header and are unaffected.</li>
 * </ul>
 * Runs before the body limit so a refused request is not read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestOriginFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final Set<String> allowedHosts;
    /** Pages of other origins the operator lets call the API (nicplan.security.cors-allowed-origins). */
    private final Set<String> corsOrigins;

    public RequestOriginFilter(AccessProperties access, SecurityProperties security) {
        this.allowedHosts = access.allowedHosts().stream()
                .map(RequestOriginFilter::normalized)
                .collect(Collectors.toUnmodifiableSet());
        this.corsOrigins = Set.copyOf(security.corsAllowedOrigins());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader("Host");
        Optional<String> hostName = host == null ? Optional.empty() : hostOf("//" + host.trim());
        if (hostName.isEmpty() || !allowedHosts.contains(hostName.get())) {
            Problems.write(response, request, HttpStatus.BAD_REQUEST,
                    "Host " + (host == null ? "(missing)" : "'" + abbreviated(host) + "'")
                            + " is not one of this service's names (nicplan.access.allowed-hosts)");
            return;
        }
        if (!SAFE_METHODS.contains(request.getMethod())) {
            Optional<String> refusal = crossSiteRefusal(request);
            if (refusal.isPresent()) {
                Problems.write(response, request, HttpStatus.FORBIDDEN, refusal.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private Optional<String> crossSiteRefusal(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            if (corsOrigins.contains(origin.trim())) {
                return Optional.empty();
            }
            Optional<String> originHost = "null".equals(origin.trim()) ? Optional.empty() : hostOf(origin.trim());
            if (originHost.isEmpty() || !allowedHosts.contains(originHost.get())) {
                return Optional.of("a " + request.getMethod() + " from origin '" + abbreviated(origin)
                        + "' is refused: state-changing requests come from this service's own pages or"
                        + " from clients that send no Origin (nicplan.access.allowed-hosts)");
            }
            return Optional.empty();
        }
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return Optional.of("a cross-site " + request.getMethod() + " is refused (Sec-Fetch-Site: cross-site)");
        }
        return Optional.empty();
    }

    /** The host of a URI or of {@code //host:port}, lower case and without IPv6 brackets; empty if unparsable. */
    private static Optional<String> hostOf(String uriOrAuthority) {
        try {
            String h = new URI(uriOrAuthority).getHost();
            return h == null || h.isEmpty() ? Optional.empty() : Optional.of(normalized(h));
        } catch (URISyntaxException bad) {
            return Optional.empty();
        }
    }

    private static String normalized(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Header values are echoed in problems; keep them short and printable. */
    private static String abbreviated(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "...";
    }
}
