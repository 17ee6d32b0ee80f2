package io.nicplan.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more instance of the service in this JVM (a Spring context of its own on a free port) over the database
 * {@code url}, named {@code name} in the fleet, with one search runner: for tests of several instances sharing
 * a database.
 */
final class InProcessInstance {
    private InProcessInstance() {
    }

    static ConfigurableApplicationContext start(Path dataDirs, String name, String url, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + (url.startsWith("jdbc:h2") ? "sa" : ""),
                "--nicplan.data-dir=" + dataDirs.resolve(name), "--nicplan.fleet.instance-id=" + name,
                "--nicplan.limits.concurrent-searches=1", "--logging.level.root=WARN", "--spring.jmx.enabled=false",
                "--management.server.port=-1"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(NicplanServiceApplication.class).run(args.toArray(String[]::new));
    }

    /** A client of {@code instance}. */
    static Http http(ConfigurableApplicationContext instance) {
        return new Http(((WebServerApplicationContext) instance).getWebServer().getPort());
    }
}
