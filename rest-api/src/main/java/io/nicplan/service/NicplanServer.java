package io.nicplan.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/** Starts the nicplan HTTP service; {@link SpringServiceLauncher} offers it to the command line's {@code serve}. */
final class NicplanServer {

    private NicplanServer() {
    }

    /**
     * Starts the service and returns once it accepts requests.
     *
     * @param port TCP port to listen on (0 picks a free one; read it back from {@code local.server.port})
     * @param dataDir folder of the embedded database (created if missing)
     * @param extraArgs further Spring Boot arguments, e.g. {@code --nicplan.limits.max-body-bytes=2097152};
     *                  an explicit {@code --server.port=} or {@code --nicplan.data-dir=} here wins
     * @return the running application; {@code close()} stops it
     */
    public static ConfigurableApplicationContext run(int port, Path dataDir, String... extraArgs) {
        Objects.requireNonNull(dataDir, "dataDir");
        List<String> args = new ArrayList<>();
        List<String> extra = Arrays.asList(extraArgs);
        if (extra.stream().noneMatch(a -> a.startsWith("--server.port="))) {
            args.add("--server.port=" + port);
        }
        if (extra.stream().noneMatch(a -> a.startsWith("--nicplan.data-dir="))) {
            args.add("--nicplan.data-dir=" + dataDir.toAbsolutePath());
        }
        args.addAll(extra);
        return SpringApplication.run(NicplanServiceApplication.class, args.toArray(String[]::new));
    }

    /**
     * Blocks until the service stops (SIGTERM or Ctrl-C run Spring's shutdown hook, which closes the
     * context). For a command that must not return, and so not reach {@code System.exit}, while
     * the service runs.
     */
    public static void awaitClose(ConfigurableApplicationContext context) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> closed.countDown());
        // A close that began before the listener was added has already published its event, and the
        // context stays active until that close ends: wait on the flag too, not on the event alone.
        while (context.isActive() && !closed.await(50, TimeUnit.MILLISECONDS)) {
            Thread.onSpinWait();
        }
    }

    /** The port a context returned by {@link #run} listens on. */
    public static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
