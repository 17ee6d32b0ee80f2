package io.nicplan.service.access;

import io.nicplan.service.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through only if {@link AccessPolicy} allows it; otherwise answers 401 (no, malformed
 * or unknown token, with RFC 6750's {@code WWW-Authenticate: Bearer}) or 403 (a read token on a method
 * that writes) as a problem detail, before any handler or body is read. Every request to the servlet
 * passes here, the actuator's too, so an endpoint added later is covered without being listed.
 *
 * <p>The token is never logged or echoed: problems name the holder at most. The holder's name is put in
 * the log context ({@code client}) while the request runs.
 *
 * <p>Runs after Spring Boot's observation filter (order {@code HIGHEST_PRECEDENCE + 1}), so refused
 * requests are counted in {@code http.server.requests} with their status.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class AccessControlFilter extends OncePerRequestFilter {
    static final String CLIENT_MDC_KEY = "client";

    private final AccessPolicy policy;

    AccessControlFilter(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isCorsPreflight(request)) {
            // Browsers send preflights without credentials; Spring's CORS handling answers them with no data.
            chain.doFilter(request, response);
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        AccessPolicy.Decision d = policy.decide(request.getMethod(), path,
                Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)), fromLoopback(request));
        if (!d.allowed()) {
            HttpStatus status = d.refusal().get();
            if (status == HttpStatus.UNAUTHORIZED) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"nicplan\"");
            } else {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"nicplan\", error=\"insufficient_scope\"");
            }
            Problems.write(response, request, status, d.reason());
            return;
        }
        String holder = d.holder().orElse("anonymous");
        MDC.put(CLIENT_MDC_KEY, holder);
        RequestHolder.set(request, holder);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(CLIENT_MDC_KEY);
        }
    }

    private static boolean isCorsPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader(HttpHeaders.ORIGIN) != null
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }

    private static boolean fromLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
