package io.nicplan.flexnic.program;

/**
 * The lookup a table needs, derived from its key: any ternary field makes it ternary (entries
 * carry priorities, LPM fields become prefix masks); otherwise one LPM field makes it LPM; else exact.
 */
public enum TableKind {
    EXACT, TERNARY, LPM
}
