package io.nicplan.service.persistence;

/**
 * SQL for the instants instances compare with each other (lease ends, when an instance was last seen), taken on the
 * database's clock: every instance reads the same one, where instances' own clocks may drift apart by more than a
 * lease without NTP. {@code CURRENT_TIMESTAMP} is the transaction's start in PostgreSQL and H2 alike; the milliseconds
 * are one BIGINT parameter (null gives null), in standard interval arithmetic both accept.
 */
final class DatabaseClock {
    /** The instant {@code parameter}'s milliseconds after now ({@code parameter}: {@code ?} or {@code :name}). */
    static String millisFromNow(String parameter) {
        return "(CURRENT_TIMESTAMP + CAST(" + parameter + " AS BIGINT) * INTERVAL '0.001' SECOND)";
    }

    /** The instant {@code parameter}'s milliseconds before now. */
    static String millisAgo(String parameter) {
        return "(CURRENT_TIMESTAMP - CAST(" + parameter + " AS BIGINT) * INTERVAL '0.001' SECOND)";
    }

    private DatabaseClock() {
    }
}
