package io.nicplan.service.access;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Decides who may send which request: a bearer token's role against the method ({@link Role}), anonymous
 * reading where the operator allows it, and a few paths that carry no data open to all. Checked once at
 * start-up: a service that would listen beyond loopback without tokens does not start.
 *
 * <p>Without any token configured, on a loopback-only bind, the service is in <em>local mode</em>: every
 * request from this machine may read and write, as before access control existed (the command line's
 * {@code serve}, the tests, a single user's laptop). A warning says so at start-up; the cross-site checks
 * ({@code RequestOriginFilter}) still keep web pages out.
 */
@Component
public class AccessPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(AccessPolicy.class);

    /** Outcome of {@link #decide}: allowed (with who, for logs), or refused with the status and why. */
    public record Decision(Optional<String> holder, Optional<HttpStatus> refusal, String reason) {
        static Decision allow(String who) {
            return new Decision(Optional.of(who), Optional.empty(), "");
        }

        static Decision refuse(HttpStatus status, String reason) {
            return new Decision(Optional.empty(), Optional.of(status), reason);
        }

        public boolean allowed() {
            return refusal.isEmpty();
        }
    }

    private final ApiTokens tokens;
    private final boolean anonymousRead;
    private final PublicPaths publicPaths;

    @Autowired
    public AccessPolicy(SecurityProperties properties, Environment environment) {
        this(load(properties), properties.anonymousRead(), environment.getProperty("server.address"),
                PublicPaths.standard());
    }

    AccessPolicy(ApiTokens tokens, boolean anonymousRead, String bindAddress, PublicPaths publicPaths) {
        this.tokens = tokens;
        this.anonymousRead = anonymousRead;
        this.publicPaths = publicPaths;
        boolean loopback = isLoopback(bindAddress);
        if (tokens.isEmpty() && !loopback) {
            throw new InvalidAccessConfiguration("refusing to listen on "
                    + (bindAddress == null || bindAddress.isBlank() ? "every interface" : bindAddress)
                    + " without API tokens: anyone who reaches the port could read, change and delete everything."
                    + " Give tokens (nicplan.security.tokens-file) or listen on loopback (--bind 127.0.0.1)");
        }
        if (tokens.isEmpty()) {
            LOG.warn("no API tokens configured (nicplan.security.tokens-file): local mode, every client on this"
                    + " machine may read and change everything; the service listens on {} only", bindAddress);
        } else {
            LOG.info("access control: {} API tokens ({}), anonymous read {}", tokens.size(),
                    String.join(", ", tokens.describe()), anonymousRead ? "on" : "off");
            if (tokens.plainTokens() > 0) {
                LOG.warn("{} API tokens are stored in plain text; store sha256:<hex digest> instead"
                        + " (docs/service.md \"Access control\")", tokens.plainTokens());
            }
        }
    }

    /** Whether no token is configured, so loopback clients may do everything. */
    public boolean localMode() {
        return tokens.isEmpty();
    }

    /**
     * Whether a request may go on.
     *
     * @param method the HTTP method
     * @param path the request's path within the service, decoded and normalised ({@code /api/plans/x})
     * @param authorization the {@code Authorization} header, if any
     * @param fromLoopback whether the client connected from a loopback address
     */
    public Decision decide(String method, String path, Optional<String> authorization, boolean fromLoopback) {
        if (Role.reads(method) && publicPaths.isPublic(path)) {
            return Decision.allow("anonymous");
        }
        if (tokens.isEmpty()) {
            return fromLoopback ? Decision.allow("local")
                    : Decision.refuse(HttpStatus.UNAUTHORIZED, "no API tokens are configured and this client is"
                    + " not on this machine");
        }
        if (authorization.isEmpty()) {
            if (anonymousRead && Role.reads(method)) {
                return Decision.allow("anonymous");
            }
            return Decision.refuse(HttpStatus.UNAUTHORIZED, "this request needs an API token ("
                    + (Role.reads(method) ? "read or write" : "write") + " role): send 'Authorization: Bearer TOKEN'");
        }
        String header = authorization.get().strip();
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Decision.refuse(HttpStatus.UNAUTHORIZED, "the Authorization header must be 'Bearer TOKEN'");
        }
        Optional<ApiTokens.Holder> holder = tokens.holder(header.substring(7).strip());
        if (holder.isEmpty()) {
            return Decision.refuse(HttpStatus.UNAUTHORIZED, "the API token is not one this service accepts");
        }
        if (!holder.get().role().permits(method)) {
            return Decision.refuse(HttpStatus.FORBIDDEN, "token '" + holder.get().name() + "' has the read role;"
                    + " a " + method + " needs a write token");
        }
        return Decision.allow(holder.get().name());
    }

    private static ApiTokens load(SecurityProperties p) {
        ApiTokens all = ApiTokens.none();
        if (p.tokensFile() != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(p.tokensFile());
            } catch (IOException e) {
                throw new InvalidAccessConfiguration("cannot read the tokens file " + p.tokensFile()
                        + " (nicplan.security.tokens-file): " + e);
            }
            all = ApiTokens.parse(lines, p.tokensFile().toString());
        }
        if (p.tokens() != null && !p.tokens().isBlank()) {
            all = all.and(ApiTokens.parse(Arrays.asList(p.tokens().split("[;\\n]")), "nicplan.security.tokens"),
                    "nicplan.security.tokens");
        }
        return all;
    }

    /** Whether the service listens on loopback only ({@code server.address}; unset means every interface). */
    static boolean isLoopback(String bindAddress) {
        if (bindAddress == null || bindAddress.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(bindAddress.strip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
