package io.nicplan.app.nic;

/** The forms a description's graph is exported in. */
public enum GraphFormat {
    /** Graphviz. */
    DOT,
    /** JSON (docs/formats.md). */
    JSON,
    /** Canonical Unicorn text: loops unrolled, parameters resolved; it parses back to the same graph. */
    UNICORN
}
