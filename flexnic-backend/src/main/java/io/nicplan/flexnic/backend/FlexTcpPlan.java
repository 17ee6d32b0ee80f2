package io.nicplan.flexnic.backend;

import io.nicplan.embed.steering.FastPathSlots;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.embed.steering.RxQueues;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.flexnic.pipeline.FastPathEngine;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.flexnic.tcp.SlowPathSteering;
import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The FlexTCP part of a compiled configuration (the {@code flextcp} C-node's entries): which TCP
 * connections the slow path gives flow state when they are established, and the queue (the
 * application context the fast path notifies) each names; where segments the fast path does not
 * handle go (the C-node's {@code default} port: RSS, or one queue), and how many flow-state slots
 * the NIC has (the description's {@code flowstate_slots}).
 *
 * @param connections one per fast-path entry, in configuration order
 * @param slowPath where the fast path hands SYN, RST, unknown flows and the other exceptions
 * @param flowSlots the flow table's size
 */
public record FlexTcpPlan(List<Connection> connections, Fallback slowPath, int flowSlots) {

    /** The fields RSS hashes a handed-over segment by. */
    private static final HeaderField[] RSS_FIELDS = {HeaderField.ETH_TYPE, HeaderField.IP_PROTO, HeaderField.IP_SRC,
        HeaderField.IP_DST, HeaderField.L4_SPORT, HeaderField.L4_DPORT};

    public FlexTcpPlan {
        connections = List.copyOf(connections);
        if (flowSlots < 1) {
            throw new IllegalArgumentException("flowSlots must be >= 1, got " + flowSlots);
        }
    }

    /**
     * One connection the plan puts on the fast path, as its packets arrive: from the remote
     * ({@code src}) to the host ({@code dst}). Addresses in host order.
     *
     * @param queue the queue whose application the NIC notifies, -1 when the configuration disabled it
     */
    public record Connection(int srcIp, int dstIp, int srcPort, int dstPort, int queue) {
    }

    /** Where a segment the fast path does not handle goes: RSS over an indirection table, or one queue (-1: dropped). */
    public record Fallback(Optional<RssTable> rss, int queue) {
        public static Fallback queue(int queue) {
            return new Fallback(Optional.empty(), queue);
        }

        public static Fallback rss(RssTable rss) {
            return new Fallback(Optional.of(rss), -1);
        }
    }

    /** A NIC without FlexTCP: no connections; the slot count is irrelevant. */
    public static FlexTcpPlan none() {
        return new FlexTcpPlan(List.of(), Fallback.queue(0), 1);
    }

    /** The plan of a {@code flextcp} C-node's lowered slots; a slot for a disabled queue names queue -1. */
    static FlexTcpPlan of(FastPathSlots slots, RxQueues queues, Optional<RssTable> rss, int flowSlots) {
        List<Connection> out = new ArrayList<>();
        for (FastPathSlots.Slot s : slots.slots()) {
            FilterMatch m = s.match();
            out.add(new Connection((int) m.srcIp(), (int) m.dstIp(), m.srcPort(), m.dstPort(),
                    queues.isEnabled(s.queue()) ? s.queue() : -1));
        }
        Fallback fallback = slots.fallback() instanceof SteeringAction.ToQueue q
                ? Fallback.queue(queues.isEnabled(q.queue()) ? q.queue() : -1)
                : Fallback.rss(rss.orElseThrow());
        return new FlexTcpPlan(out, fallback, flowSlots);
    }

    /** The same plan on a NIC with another number of flow-state slots (tests of exhaustion). */
    public FlexTcpPlan withFlowSlots(int slots) {
        return new FlexTcpPlan(connections, slowPath, slots);
    }

    /**
     * The context for an incoming connection (local = the host's side), or -1 when the plan gives
     * it no flow state (or its queue is disabled).
     */
    public int contextOf(int localIp, int remoteIp, int localPort, int remotePort) {
        for (Connection c : connections) {
            if (c.dstIp() == localIp && c.srcIp() == remoteIp && c.dstPort() == localPort && c.srcPort() == remotePort) {
                return c.queue();
            }
        }
        return -1;
    }

    /** The connection of a flow's 4-tuple as its packets arrive, if the plan has one. */
    public Optional<Connection> connection(int srcIp, int dstIp, int srcPort, int dstPort) {
        return connections.stream().filter(c -> c.srcIp() == srcIp && c.dstIp() == dstIp && c.srcPort() == srcPort
                && c.dstPort() == dstPort).findFirst();
    }

    /**
     * The slow path's steering on the packet path: RSS over the segment's header fields, or the
     * fallback queue. One instance per engine (it reuses a field array; one thread).
     */
    public SlowPathSteering steering() {
        if (slowPath.rss().isEmpty()) {
            int queue = slowPath.queue();
            return metadata -> queue < 0 ? FastPathEngine.DROPPED : queue;
        }
        RssTable rss = slowPath.rss().get();
        long[] packet = new long[HeaderField.values().length];
        return (PacketMetadata metadata) -> {
            for (HeaderField f : RSS_FIELDS) {
                packet[f.ordinal()] = metadata.field(f);
            }
            int q = rss.queueOf(packet);
            return q < 0 ? FastPathEngine.DROPPED : q;
        };
    }
}
