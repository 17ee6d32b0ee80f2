package io.nicplan.service.access;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What an API token may do: {@code read} may only look (GET, HEAD, OPTIONS); {@code write} may also change. */
public enum Role {
    READ,
    WRITE;

    /** The methods that only read: everything else changes state (or may). */
    private static final Set<String> READING_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** Whether {@code method} only reads, so a read token may send it. */
    public static boolean reads(String method) {
        return READING_METHODS.contains(method);
    }

    /** Whether this role may send a request with {@code method}. */
    public boolean permits(String method) {
        return this == WRITE || reads(method);
    }

    /** The role a tokens file names ({@code read}, {@code write}). */
    static Optional<Role> byName(String name) {
        for (Role r : values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
