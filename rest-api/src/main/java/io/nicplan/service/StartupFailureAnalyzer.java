package io.nicplan.service;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Reports the failures {@link StartupFailures} recognises as Spring Boot's short "application failed
 * to start" notice (registered in {@code META-INF/spring.factories}) instead of a stack trace
 * hundreds of lines long with the cause at the bottom.
 */
final class StartupFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        return StartupFailures.describe(failure)
                .map(line -> new FailureAnalysis(line, "Fix the cause named above and start nicplan again.", failure))
                .orElse(null);
    }
}
