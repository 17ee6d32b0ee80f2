package io.nicplan.app.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Starts the HTTP service. The service module provides the one implementation (registered in
 * {@code META-INF/services}), so the command line starts it through {@link #find()} without
 * depending on its web framework.
 */
public interface ServiceLauncher {

    /** A running service. */
    interface Running extends AutoCloseable {
        /** The TCP port it listens on. */
        int port();

        /** Blocks until the service stops (its shutdown hook ran on SIGTERM or Ctrl-C, or {@link #close()}). */
        void awaitClose() throws InterruptedException;

        /** Stops the service. */
        @Override
        void close();
    }

    /**
     * The service could not start for a reason its operator can fix (a damaged or locked database,
     * a port in use, a bad property); the message is one line naming what and where.
     */
    final class StartFailure extends RuntimeException {
        public StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Starts the service and returns once it accepts requests.
     *
     * @param port TCP port to listen on (0 picks a free one; {@link Running#port()} tells which)
     * @param dataDir folder of the embedded database (created if missing)
     * @param properties further settings as {@code --NAME=VALUE}, e.g. {@code --nicplan.limits.max-body-size=2MB}
     * @throws StartFailure when the cause is the operator's to fix; any other exception is a bug
     */
    Running start(int port, Path dataDir, List<String> properties);

    /** The launcher on the class path, if the service module is there. */
    static Optional<ServiceLauncher> find() {
        return ServiceLoader.load(ServiceLauncher.class).findFirst();
    }
}
