package io.nicplan.flexnic.program;

/** How one key field of a table matches (P4 match kinds). */
public enum MatchKind {
    /** The field equals the entry's value. */
    EXACT,
    /** {@code field & mask == value}; entries carry a priority. */
    TERNARY,
    /** The top {@code prefixLength} bits of the field equal the entry's value; longest prefix wins. */
    LPM
}
