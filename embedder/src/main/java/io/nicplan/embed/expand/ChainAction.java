package io.nicplan.embed.expand;

/** What a steering entry does with the packets it matches. */
public sealed interface ChainAction
        permits ChainAction.ToQueue, ChainAction.ToPort, ChainAction.Drop, ChainAction.Mark, ChainAction.FastPath {

    /** Deliver to a receive queue. */
    record ToQueue(int queue) implements ChainAction {
        @Override public String toString() { return "queue " + queue; }
    }

    /** Continue at the targets of one of the C-node's ports (e.g. {@code rss}). */
    record ToPort(String port) implements ChainAction {
        @Override public String toString() { return port; }
    }

    /** Discard. */
    record Drop() implements ChainAction {
        @Override public String toString() { return "drop"; }
    }

    /** Set {@code meta.mark} and continue at the C-node's {@code default} targets. */
    record Mark(long value) implements ChainAction {
        @Override public String toString() { return "mark 0x" + Long.toHexString(value); }
    }

    /** Hand to the FlexTCP fast path (receive processing in the NIC), then deliver to a queue. */
    record FastPath(int queue) implements ChainAction {
        @Override public String toString() { return "fastpath queue " + queue; }
    }
}
