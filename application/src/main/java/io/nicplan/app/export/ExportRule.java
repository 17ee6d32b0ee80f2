package io.nicplan.app.export;

import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringTable;

/**
 * One steering entry on its way to a command: the table (C-node) and function it comes from, its index
 * there, and its precedence level (0 first: tables in packet order, then the entry priorities within a
 * table; entries of one level never need ordering among themselves).
 */
record ExportRule(SteeringTable table, String function, int index, SteeringEntry entry, int level) {

    /** {@code C-node FiveTuple entry 3 (udp 10.0.0.50:* -> *:11211 to queue 7)}, for messages. */
    String describe() {
        return "C-node " + table.name() + " entry " + index + " (" + entry.match() + flags() + " " + action(entry.action()) + ")";
    }

    private String flags() {
        return entry.tcpFlags().mask() == 0 ? "" : " tcp flags 0x" + Integer.toHexString(entry.tcpFlags().value())
                + "/0x" + Integer.toHexString(entry.tcpFlags().mask());
    }

    static String action(SteeringAction a) {
        if (a instanceof SteeringAction.ToQueue q) {
            return "to queue " + q.queue();
        } else if (a instanceof SteeringAction.Drop) {
            return "drop";
        } else if (a instanceof SteeringAction.ToRss) {
            return "to RSS";
        } else if (a instanceof SteeringAction.FastPath f) {
            return "to the TCP fast path" + (f.hasQueue() ? " and queue " + f.queue() : "");
        } else if (a instanceof SteeringAction.Mark m) {
            return "mark " + m.value();        } else if (a instanceof SteeringAction.Hash h) {
            return "hash the memcached key into " + h.buckets() + " buckets";
        }
        return "continue";
    }
}
