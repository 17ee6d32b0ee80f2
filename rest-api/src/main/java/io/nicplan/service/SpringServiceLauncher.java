package io.nicplan.service;

import io.nicplan.app.serve.ServiceLauncher;
import java.nio.file.Path;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service as the command line's {@code serve} finds it ({@code META-INF/services}): the command line
 * does not depend on Spring, only on {@link ServiceLauncher}.
 */
public final class SpringServiceLauncher implements ServiceLauncher {

    @Override
    public Running start(int port, Path dataDir, List<String> properties) {
        ConfigurableApplicationContext context;
        try {
            context = NicplanServer.run(port, dataDir, properties.toArray(String[]::new));
        } catch (RuntimeException failure) {
            throw StartupFailures.describe(failure)
                    .<RuntimeException>map(line -> new StartFailure(line, failure))
                    .orElse(failure);
        }
        return new Running() {
            @Override
            public int port() {
                return NicplanServer.port(context);
            }

            @Override
            public void awaitClose() throws InterruptedException {
                NicplanServer.awaitClose(context);
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }
}
