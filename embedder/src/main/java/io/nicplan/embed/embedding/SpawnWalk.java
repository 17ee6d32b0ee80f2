package io.nicplan.embed.embedding;

import io.nicplan.embed.classify.CompiledClassifier;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.feature.NicFeatures;
import io.nicplan.embed.lpg.LpgBuilder;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Edge;
import io.nicplan.graph.EdgeKind;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a received packet makes the host send: the packet walks the whole LPG (the walk the
 * reference interpreter defines), and every node it reaches that has spawn edges starts a frame on
 * the transmit path at each spawn target (a boolean node only for the packets it accepts: an
 * endpoint's demux answers its own packets, not those it passes on) (TCP's receive work an ACK, a UDP endpoint its reply, a
 * missing socket a reset). A node the NIC did instead ({@link NodeFate#DONE_BY_NIC}: FlexTCP's
 * fast path doing {@code tcp_rx}, which sends the ACK itself) spawns nothing in software; a node
 * removed as decided or unreached for another reason still runs its protocol, so its spawns count.
 *
 * <p>A reply goes out in the family of the packet it answers: a spawn target the LPG marks
 * {@code ipv6} (the IPv6 transmit path's entries) starts a frame only for a packet whose walk took
 * the IPv6 receive path (reached a node marked {@code ipv6}), one marked {@code ipv4} only for the
 * other packets, and an unmarked one (an ARP reply) for any.
 */
final class SpawnWalk {
    private final CompiledClassifier walker;
    /** Per vertex, the spawn targets of its node. */
    private final List<List<String>> spawnsOf = new ArrayList<>();
    /** Per vertex, the port a packet must leave by for the node's spawns to happen (-1: any). */
    private final int[] spawnPort;
    /** Per vertex, whether its node is on the IPv6 receive path (a packet reaching it is IPv6). */
    private final boolean[] ipv6Path;
    /** Per vertex, per spawn target: the family that target answers in ({@link #ANY}, {@link #IPV4}, {@link #IPV6}). */
    private final List<int[]> spawnFamilies = new ArrayList<>();
    private static final int ANY = 0;
    private static final int IPV4 = 1;
    private static final int IPV6 = 2;
    private final int[] visited;
    private final int[] fired;

    SpawnWalk(DataflowGraph lpg) {
        walker = CompiledClassifier.compile(ConfiguredGraph.apply(lpg, Configuration.EMPTY, NicFeatures.standard().functions()));
        for (int v = 0; v < walker.vertexCount(); v++) {
            List<String> targets = new ArrayList<>(0);
            for (Edge e : lpg.outgoing(walker.nodeAt(v))) {
                if (e.kind() == EdgeKind.SPAWN) {
                    targets.add(e.target());
                }
            }
            spawnsOf.add(List.copyOf(targets));
            int[] families = new int[targets.size()];
            for (int i = 0; i < families.length; i++) {
                Attributes a = lpg.require(targets.get(i)).attributes();
                families[i] = a.has(LpgBuilder.IPV6) ? IPV6 : a.has(LpgBuilder.IPV4) ? IPV4 : ANY;
            }
            spawnFamilies.add(families);
        }
        ipv6Path = new boolean[walker.vertexCount()];
        for (int v = 0; v < walker.vertexCount(); v++) {
            ipv6Path[v] = lpg.require(walker.nodeAt(v)).attributes().has(LpgBuilder.IPV6);
        }
        spawnPort = new int[walker.vertexCount()];
        for (int v = 0; v < walker.vertexCount(); v++) {
            // A boolean node (an endpoint's demux) answers only for the packets it accepts.
            spawnPort[v] = lpg.require(walker.nodeAt(v)).kind() == NodeKind.BOOLEAN ? walker.portIndex(v, Port.TRUE) : -1;
        }
        visited = new int[walker.vertexCount()];
        fired = new int[walker.vertexCount()];
    }

    /** The transmit cycles of what {@code packet} spawns, on {@code transmit}, given the receive queue's removals. */
    long transmitCycles(long[] packet, TransmitEmbedding transmit, Map<String, QueueEmbedding.Removal> removed) {
        int count = walker.walk(packet, visited, fired);
        int family = IPV4;
        for (int k = 0; k < count; k++) {
            if (ipv6Path[visited[k]]) {
                family = IPV6;
                break;
            }
        }
        long total = 0;
        for (int k = 0; k < count; k++) {
            int v = visited[k];
            List<String> targets = spawnsOf.get(v);
            if (targets.isEmpty() || spawnPort[v] >= 0 && fired[v] != spawnPort[v]) {
                continue;
            }
            QueueEmbedding.Removal r = removed.get(walker.nodeAt(v));
            if (r != null && r.fate() == NodeFate.DONE_BY_NIC) {
                continue;
            }
            int[] families = spawnFamilies.get(v);
            for (int i = 0; i < families.length; i++) {
                if (families[i] == ANY || families[i] == family) {
                    total += transmit.cycles(targets.get(i));
                }
            }
        }
        return total;
    }
}
