package io.nicplan.service;

import io.nicplan.service.access.InvalidAccessConfiguration;
import io.nicplan.service.persistence.DatabaseMessages;
import io.nicplan.service.persistence.LostDatabaseException;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.web.server.PortInUseException;

/**
 * Tells the start-up failures an operator can fix from bugs, in one line each: the database
 * (damaged, locked by another process, unreachable, or lost — see {@code GuardedMigration}), the
 * port, a property, the access configuration (a bad tokens file, a bind beyond loopback without
 * tokens). Spring wraps them several levels deep in bean-creation exceptions; the line
 * names the cause, not the bean.
 */
final class StartupFailures {

    private StartupFailures() {
    }

    /** One line for an operator, or empty when {@code failure} is not theirs to fix. */
    static Optional<String> describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LostDatabaseException || t instanceof InvalidAccessConfiguration) {
                return Optional.of(t.getMessage());
            }
            if (t instanceof SQLException sql) {
                return Optional.of("cannot open the database: " + DatabaseMessages.of(sql));
            }
            if (t instanceof PortInUseException port) {
                return Optional.of("port " + port.getPort() + " is already in use (choose another with --port)");
            }
            if (t instanceof BindException bind) {
                return Optional.of("invalid property " + bind.getName() + ": " + DatabaseMessages.firstLine(deepest(bind).getMessage()));
            }
        }
        return Optional.empty();
    }

    private static Throwable deepest(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
