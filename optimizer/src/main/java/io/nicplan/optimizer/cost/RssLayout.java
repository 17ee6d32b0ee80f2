package io.nicplan.optimizer.cost;

import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.nic.NicModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Where RSS sends each flow: the queues the indirection table spreads over (the best-effort class's balanced
 * queues below the NIC's RSS reach, or the NIC's own default), the table (round-robin; under the {@code linux}
 * target one {@code ethtool -X} sets, {@link EthtoolRssTable}), and each flow's queue by the embedder's
 * Toeplitz hash ({@link Placement#SPREAD} when a wildcard field spreads its packets).
 */
final class RssLayout {
    private final NicModel nic;
    private final CostModel.RssPolicy policy;
    private final List<Integer> queues;
    private final int[] table;
    private final int[] queueOf;
    private final int[] bucketOf;

    /**
     * The layout under hash type {@code hash} and Toeplitz key {@code key} (the standard one, or the plan's,
     * {@link CostSpec#chooseRssKey}).
     *
     * @param bestEffortBalanced the queues the best-effort class's spread terms balance (the planned table's queues)
     */
    RssLayout(NicModel nic, List<Flow> flows, CostModel.RssPolicy policy, boolean[] bestEffortBalanced, RssHashType hash,
              Toeplitz key) {
        this.nic = nic;
        this.policy = policy;
        this.queues = List.copyOf(queueList(bestEffortBalanced));
        int entries = nic.rss().map(r -> r.tableEntries()).orElse(0);
        this.queueOf = new int[flows.size()];
        this.bucketOf = new int[flows.size()];
        for (int i = 0; i < flows.size(); i++) {
            bucketOf[i] = nic.rss().isPresent() ? bucket(flows.get(i).match(), hash, entries, key) : -1;
        }
        boolean ethtool = nic.rss().map(r -> r.ethtoolTable()).orElse(false);
        if (ethtool && policy == CostModel.RssPolicy.PLANNED) {
            // linux target: a table ethtool -X sets, chosen for the best-effort flows RSS hashes
            long[] load = new long[entries];
            for (int i = 0; i < flows.size(); i++) {
                if (bucketOf[i] >= 0 && !flows.get(i).isGold()) {
                    load[bucketOf[i]] += Math.max(1, flows.get(i).pps());
                }
            }
            this.table = EthtoolRssTable.choose(queues, load);
        } else {
            // the round-robin table (under the linux target's NIC default: queues 0..N-1, so ethtool's `equal N`)
            this.table = new int[entries];
            for (int i = 0; i < entries; i++) {
                table[i] = queues.get(i % queues.size());
            }
        }
        for (int i = 0; i < flows.size(); i++) {
            queueOf[i] = nic.rss().isEmpty() ? nic.defaultQueue() : bucketOf[i] < 0 ? Placement.SPREAD : table[bucketOf[i]];
        }
    }

    /**
     * How unevenly RSS alone spreads the fully specified flows' packets over the table's queues:
     * {@code sum over those queues of (|Q| * L_q - T)^2} with L_q the packets per second hashed to q and T their sum
     * over those queues (as a double: only compared).
     */
    double spreadOfConcreteFlows(List<Flow> flows) {
        double[] load = new double[nic.queues()];
        double total = 0;
        for (int i = 0; i < flows.size(); i++) {
            if (queueOf[i] >= 0 && queues.contains(queueOf[i])) {
                load[queueOf[i]] += flows.get(i).pps();
                total += flows.get(i).pps();
            }
        }
        double sum = 0;
        for (int q : queues) {
            double d = queues.size() * load[q] - total;
            sum += d * d;
        }
        return sum;
    }

    List<Integer> queues() {
        return queues;
    }

    int[] table() {
        return table;
    }

    /** Per flow: the queue RSS gives it, or {@link Placement#SPREAD}. */
    int[] queueOf() {
        return queueOf;
    }

    /** Per flow: the table entry its packets hash to, or -1 (spread, or no RSS). */
    int[] bucketOf() {
        return bucketOf;
    }

    private List<Integer> queueList(boolean[] b) {
        List<Integer> out = new ArrayList<>();
        if (nic.rss().isEmpty()) {
            return out;
        }
        int most = nic.rss().get().maxQueues();
        if (policy == CostModel.RssPolicy.NIC_DEFAULT) {
            for (int q = 0; q < Math.min(nic.queues(), most); q++) {
                out.add(q);
            }
            return out;
        }
        // The RSS table can only name queues below the NIC's RSS reach (82599: a RETA entry is 4 bits, so
        // queues 0..15), not merely hold that many distinct queues.
        for (int q = 0; q < Math.min(nic.queues(), most); q++) {
            if (b[q]) {
                out.add(q);
            }
        }
        if (out.isEmpty()) {
            out.add(nic.defaultQueue());
        }
        return out;
    }

    /**
     * The RSS indirection-table index of a flow's packets under hash field set {@code type} (ipv4, ipv4_tcp, ipv4_udp,
     * ipv4_l4, and the ipv6 and ip names) and the standard key, computed by the embedder's {@link Toeplitz} exactly as
     * {@code io.nicplan.embed.rss.RssSpec#bucket} does ({@code hash & (entries - 1)}); -1 when a wildcard field makes
     * the packets spread.
     */
    static int bucket(FlowMatch m, RssHashType type, int entries) {
        return bucket(m, type, entries, Toeplitz.standard());
    }

    /** {@link #bucket(FlowMatch, RssHashType, int)} under Toeplitz key {@code key}. */
    static int bucket(FlowMatch m, RssHashType type, int entries, Toeplitz key) {
        if (m.ipv6()) {
            return bucketIpv6(m, type, entries, key);
        }
        if (m.srcIp().isEmpty() || m.dstIp().isEmpty() || m.proto().isEmpty()) {
            return -1;
        }
        int src = (int) m.srcIp().getAsLong();
        int dst = (int) m.dstIp().getAsLong();
        long proto = m.proto().get().number();
        if (type.hashesPorts(proto) && (m.srcPort().isEmpty() || m.dstPort().isEmpty())) {
            return -1;
        }
        // The one "ports or not" decision, shared with the embedder and the emulator.
        int hash = type.hash(key, proto, src, dst, m.srcPort().orElse(0), m.dstPort().orElse(0));
        return hash & (entries - 1);
    }

    /**
     * An IPv6 flow's entry. A hash type that does not hash IPv6 ({@code ipv4_l4}, which a plan configures on a NIC
     * that declares no IPv6 hash, {@link CostModel#rssHashFor}) gives every IPv6 packet hash 0, so the flow takes entry 0 whatever its addresses ({@link RssHashType}, as the
     * embedder and the emulator do; virtio-net's unset {@code unclassified_queue} does the same). Otherwise as IPv4,
     * over the 128-bit addresses.
     */
    private static int bucketIpv6(FlowMatch m, RssHashType type, int entries, Toeplitz key) {
        if (!type.hashesIpv6()) {
            return 0;
        }
        if (m.srcIp6().isEmpty() || m.dstIp6().isEmpty() || m.proto().isEmpty()) {
            return -1;
        }
        long proto = m.proto().get().number();
        if (type.hashesPorts(proto) && (m.srcPort().isEmpty() || m.dstPort().isEmpty())) {
            return -1;
        }
        var src = m.srcIp6().get();
        var dst = m.dstIp6().get();
        int hash = type.hashIpv6(key, proto, src.high(), src.low(), dst.high(), dst.low(),
                m.srcPort().orElse(0), m.dstPort().orElse(0));
        return hash & (entries - 1);
    }
}
