package io.nicplan.cli;

import io.nicplan.app.serve.ServiceLauncher;
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
    @Option(names = "--port", defaultValue = "8080", description = "TCP port (0 picks a free one; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = {"Address to listen on (default: ${DEFAULT-VALUE}, this machine only); 0.0.0.0 listens on every",
                    "interface and needs API tokens (--nicplan.security.tokens-file=FILE; docs/service.md)."})
    String bind;

    @Option(names = "--data-dir", defaultValue = "data", description = "Where the database lives (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db", paramLabel = "JDBC-URL",
            description = {"A shared database instead of the embedded H2 file, e.g. jdbc:postgresql://db:5432/nicplan",
                    "(user and password in the URL, or --spring.datasource.username/password); several instances",
                    "over one PostgreSQL share plan jobs and take over those of an instance that dies (docs/service.md)."})
    String db;

    @Parameters(arity = "0..*", paramLabel = "--PROPERTY=VALUE",
            description = "Spring Boot properties, e.g. --nicplan.limits.max-body-bytes=2097152 or --spring.datasource.url=...")
    List<String> properties = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ServiceLauncher launcher = ServiceLauncher.find().orElseThrow(() -> new UserInputException(
                "this build of nicplan has no HTTP service (the rest-api module is not on the class path)"));
        ServiceLauncher.Running service;
        try {
            List<String> settings = new ArrayList<>();
            if (properties.stream().noneMatch(p -> p.startsWith("--server.address="))) {
                settings.add("--server.address=" + bind);
            }
            if (db != null) {
                if (!db.startsWith("jdbc:")) {
                    throw new UserInputException("--db: a JDBC URL is expected (jdbc:postgresql://HOST:PORT/DATABASE), not " + db);
                }
                settings.add("--spring.datasource.url=" + db);
                if (properties.stream().noneMatch(p -> p.startsWith("--spring.datasource.username="))) {
                    // The embedded database's user (sa) means nothing to another server: the URL's user applies.
                    settings.add("--spring.datasource.username=");
                }
            }
            settings.addAll(properties);
            service = launcher.start(port, dataDir, settings);
        } catch (ServiceLauncher.StartFailure failure) {
            throw new UserInputException(failure.getMessage());
        }
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        spec.commandLine().getErr().println("nicplan: serving on http://" + host + ":" + service.port()
                + "/ (data in " + dataDir.toAbsolutePath() + "); Ctrl-C stops");
        spec.commandLine().getErr().flush();
        service.awaitClose();
        return 0;
    }
}
