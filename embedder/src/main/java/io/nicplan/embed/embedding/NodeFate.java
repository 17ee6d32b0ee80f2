package io.nicplan.embed.embedding;

import java.util.Locale;

/** What happened to an LPG receive node behind one queue. */
enum NodeFate {
    /** Still runs in software, at its full cost. */
    KEPT,
    /** Still in the pipeline to branch on the NIC's verdict, but the NIC did its work: no cycles. */
    OFFLOADED,
    /** No packet that reaches this queue gets here. */
    UNREACHED,
    /** Packets get here but can reach no sink from it on this queue. */
    DEAD_END,
    /** The packets of this queue all leave by the same port, so the decision is redundant. */
    DECIDED,
    /** A hardware node with the same implementation lies on every path these packets take to the queue. */
    DONE_BY_NIC;

    /** The lower-case name used in JSON and text. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
