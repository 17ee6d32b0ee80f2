package io.nicplan.graph;

/** Whether an edge carries packets from a port or records that a node spawns work elsewhere. */
public enum EdgeKind {
    /** A packet leaving a node through a port reaches the target. */
    PORT,
    /** Processing a packet at the source creates new work at the target (e.g. a request spawns a reply). */
    SPAWN
}
