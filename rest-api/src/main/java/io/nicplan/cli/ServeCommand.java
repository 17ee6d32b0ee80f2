package io.nicplan.cli;

import io.nicplan.service.NicplanServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan serve}: the HTTP service over the same library code as the command line. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the nicplan HTTP service (/api/nics, /api/plans, /api/emulators; OpenAPI at /v3/api-docs).",
                "State is kept in an embedded H2 database under the data directory; see docs/service.md."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "TCP port on localhost (0 picks a free one; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "data", description = "Where the database lives (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Parameters(arity = "0..*", paramLabel = "--PROPERTY=VALUE",
            description = "Spring Boot properties, e.g. --nicplan.limits.max-body-bytes=2097152 or --spring.datasource.url=...")
    List<String> properties = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        var context = NicplanServer.run(port, dataDir, properties.toArray(String[]::new));
        spec.commandLine().getErr().println("nicplan: serving on http://localhost:" + NicplanServer.port(context)
                + "/ (data in " + dataDir.toAbsolutePath() + "); Ctrl-C stops");
        spec.commandLine().getErr().flush();
        NicplanServer.awaitClose(context);
        return 0;
    }
}
