package io.nicplan.graph;

import java.util.List;

/** A graph could not be built; carries every structural problem found. */
public final class InvalidGraphException extends IllegalArgumentException {
    private final transient List<ValidationIssue> issues;

    public InvalidGraphException(String graphName, List<ValidationIssue> issues) {
        super("graph " + graphName + " is invalid: " + issues.get(0).message()
                + (issues.size() > 1 ? " (and " + (issues.size() - 1) + " more)" : ""));
        this.issues = List.copyOf(issues);
    }

    public List<ValidationIssue> issues() {
        return issues;
    }
}
