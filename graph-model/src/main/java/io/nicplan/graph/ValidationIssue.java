package io.nicplan.graph;

import java.util.Objects;

/**
 * One finding about a graph: an error that makes it unusable or a warning worth reading.
 *
 * @param severity error or warning
 * @param code stable machine-readable kind, e.g. {@code dangling-reference}
 * @param subject the node (or resource) the finding is about
 * @param message what is wrong, in words
 */
public record ValidationIssue(Severity severity, String code, String subject, String message) {
    public enum Severity { ERROR, WARNING }

    public ValidationIssue {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    public static ValidationIssue error(String code, String subject, String message) {
        return new ValidationIssue(Severity.ERROR, code, subject, message);
    }

    public static ValidationIssue warning(String code, String subject, String message) {
        return new ValidationIssue(Severity.WARNING, code, subject, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
