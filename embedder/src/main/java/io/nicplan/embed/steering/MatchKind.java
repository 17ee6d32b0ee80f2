package io.nicplan.embed.steering;

/** How a table looks its entries up. */
public enum MatchKind {
    /** Every field of every entry given exactly (a flow director perfect filter): one hash lookup. */
    EXACT,
    /** Value and mask per field; priority decides between overlapping entries. */
    TERNARY
}
