package io.nicplan.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The nicplan HTTP service. Scans only {@code io.nicplan.service}; the command line (module {@code cli})
 * starts it through {@link SpringServiceLauncher}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NicplanServiceApplication {

    /** Runs the service alone (e.g. {@code java -cp ... io.nicplan.service.NicplanServiceApplication --server.port=8080}). */
    public static void main(String[] args) {
        SpringApplication.run(NicplanServiceApplication.class, args);
    }
}
