package io.nicplan.service.nic;

/** One problem found in a description, at a 1-based line and column. */
record Diagnostic(String severity, int line, int column, String message) {
}
